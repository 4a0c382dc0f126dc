"""The findings workbook and the circular workbook write through the one formula guard
(`lib.xlsx_export`): formula-like text typed into a finding or a circular stays text."""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.inspections import services
from zhenxing.inspections.models import Finding
from zhenxing.inspections.tests.conftest import START
from zhenxing.testing import FORMULA_LIKE, assert_neutralised, xlsx_texts

pytestmark = pytest.mark.django_db


def issue_formula_findings(campaign, personas, units) -> None:
    with acting_as(user=personas.inspector):
        for text in FORMULA_LIKE:
            services.finding_issue(
                inspection=campaign.inspection,
                user=personas.inspector,
                unit=units["mof"],
                title=text,
                description="",
                severity=Finding.Severity.GENERAL,
                measures=text,
                due_date=START,
            )


def test_the_findings_export_neutralises_formulas(client, campaign, personas, units):
    issue_formula_findings(campaign, personas, units)
    client.force_login(personas.inspector)
    response = client.get(f"/inspections/{campaign.inspection.pk}/findings.xlsx")
    assert response.status_code == 200
    assert_neutralised(xlsx_texts(response.content))


def test_the_circular_export_neutralises_formulas(client, campaign, personas, units):
    issue_formula_findings(campaign, personas, units)
    client.force_login(personas.inspector)
    inspection = campaign.inspection
    client.post(
        f"/inspections/{inspection.pk}/circular/save/",
        {"title": "=1+1", "introduction": "各单位认真配合督查。", "version": 0},
    )
    response = client.get(f"/inspections/{inspection.pk}/circular.xlsx")
    assert response.status_code == 200
    assert_neutralised(xlsx_texts(response.content))

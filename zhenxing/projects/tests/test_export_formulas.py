"""Every project export writes through the one formula guard (`lib.xlsx_export`): text a user
typed that a spreadsheet would run (=1+1, @SUM(A1), -2+3, a tab then =cmd) comes out as text."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhenxing.audit.context import acting_as
from zhenxing.projects.exports import dashboard_xlsx, funnel_xlsx
from zhenxing.projects.importing.jobs import import_file
from zhenxing.projects.models import Project
from zhenxing.projects.services import project_update_record
from zhenxing.projects.tests.conftest import row, xlsx_bytes
from zhenxing.testing import FORMULA_LIKE, assert_neutralised, client_for, xlsx_texts

pytestmark = pytest.mark.django_db


def test_the_project_list_export_neutralises_formulas(personas, sample_projects):
    projects = list(sample_projects.values())
    for project, text in zip(projects, FORMULA_LIKE[:3], strict=True):
        Project.objects.filter(pk=project.pk).update(name=text)
    Project.objects.filter(pk=projects[0].pk).update(owner=FORMULA_LIKE[3])
    response = client_for(personas.secretariat).get(
        reverse("projects:project_list"), {"format": "xlsx"}
    )
    assert response.status_code == 200
    assert_neutralised(xlsx_texts(response.content))


def test_the_progress_export_neutralises_formulas(personas, sample_projects):
    project = sample_projects["shenyang"]
    with acting_as(user=personas.secretariat):
        for month, text in enumerate(FORMULA_LIKE, start=1):
            project_update_record(
                project=Project.objects.get(pk=project.pk),
                user=personas.secretariat,
                period_label=f"2026-0{month}",
                stage=Project.Stage.CONTINUING,
                annual_planned_investment=Decimal("300000000"),
                investment_completed_this_year=Decimal(month * 10_000_000),
                investment_completed_total=Decimal("500000000"),
                note=text,
            )
    response = client_for(personas.secretariat).get(
        reverse("projects:project_detail", args=[project.pk]), {"format": "xlsx"}
    )
    assert response.status_code == 200
    assert_neutralised(xlsx_texts(response.content))


def test_the_dashboard_export_neutralises_formulas():
    items = [
        {"name": text, "label": text, "project_count": 1, "total_investment": Decimal(10**8)}
        for text in FORMULA_LIKE
    ]
    keys = ("by_province", "by_prefecture", "by_industry", "by_stage", "by_funding")
    assert_neutralised(xlsx_texts(dashboard_xlsx(dict.fromkeys(keys, items), title="统计")))


def test_the_funnel_export_neutralises_formulas():
    rates = dict.fromkeys(("conversion", "performance", "landing", "start", "funding"), 50.0)
    by_region = [
        {"name": text, "signed_count": 1, "signed_amount": Decimal(10**8), "rates": rates}
        for text in FORMULA_LIKE
    ]
    assert_neutralised(xlsx_texts(funnel_xlsx(by_region, [])))


def test_the_import_error_report_neutralises_formulas(write_file, regions):
    rows = [row(n, "2024-210102-36-03-00000", name=text) for n, text in enumerate(FORMULA_LIKE)]
    job = import_file(write_file(xlsx_bytes(rows)), mode="all-or-nothing", period="2026-10")
    assert job.rejected_count == len(FORMULA_LIKE)
    assert_neutralised(xlsx_texts(job.error_file.read()))

"""Fixtures for the inspection tests: the clock and units of the coordination tests, and a
campaign with one finding issued to Liaoning (province_liaison, province_leader) whose
rectification Liaoning is responsible for. MOF, NDRC and Jilin have no findings."""

import datetime
from dataclasses import dataclass

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.coordination.tests.conftest import (  # noqa: F401 (fixtures)
    START,
    clock,
    miit_liaison,
    project,
    quiet_mail,
    units,
)
from zhenxing.inspections import services
from zhenxing.inspections.models import Finding, Inspection
from zhenxing.testing import mechanism, personas, shipped_data_fixture  # noqa: F401

# The shipped mechanism and the personas, loaded once for the package (zhenxing/testing.py).
shipped_data = shipped_data_fixture("package", autouse=False)


@dataclass
class Campaign:
    inspection: Inspection
    finding: Finding

    @property
    def rectification(self):
        return self.finding.rectifications.get()


@pytest.fixture
def campaign(clock, personas, units, mechanism) -> Campaign:  # noqa: F811
    with acting_as(user=personas.inspector):
        inspection = services.inspection_create(
            user=personas.inspector,
            mechanism=mechanism,
            title="2026年东北振兴重点任务落实情况督查",
            basis="对照年度工作要点，督查重点任务和重大项目推进情况。",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 9, 30),
            team_leader=personas.inspector,
            scope_units=[units["liaoning"], units["mof"]],
        )
        finding = services.finding_issue(
            inspection=inspection,
            user=personas.inspector,
            unit=units["liaoning"],
            title="营商环境改革任务进度滞后",
            description="企业开办全程网办覆盖率未达到年度目标。",
            severity=Finding.Severity.SERIOUS,
            measures="11月底前实现企业开办全程网办全覆盖。",
            due_date=START + datetime.timedelta(days=30),
        )
    return Campaign(inspection=inspection, finding=finding)


def issue_findings(campaign: Campaign, personas, units, titles) -> None:
    """One general finding in `campaign` for each title, alternately MOF's and Liaoning's."""
    with acting_as(user=personas.inspector):
        for number, title in enumerate(titles):
            services.finding_issue(
                inspection=campaign.inspection,
                user=personas.inspector,
                unit=units["mof"] if number % 2 == 0 else units["liaoning"],
                title=title,
                description="……",
                severity=Finding.Severity.GENERAL,
                measures="限期整改。",
                due_date=datetime.date(2026, 12, 31),
            )

"""The projects part of the progress report honours the period's end and the mechanism, as the
other parts do: a project that started after the period is left out, and so is a project in the
regions of another mechanism's members."""

import datetime
from decimal import Decimal

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.mechanisms.models import Mechanism, Membership
from zhenxing.orgs.models import Region, Unit, User
from zhenxing.projects.models import Project
from zhenxing.projects.services import project_create
from zhenxing.reports.builders import progress_report_content

THIRD_QUARTER = {"period_label": "2026Q3", "today": datetime.date(2026, 10, 15)}
FOURTH_QUARTER = {"period_label": "2026Q4", "today": datetime.date(2026, 12, 20)}
SHENYANG_EARLY = "2025-210100-36-03-000001"
SHENYANG_LATE = "2025-210100-36-03-000002"
NANJING = "2025-320000-36-03-000003"


@pytest.fixture
def jiangsu_mechanism(mechanism) -> Mechanism:
    """A second mechanism whose one local member is the Jiangsu government."""
    government = Unit.objects.create(
        code="pairing-jiangsu",
        full_name="江苏省人民政府",
        kind=Unit.Kind.PROVINCIAL_GOVERNMENT,
        region=Region.objects.get(code="320000"),
    )
    other = Mechanism.objects.create(
        code="pairing",
        name="对口合作工作机制",
        short_name="对口合作",
        leading_group=mechanism.leading_group,
        established_on=datetime.date(2025, 1, 1),
        lead_unit=mechanism.lead_unit,
        convener_unit=mechanism.convener_unit,
        secretariat_unit=mechanism.secretariat_unit,
    )
    Membership.objects.create(
        mechanism=other,
        unit=government,
        role=Membership.Role.MEMBER_UNIT,
        side=Membership.Side.LOCAL,
    )
    return other


@pytest.fixture
def projects(demo, mechanism, jiangsu_mechanism):
    """Two projects in Shenyang (the northeast mechanism's Liaoning), one started in May, one
    planned for August and started in November; one in Jiangsu (the Jiangsu mechanism's)."""
    specs = [
        (SHENYANG_EARLY, "210100", datetime.date(2026, 4, 20), datetime.date(2026, 5, 1)),
        (SHENYANG_LATE, "210100", datetime.date(2026, 8, 1), datetime.date(2026, 11, 2)),
        (NANJING, "320000", datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)),
    ]
    with acting_as(user=User.objects.get(username="secretariat")):
        for code, region, planned, started in specs:
            project_create(
                national_code=code,
                name=f"项目{code[-1]}",
                region=Region.objects.get(code=region),
                industry="C",
                stage=Project.Stage.CONTINUING,
                total_investment=Decimal("100000000"),
                planned_start=planned,
                actual_start=started,
            )


def _projects_part(content):
    section = next(s for s in content.sections if s.key == "projects")
    annex = next(a for a in content.annexes if "重大项目清单" in a.title)
    return section, [row[0] for row in annex.rows]


def test_a_project_started_after_the_period_is_not_counted(projects, mechanism):
    section, listed = _projects_part(progress_report_content(mechanism=mechanism, **THIRD_QUARTER))
    assert section.paragraphs[0].startswith("项目库共纳入重大项目1个，总投资1.00亿元")
    assert [row[:2] for row in section.tables[0].rows] == [["辽宁省", 1]]
    assert listed == [SHENYANG_EARLY]
    # Planned for August and started in November: planned in the third quarter, not started.
    assert "本期计划新开工项目1个，已开工0个" in section.paragraphs[1]

    section, listed = _projects_part(progress_report_content(mechanism=mechanism, **FOURTH_QUARTER))
    assert section.paragraphs[0].startswith("项目库共纳入重大项目2个")
    assert listed == [SHENYANG_EARLY, SHENYANG_LATE]


def test_another_mechanisms_project_is_not_counted(projects, mechanism, jiangsu_mechanism):
    section, listed = _projects_part(
        progress_report_content(mechanism=jiangsu_mechanism, **FOURTH_QUARTER)
    )
    assert section.paragraphs[0].startswith("项目库共纳入重大项目1个")
    assert [row[:2] for row in section.tables[0].rows] == [["江苏省", 1]]
    assert listed == [NANJING]
    section, listed = _projects_part(progress_report_content(mechanism=mechanism, **FOURTH_QUARTER))
    assert "江苏省" not in [row[0] for row in section.tables[0].rows]
    assert NANJING not in listed


def test_a_mechanism_without_projects_in_its_regions_has_no_project_part(
    demo, mechanism, jiangsu_mechanism
):
    with acting_as(user=User.objects.get(username="secretariat")):
        project_create(
            national_code=SHENYANG_EARLY,
            name="项目1",
            region=Region.objects.get(code="210100"),
            industry="C",
            stage=Project.Stage.CONTINUING,
            total_investment=Decimal("100000000"),
        )
    content = progress_report_content(mechanism=jiangsu_mechanism, **FOURTH_QUARTER)
    assert "projects" not in [section.key for section in content.sections]
    assert not any("重大项目清单" in annex.title for annex in content.annexes)

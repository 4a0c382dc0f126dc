"""Report content agrees with the database, and the Word file carries the same numbers."""

import io

import docx
from django.db.models import F

from zhenxing.lib.colours import Colour
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.reports.builders import progress_report_content, round_circular_content
from zhenxing.reports.renderers.docx import render_docx
from zhenxing.rounds.models import ReportingRound, Submission


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_figures_equal_the_database(demo, last_quarter):
    content = progress_report_content(period_label=last_quarter)
    figures = content.figures
    published = Task.objects.filter(plan__status=DivisionPlan.Status.PUBLISHED)
    assert figures["tasks_total"] == published.count() == 22
    assert sum(figures["colours"].values()) == figures["tasks_total"]
    assert figures["tasks_completed"] == published.filter(close_out__isnull=False).count()
    rounds = ReportingRound.objects.filter(period_label=last_quarter)
    submissions = Submission.objects.filter(round__in=rounds)
    assert figures["submissions_due"] == submissions.count() > 0
    assert (
        figures["submissions_on_time"]
        == submissions.filter(first_submitted_at__date__lte=F("round__due_date")).count()
    )
    assert (
        figures["submissions_accepted"]
        == submissions.filter(status=Submission.Status.ACCEPTED).count()
    )
    assert figures["submissions_returned"] == submissions.filter(return_count__gt=0).count()


def test_word_file_states_the_figures_and_every_task(demo, last_quarter):
    content = progress_report_content(period_label=last_quarter)
    text = docx_text(render_docx(content))
    figures = content.figures
    assert f"共跟踪重点任务{figures['tasks_total']}项" in text
    assert f"应报送进展报告{figures['submissions_due']}份" in text
    assert f"按时报送{figures['submissions_on_time']}份" in text
    assert f"红灯{figures['colours'][Colour.RED]}项" in text
    for task in Task.objects.filter(plan=demo["plan"]):
        assert task.title in text
    assert "附件1 重点任务台账" in text
    assert content.title in text


def test_lagging_tasks_are_listed_with_their_units(demo):
    content = progress_report_content(period_label=demo["quarter"])
    problems = next(section for section in content.sections if section.key == "problems")
    red_and_yellow = (
        content.figures["colours"][Colour.RED] + content.figures["colours"][Colour.YELLOW]
    )
    assert red_and_yellow > 0
    assert len(problems.tables[0].rows) == red_and_yellow
    for row in problems.tables[0].rows:
        task = Task.objects.get(plan=demo["plan"], code=row[0])
        assert row[2] == task.lead_unit.display_name


def test_narratives_are_used_and_sections_numbered(demo):
    content = progress_report_content(
        period_label=demo["quarter"], narratives={"overview": "手写的开头。"}
    )
    overview = content.sections[0]
    assert overview.narrative == "手写的开头。"
    assert [s.heading.split("、")[0] for s in content.sections] == ["一", "二", "三", "四"][
        : len(content.sections)
    ] + [s.heading.split("、")[0] for s in content.sections[4:]]


def test_round_circular_names_late_and_returned_units(demo):
    round_ = ReportingRound.objects.get(period_label=demo["quarter"])
    content = round_circular_content(round_=round_)
    returned_units = {
        s.unit.display_name
        for s in round_.submissions.filter(return_count__gt=0).select_related("unit")
    }
    assert set(content.figures["returned_units"]) == returned_units
    assert content.title.startswith("关于") and content.title.endswith("报送情况的通报")


def _projects():
    """Three projects in two provinces (Shenyang and Changchun), with figures chosen to add up."""
    from decimal import Decimal

    from zhenxing.orgs.models import Region
    from zhenxing.projects.models import Project
    from zhenxing.projects.services import ensure_regions, project_create

    ensure_regions()
    rows = [
        (
            "2026-210102-36-03-000001",
            "沈阳装备制造产业园",
            "210102",
            Project.Stage.NEW_START,
            "1200000000",
            "400000000",
            "150000000",
        ),
        (
            "2026-210102-44-01-000002",
            "沈阳储能电站",
            "210102",
            Project.Stage.CONTINUING,
            "800000000",
            "200000000",
            "120000000",
        ),
        (
            "2026-220102-48-01-000003",
            "长春轨道交通车辆基地",
            "220102",
            Project.Stage.SUSPENDED,
            "3000000000",
            "500000000",
            "0",
        ),
    ]
    for code, name, district, stage, total, planned, completed in rows:
        project_create(
            national_code=code,
            name=name,
            region=Region.objects.get(code=district),
            industry="C",
            stage=stage,
            total_investment=Decimal(total),
            annual_planned_investment=Decimal(planned),
            investment_completed_this_year=Decimal(completed),
        )


def test_projects_section_and_annex_state_the_library(demo, last_quarter):
    without = progress_report_content(period_label=last_quarter)
    assert "projects" not in [section.key for section in without.sections]
    assert [annex.title for annex in without.annexes] == ["附件1 重点任务台账"]

    _projects()
    content = progress_report_content(period_label=last_quarter)
    keys = [section.key for section in content.sections]
    assert keys.index("problems") < keys.index("projects") < keys.index("next_steps")
    section = content.sections[keys.index("projects")]
    assert section.paragraphs[0] == (
        "项目库共纳入重大项目3个，总投资50.00亿元。年度计划投资11.00亿元，"
        "今年以来完成投资2.70亿元，年度投资完成率24.5%。"
    )
    # 新开工率 counts projects planned to start in the period (issue #14); these have no
    # planned start date (test_new_start_rate.py has data where the rate is not 100 %).
    assert section.paragraphs[1].startswith("本期计划新开工项目0个，已开工0个，新开工率—")
    assert "停缓建项目1个，已复工0个" in section.paragraphs[1]
    assert section.tables[0].rows == [
        ["辽宁省", 2, "20.00", "6.00", "2.70", "45.0%", 1],
        ["吉林省", 1, "30.00", "5.00", "0.00", "0.0%", 0],
    ]
    assert section.charts[0].series == {"年度计划投资": [6.0, 5.0], "完成投资": [2.7, 0.0]}
    annex = content.annexes[1]
    assert annex.title == "附件2 重大项目清单"
    assert [row[0] for row in annex.rows] == [  # by total investment, largest first
        "2026-220102-48-01-000003",
        "2026-210102-36-03-000001",
        "2026-210102-44-01-000002",
    ]
    text = docx_text(render_docx(content))
    assert "附件2 重大项目清单" in text and "长春轨道交通车辆基地" in text
    assert "总投资50.00亿元" in text

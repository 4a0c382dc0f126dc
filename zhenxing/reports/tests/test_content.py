"""Report content agrees with the database, and the Word file carries the same numbers."""

import io

import docx
from django.db.models import F

from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.reports.builders import progress_report_content, round_circular_content
from zhenxing.reports.renderers.docx import render_docx
from zhenxing.rounds.models import ReportingRound, Submission
from zhenxing.rounds.selectors import Colour


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

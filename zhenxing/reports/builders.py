"""Report content from the data: the periodic progress report and a reporting round's circular.

Reports go to the leading group in Chinese whatever the language of the page that asks for them:
the builders run with Chinese active (`lib.i18n.in_chinese`), so that the light reasons and
choice labels they take from the other apps come out in Chinese too.
"""

import datetime

from django.utils import timezone

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.periods import parse_period, period_title
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import top_mechanism
from zhenxing.policies.models import DivisionPlan
from zhenxing.reports.content import ReportContent, Section, Table, ordinal, percent
from zhenxing.reports.sections import (
    coordination,
    enterprises,
    funds,
    indicators,
    inspections,
    pilots,
    projects,
    reviews,
    specialplans,
    tasks,
    transformations,
)
from zhenxing.reports.sections.tasks import (  # noqa: F401 (Report.Unaccepted's values)
    UNACCEPTED_LABELS,
    UNACCEPTED_LATEST_SUBMITTED,
    UNACCEPTED_NOTE,
    UNACCEPTED_OMIT,
)
from zhenxing.rounds.models import ReportingRound
from zhenxing.rounds.selectors import league_table

# The other areas' parts, in the order the report reads: after the tasks' overview, progress
# and problems, before the next steps (reports/sections/).
SECTIONS = (
    indicators.section,
    projects.section,
    funds.section,
    pilots.section,
    specialplans.section,
    transformations.section,
    coordination.section,
    inspections.section,
    enterprises.section,
    reviews.section,
)
# Annexes after the task ledger.
ANNEXES = (projects.annexes,)


@in_chinese
def progress_report_content(
    *,
    period_label: str,
    mechanism: Mechanism | None = None,
    plan: DivisionPlan | None = None,
    narratives: dict | None = None,
    today: datetime.date | None = None,
    unaccepted: str = UNACCEPTED_NOTE,
) -> ReportContent:
    """The periodic progress report to the leading group for `period_label` (2026Q3, 2026H1, 2026).

    `unaccepted` says what to write of a task with no accepted report in the period
    (`Report.Unaccepted`): a note (the default), the lead unit's latest report waiting for
    review marked as such, or nothing, counting the tasks left out."""
    narratives = narratives or {}
    kind, start, end = parse_period(period_label)
    today = today or timezone.localdate()
    as_of = min(today, end)
    mechanism = mechanism or (plan.mechanism if plan else None) or top_mechanism()
    progress = tasks.task_progress(
        period_label=period_label,
        mechanism=mechanism,
        plan=plan,
        today=today,
        unaccepted=unaccepted,
    )
    figures = progress.figures
    title_period = period_title(kind, period_label)
    mechanism_name = mechanism.short_name if mechanism else "工作机制"
    sections = [
        tasks.overview(progress, title_period=title_period, narratives=narratives),
        tasks.progress_by_part(progress, unaccepted=unaccepted, narratives=narratives),
        tasks.problems(progress, narratives=narratives),
    ]
    annexes = [tasks.ledger(progress)]
    scope = {"period_start": start, "period_end": end, "mechanism": mechanism}
    for build_section in SECTIONS:
        section = build_section(**scope)
        if section is not None:
            section.narrative = narratives.get(section.key, section.narrative)
            sections.append(section)
    for build_annexes in ANNEXES:
        annexes.extend(build_annexes(**scope))
    for number, annex in enumerate(annexes, start=1):
        annex.title = f"附件{number} {annex.title}"
    sections.append(tasks.next_steps(progress, narratives=narratives))
    for number, section in enumerate(sections, start=1):
        section.heading = f"{ordinal(number)}、{section.heading}"
    return ReportContent(
        title=f"关于{title_period}东北振兴重点任务推进情况的报告",
        subtitle=f"（{start:%Y年%-m月%-d日}—{end:%Y年%-m月%-d日}）",
        issuer=f"{mechanism_name}秘书处" if mechanism else "秘书处",
        date_text=f"{as_of:%Y年%-m月%-d日}",
        sections=sections,
        annexes=annexes,
        figures=figures,
    )


@in_chinese
def upward_report_content(
    *, period_label: str, mechanism: Mechanism | None = None, today: datetime.date | None = None
) -> ReportContent:
    """The 重大事项报告 to the Party Central Committee and the State Council for `period_label`:
    the items the secretariat marked for reporting upward in the period, by source."""
    kind, start, end = parse_period(period_label)
    today = today or timezone.localdate()
    mechanism = mechanism or top_mechanism()
    title_period = period_title(kind, period_label)
    sections, items = reviews.upward_sections(
        period_start=start, period_end=end, mechanism=mechanism
    )
    if not sections:
        sections = [
            Section(key="upward_none", heading="重大事项", paragraphs=["本期无需报告的重大事项。"])
        ]
    for number, section in enumerate(sections, start=1):
        section.heading = f"{ordinal(number)}、{section.heading}"
    group = mechanism.leading_group.full_name if mechanism and mechanism.leading_group else ""
    return ReportContent(
        title=f"关于{title_period}东北振兴重大事项的报告",
        subtitle=f"（{start:%Y年%-m月%-d日}—{end:%Y年%-m月%-d日}）",
        issuer=group or (f"{mechanism.short_name}秘书处" if mechanism else "秘书处"),
        date_text=f"{min(today, end):%Y年%-m月%-d日}",
        sections=sections,
        annexes=[reviews.upward_annex(items)] if items else [],
        figures={"items": len(items), "titles": [item.title for item in items]},
    )


@in_chinese
def round_circular_content(
    *, round_: ReportingRound, today: datetime.date | None = None
) -> ReportContent:
    """The circular (通报) of a reporting round: who reported on time, who was late, who was returned."""
    today = today or timezone.localdate()
    rows = league_table(rounds=[round_], today=today)
    on_time = [row.unit for row in rows if row.due and row.on_time == row.due]
    late = [row.unit for row in rows if row.due and row.on_time < row.due]
    returned = [row.unit for row in rows if row.returned]
    table = Table(
        "各单位报送情况",
        ["单位", "应报送", "已报送", "按时报送", "按时报送率", "退回次数"],
        [
            [r.unit, r.due, r.submitted, r.on_time, percent(r.on_time, r.due), r.returned]
            for r in rows
        ],
        [40, 20, 20, 20, 24, 20],
    )
    section = Section(
        key="circular",
        heading="报送情况",
        paragraphs=[
            f"本次调度截止日期为{round_.due_date:%Y年%-m月%-d日}。按时报送的单位：{'、'.join(on_time) or '无'}。",
            f"逾期报送或未报送的单位：{'、'.join(late) or '无'}。",
            f"报送内容被退回修改的单位：{'、'.join(returned) or '无'}。",
        ],
        tables=[table],
    )
    section.heading = f"一、{section.heading}"
    return ReportContent(
        title=f"关于{round_.title}报送情况的通报",
        subtitle="",
        issuer="秘书处",
        date_text=f"{today:%Y年%-m月%-d日}",
        sections=[section],
        figures={"on_time_units": on_time, "late_units": late, "returned_units": returned},
    )

"""Report content from the data: the periodic progress report and a reporting round's circular.

Reports go to the leading group in Chinese whatever the language of the page that asks for them:
the builders run with Chinese active (`lib.i18n.in_chinese`), so that the light reasons and
choice labels they take from the other apps come out in Chinese too.
"""

import datetime
import importlib
from collections import defaultdict

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.periods import parse_period, period_title
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import top_mechanism
from zhenxing.policies.models import DivisionPlan, PolicyNode, Task
from zhenxing.reports.content import Chart, ReportContent, Section, Table, ordinal, percent
from zhenxing.rounds.models import ReportingRound, Submission
from zhenxing.rounds.selectors import (
    Colour,
    is_due,
    league_table,
    rounds_in_period,
    task_lights,
)

EXCERPT_CHARACTERS = 160
# In the order the report reads: indicators, projects, then coordination, then inspections.
OPTIONAL_SECTIONS = (
    ("zhenxing.indicators", "zhenxing.indicators.selectors"),
    ("zhenxing.projects", "zhenxing.projects.selectors"),
    ("zhenxing.coordination", "zhenxing.coordination.selectors"),
    ("zhenxing.inspections", "zhenxing.inspections.selectors"),
)


# Report.Unaccepted's values (the builder takes plain strings, as the command line gives them).
UNACCEPTED_NOTE = "note"
UNACCEPTED_LATEST_SUBMITTED = "latest_submitted"
UNACCEPTED_OMIT = "omit"
UNACCEPTED_LABELS = {
    UNACCEPTED_NOTE: "注明本期尚无已采用的进展报告",
    UNACCEPTED_LATEST_SUBMITTED: "引用最新报送（待审核）的内容并注明",
    UNACCEPTED_OMIT: "不列出，注明项数",
}
WAITING_MARK = "〔已报送，待审核〕"


def _excerpt(text: str, limit: int = EXCERPT_CHARACTERS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scope_tasks(*, mechanism: Mechanism | None, plan: DivisionPlan | None):
    if plan is not None:
        tasks = Task.objects.filter(plan=plan, plan__status=DivisionPlan.Status.PUBLISHED)
    else:
        tasks = Task.objects.in_force()  # a document's tasks once, however often imported
    if plan is None and mechanism is not None:
        tasks = tasks.filter(Q(plan__mechanism=mechanism) | Q(plan__mechanism__isnull=True))
    return tasks.select_related("lead_unit", "plan", "source_node").prefetch_related(
        "participating_units"
    )


def _part_of(node: PolicyNode | None, nodes_by_id: dict[int, PolicyNode]) -> PolicyNode | None:
    while node is not None and node.parent_id is not None:
        node = nodes_by_id.get(node.parent_id)
    return node


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
    tasks = list(scope_tasks(mechanism=mechanism, plan=plan))
    lights = task_lights(tasks, as_of)
    colour_counts = dict.fromkeys(Colour.ORDER, 0)
    for light in lights.values():
        colour_counts[light.colour] += 1
    rounds = list(rounds_in_period(period_label))
    submissions = list(
        Submission.objects.filter(round__in=rounds, task__in=tasks)
        .select_related("unit", "round")
        .order_by("task_id", "-round__due_date")
    )
    # 按时报送率 as everywhere (rounds.selectors.is_due): only reports already due count.
    due = [s for s in submissions if is_due(s.round.due_date, today)]
    on_time = sum(1 for s in due if s.on_time)
    reported = sum(1 for s in submissions if s.first_submitted_at)
    accepted = [s for s in submissions if s.status == Submission.Status.ACCEPTED]
    latest_accepted: dict[int, Submission] = {}
    for submission in accepted:
        if submission.role == Submission.Role.LEAD:
            latest_accepted.setdefault(submission.task_id, submission)
    waiting: dict[int, Submission] = {}
    if unaccepted == UNACCEPTED_LATEST_SUBMITTED:
        for submission in submissions:  # latest round first
            if (
                submission.role == Submission.Role.LEAD
                and submission.status in Submission.WAITING_FOR_REVIEW
                and submission.task_id not in latest_accepted
            ):
                waiting.setdefault(submission.task_id, submission)
    without_accepted = sum(1 for task in tasks if task.pk not in latest_accepted)
    figures = {
        "period": period_label,
        "tasks_total": len(tasks),
        "tasks_completed": colour_counts[Colour.COMPLETED],
        "completion_rate": colour_counts[Colour.COMPLETED] / len(tasks) if tasks else 0.0,
        "colours": colour_counts,
        "rounds": len(rounds),
        "submissions_total": len(submissions),
        "submissions_due": len(due),
        "submissions_reported": reported,
        "submissions_on_time": on_time,
        "on_time_rate": on_time / len(due) if due else 0.0,
        "submissions_accepted": len(accepted),
        "submissions_returned": sum(1 for s in submissions if s.return_count),
        "tasks_without_accepted_report": without_accepted,
        "latest_text_choice": UNACCEPTED_LABELS.get(unaccepted, unaccepted),
    }
    title_period = period_title(kind, period_label)
    mechanism_name = mechanism.short_name if mechanism else "工作机制"
    sections = [
        _overview(figures, title_period, narratives),
        _progress_by_part(tasks, latest_accepted, waiting, unaccepted, narratives),
        _lagging(tasks, lights, latest_accepted, submissions, narratives),
    ]
    annexes = [_task_ledger(tasks, lights, latest_accepted, waiting)]
    for app, module in OPTIONAL_SECTIONS:
        if apps.is_installed(app) and importlib.util.find_spec(module):
            selectors = importlib.import_module(module)
            builder = getattr(selectors, "report_section", None)
            section = builder(start=start, end=end, mechanism=mechanism) if builder else None
            if section is not None:
                section.narrative = narratives.get(section.key, section.narrative)
                sections.append(section)
            annex_builder = getattr(selectors, "report_annexes", None)
            if annex_builder is not None:
                annexes.extend(annex_builder(start=start, end=end, mechanism=mechanism))
    for number, annex in enumerate(annexes, start=1):
        annex.title = f"附件{number} {annex.title}"
    sections.append(_next_steps(latest_accepted, narratives))
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


def _overview(figures: dict, title_period: str, narratives: dict) -> Section:
    colours = figures["colours"]
    paragraphs = [
        f"{title_period}，工作机制共跟踪重点任务{figures['tasks_total']}项，其中已完成销号{figures['tasks_completed']}项，"
        f"完成率{percent(figures['tasks_completed'], figures['tasks_total'])}；按进度预警，绿灯{colours[Colour.GREEN]}项、"
        f"黄灯{colours[Colour.YELLOW]}项、红灯{colours[Colour.RED]}项。",
        f"本期开展调度{figures['rounds']}次，要求报送进展报告{figures['submissions_total']}份，已报送{figures['submissions_reported']}份；"
        f"已到截止日期的应报送进展报告{figures['submissions_due']}份，按时报送{figures['submissions_on_time']}份，"
        f"按时报送率{percent(figures['submissions_on_time'], figures['submissions_due'])}；"
        f"审核采用{figures['submissions_accepted']}份，退回修改{figures['submissions_returned']}份。",
    ]
    chart = Chart(
        title="重点任务进度预警情况",
        categories=["绿灯", "黄灯", "红灯", "已销号"],
        series={
            "任务数": [
                colours[Colour.GREEN],
                colours[Colour.YELLOW],
                colours[Colour.RED],
                colours[Colour.COMPLETED],
            ]
        },
        unit="项",
    )
    default = "各成员单位认真贯彻落实党中央、国务院关于东北全面振兴的决策部署，按照任务分工方案扎实推进各项重点任务。现将有关情况报告如下。"
    return Section(
        key="overview",
        heading="总体进展情况",
        paragraphs=paragraphs,
        narrative=narratives.get("overview", default),
        charts=[chart],
    )


def _latest_text(task, latest_accepted, waiting, limit=EXCERPT_CHARACTERS) -> str:
    """The progress a report quotes for a task: the accepted report's, or the one waiting for
    review, marked as not yet accepted; "" when there is neither."""
    if task.pk in latest_accepted:
        return _excerpt(latest_accepted[task.pk].progress, limit)
    if task.pk in waiting:
        return f"{WAITING_MARK}{_excerpt(waiting[task.pk].progress, limit)}"
    return ""


def _progress_by_part(tasks, latest_accepted, waiting, unaccepted, narratives) -> Section:
    node_ids = {task.source_node_id for task in tasks if task.source_node_id}
    nodes_by_id = {}
    pending = set(node_ids)
    while pending:
        fetched = {node.pk: node for node in PolicyNode.objects.filter(pk__in=pending)}
        nodes_by_id.update(fetched)
        pending = {
            node.parent_id
            for node in fetched.values()
            if node.parent_id and node.parent_id not in nodes_by_id
        }
    by_part: dict[str, list[Task]] = defaultdict(list)
    for task in tasks:
        part = _part_of(nodes_by_id.get(task.source_node_id), nodes_by_id)
        label = part.heading if part is not None and part.heading else "其他任务"
        by_part[label].append(task)
    subsections = []
    left_out = 0
    for heading, part_tasks in by_part.items():
        paragraphs = []
        for task in part_tasks:
            progress = _latest_text(task, latest_accepted, waiting)
            if not progress and unaccepted == UNACCEPTED_OMIT:
                left_out += 1
                continue
            lead = task.lead_unit.display_name if task.lead_unit else "（未定）"
            progress = progress or "本期尚无已采用的进展报告。"
            paragraphs.append(f"{task.code}. {task.title}（{lead}牵头）：{progress}")
        if paragraphs:
            number = len(subsections) + 1
            subsections.append(
                Section(
                    key=f"part-{number}",
                    heading=f"（{ordinal(number)}）{heading}",
                    paragraphs=paragraphs,
                )
            )
    paragraphs = []
    if waiting:
        paragraphs.append(
            f"标注“{WAITING_MARK.strip('〔〕')}”的{len(waiting)}项任务本期尚无已采用的进展报告，"
            "所引为牵头单位最新报送、尚待审核的内容。"
        )
    if left_out:
        paragraphs.append(f"本期尚无已采用进展报告的{left_out}项任务未逐项列出（见附件1）。")
    return Section(
        key="progress",
        heading="重点任务推进情况",
        narrative=narratives.get("progress", ""),
        paragraphs=paragraphs,
        subsections=subsections,
    )


def _lagging(tasks, lights, latest_accepted, submissions, narratives) -> Section:
    latest_any: dict[int, Submission] = {}
    for submission in submissions:
        if submission.role == Submission.Role.LEAD and submission.first_submitted_at:
            latest_any.setdefault(submission.task_id, submission)
    rows = []
    for task in sorted(tasks, key=lambda t: (Colour.ORDER[lights[t.pk].colour], t.position)):
        light = lights[task.pk]
        if light.colour not in (Colour.RED, Colour.YELLOW):
            continue
        report = latest_accepted.get(task.pk) or latest_any.get(task.pk)
        problems = _excerpt(report.problems, 80) if report and report.problems else ""
        rows.append(
            [
                task.code,
                task.title,
                task.lead_unit.display_name if task.lead_unit else "",
                Colour.LABELS[light.colour],
                "；".join(filter(None, [light.reason, problems])),
            ]
        )
    red = sum(1 for row in rows if row[3] == Colour.LABELS[Colour.RED])
    paragraphs = [
        f"目前红灯任务{red}项、黄灯任务{len(rows) - red}项，主要原因及责任单位见下表。"
        if rows
        else "本期没有红灯、黄灯任务。"
    ]
    tables = (
        [
            Table(
                "滞后和预警任务",
                ["编号", "重点任务", "牵头单位", "预警", "原因及存在问题"],
                rows,
                [14, 52, 26, 14, 50],
            )
        ]
        if rows
        else []
    )
    return Section(
        key="problems",
        heading="存在的主要问题",
        paragraphs=paragraphs,
        narrative=narratives.get("problems", ""),
        tables=tables,
    )


def _next_steps(latest_accepted, narratives) -> Section:
    steps = []
    for submission in list(latest_accepted.values())[:12]:
        if submission.next_steps.strip():
            steps.append(f"{submission.unit.display_name}：{_excerpt(submission.next_steps, 100)}")
    default = "下一步，秘书处将继续加强统筹协调和督促检查，推动各项重点任务按期完成，重大事项及时向领导小组报告。"
    return Section(
        key="next_steps",
        heading="下一步工作",
        paragraphs=steps,
        narrative=narratives.get("next_steps", default),
    )


def _task_ledger(tasks, lights, latest_accepted, waiting) -> Table:
    rows = []
    for task in tasks:
        rows.append(
            [
                task.code,
                task.title,
                task.lead_unit.display_name if task.lead_unit else "",
                "、".join(unit.display_name for unit in task.participating_units.all()),
                task.deadline_text or (f"{task.due_date:%Y-%m-%d}" if task.due_date else ""),
                Colour.LABELS[lights[task.pk].colour],
                _latest_text(task, latest_accepted, waiting, 60),
            ]
        )
    return Table(
        "重点任务台账",
        ["编号", "重点任务", "牵头单位", "参加单位", "完成时限", "状态", "最新进展"],
        rows,
        [12, 40, 22, 30, 20, 12, 40],
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

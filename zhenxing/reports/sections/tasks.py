"""The tasks' parts of the progress report: overall progress, progress by part of the policy,
the main problems, next steps, and the task ledger annex.

Unlike the other areas' sections these share one reading of the tasks and their reports in the
period (`task_progress`), and they take the plan, the person's narratives and the choice for
tasks without an accepted report, so `reports.builders` calls them by name around the others.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from zhenxing.lib.colours import Colour
from zhenxing.lib.periods import parse_period
from zhenxing.mechanisms.models import Mechanism
from zhenxing.policies.models import DivisionPlan, PolicyNode, Task
from zhenxing.reports.content import Chart, Section, Table, ordinal, percent
from zhenxing.rounds.models import Submission
from zhenxing.rounds.selectors import TaskLight, is_due, rounds_in_period, task_lights

EXCERPT_CHARACTERS = 160


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


@dataclass
class TaskProgress:
    """The report's tasks, their lights and their reports in the period, and the key figures."""

    tasks: list[Task]
    lights: dict[int, TaskLight]
    submissions: list[Submission]  # by task, latest round first
    latest_accepted: dict[int, Submission]  # task id → the lead unit's latest accepted report
    waiting: dict[int, Submission]  # task id → the report quoted though waiting for review
    figures: dict


def task_progress(
    *,
    period_label: str,
    mechanism: Mechanism | None,
    plan: DivisionPlan | None,
    today: datetime.date,
    unaccepted: str,
) -> TaskProgress:
    """The tasks in force (of the plan, or of the mechanism) and their reports in the period."""
    _kind, _start, end = parse_period(period_label)
    as_of = min(today, end)
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
    return TaskProgress(
        tasks=tasks,
        lights=lights,
        submissions=submissions,
        latest_accepted=latest_accepted,
        waiting=waiting,
        figures=figures,
    )


def overview(progress: TaskProgress, *, title_period: str, narratives: dict) -> Section:
    """总体进展情况: the tasks' lights and the reports' figures, with a chart of the lights."""
    figures = progress.figures
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


def progress_by_part(progress: TaskProgress, *, unaccepted: str, narratives: dict) -> Section:
    """重点任务推进情况: each task's latest progress, by part of the policy document."""
    tasks, waiting = progress.tasks, progress.waiting
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
            text = _latest_text(task, progress.latest_accepted, waiting)
            if not text and unaccepted == UNACCEPTED_OMIT:
                left_out += 1
                continue
            lead = task.lead_unit.display_name if task.lead_unit else "（未定）"
            text = text or "本期尚无已采用的进展报告。"
            paragraphs.append(f"{task.code}. {task.title}（{lead}牵头）：{text}")
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


def problems(progress: TaskProgress, *, narratives: dict) -> Section:
    """存在的主要问题: the red and yellow tasks, with the reasons and the reported problems."""
    tasks, lights, latest_accepted = progress.tasks, progress.lights, progress.latest_accepted
    latest_any: dict[int, Submission] = {}
    for submission in progress.submissions:
        if submission.role == Submission.Role.LEAD and submission.first_submitted_at:
            latest_any.setdefault(submission.task_id, submission)
    rows = []
    for task in sorted(tasks, key=lambda t: (Colour.ORDER[lights[t.pk].colour], t.position)):
        light = lights[task.pk]
        if light.colour not in (Colour.RED, Colour.YELLOW):
            continue
        report = latest_accepted.get(task.pk) or latest_any.get(task.pk)
        reported = _excerpt(report.problems, 80) if report and report.problems else ""
        rows.append(
            [
                task.code,
                task.title,
                task.lead_unit.display_name if task.lead_unit else "",
                Colour.LABELS[light.colour],
                "；".join(filter(None, [light.reason, reported])),
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


def next_steps(progress: TaskProgress, *, narratives: dict) -> Section:
    """下一步工作: the units' next steps from their accepted reports."""
    steps = []
    for submission in list(progress.latest_accepted.values())[:12]:
        if submission.next_steps.strip():
            steps.append(f"{submission.unit.display_name}：{_excerpt(submission.next_steps, 100)}")
    default = "下一步，秘书处将继续加强统筹协调和督促检查，推动各项重点任务按期完成，重大事项及时向领导小组报告。"
    return Section(
        key="next_steps",
        heading="下一步工作",
        paragraphs=steps,
        narrative=narratives.get("next_steps", default),
    )


def ledger(progress: TaskProgress) -> Table:
    """The task ledger annex: every task with its units, deadline, light and latest progress."""
    lights, latest_accepted, waiting = progress.lights, progress.latest_accepted, progress.waiting
    rows = []
    for task in progress.tasks:
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

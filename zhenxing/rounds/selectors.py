"""Reads for rounds: computed task colours, round completion, the units' league table.

Every function answers with a constant number of queries whatever the number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from zhenxing.policies.models import Task
from zhenxing.rounds.models import ReportingRound, Submission

WARNING_DAYS = 30


class Colour:
    """Computed traffic lights (红黄绿灯), kept apart from an assessor's rating."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    COMPLETED = "completed"

    LABELS = {GREEN: "绿灯", YELLOW: "黄灯", RED: "红灯", COMPLETED: "已销号"}
    ORDER = {RED: 0, YELLOW: 1, GREEN: 2, COMPLETED: 3}


@dataclass(frozen=True)
class TaskLight:
    colour: str
    reason: str


def latest_progress(task_ids) -> dict[int, str]:
    """Each task's latest reported progress status (lead unit, submitted or accepted)."""
    rows = (
        Submission.objects.filter(task_id__in=task_ids, role=Submission.Role.LEAD)
        .exclude(status=Submission.Status.DRAFT)
        .order_by("task_id", "-round__due_date", "-submitted_at")
        .values_list("task_id", "progress_status")
    )
    latest: dict[int, str] = {}
    for task_id, progress in rows:
        latest.setdefault(task_id, progress)
    return latest


def task_lights(tasks, today: datetime.date | None = None) -> dict[int, TaskLight]:
    """Colour each task from its deadline and its latest report (two queries)."""
    today = today or timezone.localdate()
    tasks = list(tasks)
    ids = [task.pk for task in tasks]
    closed = set(
        Task.objects.filter(pk__in=ids, close_out__isnull=False).values_list("pk", flat=True)
    )
    progress = latest_progress(ids)
    lights = {}
    for task in tasks:
        lights[task.pk] = light_of(task.due_date, progress.get(task.pk), task.pk in closed, today)
    return lights


def light_of(due_date, progress: str | None, closed: bool, today: datetime.date) -> TaskLight:
    if closed:
        return TaskLight(Colour.COMPLETED, "已销号")
    if due_date is not None and due_date < today:
        return TaskLight(Colour.RED, f"已超过截止日期 {due_date:%Y-%m-%d}")
    if progress == Submission.Progress.DELAYED:
        return TaskLight(Colour.RED, "最近一次报送为“滞后”")
    if due_date is not None and (due_date - today).days <= WARNING_DAYS:
        return TaskLight(Colour.YELLOW, f"距截止日期不足{WARNING_DAYS}天")
    if progress == Submission.Progress.AT_RISK:
        return TaskLight(Colour.YELLOW, "最近一次报送为“存在风险”")
    return TaskLight(Colour.GREEN, "正常")


def colour_counts(tasks, today: datetime.date | None = None) -> dict[str, int]:
    counts = dict.fromkeys(Colour.ORDER, 0)
    for light in task_lights(tasks, today).values():
        counts[light.colour] += 1
    return counts


@dataclass
class UnitRoundRow:
    unit_id: int
    unit: str
    total: int
    reported: int
    accepted: int
    returned: int
    waiting: int
    outstanding: int
    late: bool


def round_completion(round_: ReportingRound, today: datetime.date | None = None) -> dict:
    """Who has reported in a round: totals by status and one row per unit (two queries)."""
    today = today or timezone.localdate()
    by_status = dict(
        round_.submissions.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    rows = (
        round_.submissions.values(
            "unit_id", "unit__short_name", "unit__full_name", "unit__sort_order"
        )
        .annotate(
            total=Count("id"),
            reported=Count("id", filter=~Q(status=Submission.Status.DRAFT)),
            accepted=Count("id", filter=Q(status=Submission.Status.ACCEPTED)),
            returned=Count("id", filter=Q(status=Submission.Status.RETURNED)),
            waiting=Count("id", filter=Q(status__in=Submission.WAITING_FOR_REVIEW)),
            outstanding=Count("id", filter=Q(status__in=Submission.EDITABLE)),
        )
        .order_by("unit__sort_order", "unit__full_name")
    )
    units = [
        UnitRoundRow(
            unit_id=row["unit_id"],
            unit=row["unit__short_name"] or row["unit__full_name"],
            total=row["total"],
            reported=row["reported"],
            accepted=row["accepted"],
            returned=row["returned"],
            waiting=row["waiting"],
            outstanding=row["outstanding"],
            late=row["outstanding"] > 0 and today > round_.due_date,
        )
        for row in rows
    ]
    total = sum(by_status.values())
    reported = total - by_status.get(Submission.Status.DRAFT, 0)
    return {
        "total": total,
        "by_status": {status: by_status.get(status, 0) for status in Submission.Status.values},
        "reported": reported,
        "completion_rate": reported / total if total else 0.0,
        "past_due": today > round_.due_date,
        "units": units,
        "missing_units": [row for row in units if row.late],
    }


@dataclass
class LeagueRow:
    unit_id: int
    unit: str
    due: int
    on_time: int
    submitted: int
    returned: int
    tasks_led: int
    tasks_completed: int

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.due if self.due else 0.0

    @property
    def returned_rate(self) -> float:
        return self.returned / self.submitted if self.submitted else 0.0

    @property
    def completion_rate(self) -> float:
        return self.tasks_completed / self.tasks_led if self.tasks_led else 0.0


def league_table(*, rounds=None, today: datetime.date | None = None) -> list[LeagueRow]:
    """Per unit: on-time rate (reports due so far), returned rate, completion of tasks led."""
    today = today or timezone.localdate()
    submissions = Submission.objects.all()
    if rounds is not None:
        submissions = submissions.filter(round__in=rounds)
    stats = submissions.values("unit_id", "unit__short_name", "unit__full_name").annotate(
        due=Count("id", filter=Q(round__due_date__lt=today) | Q(first_submitted_at__isnull=False)),
        on_time=Count("id", filter=Q(first_submitted_at__date__lte=F("round__due_date"))),
        submitted=Count("id", filter=Q(first_submitted_at__isnull=False)),
        returned=Count("id", filter=Q(return_count__gt=0)),
    )
    led = defaultdict(lambda: [0, 0])
    task_rows = (
        Task.objects.filter(plan__status="published", lead_unit__isnull=False)
        .values("lead_unit_id")
        .annotate(total=Count("id"), completed=Count("id", filter=Q(close_out__isnull=False)))
    )
    for row in task_rows:
        led[row["lead_unit_id"]] = [row["total"], row["completed"]]
    table = [
        LeagueRow(
            unit_id=row["unit_id"],
            unit=row["unit__short_name"] or row["unit__full_name"],
            due=row["due"],
            on_time=row["on_time"],
            submitted=row["submitted"],
            returned=row["returned"],
            tasks_led=led[row["unit_id"]][0],
            tasks_completed=led[row["unit_id"]][1],
        )
        for row in stats
    ]
    table.sort(
        key=lambda row: (-row.on_time_rate, -row.completion_rate, row.returned_rate, row.unit)
    )
    return table


def overdue_tasks(tasks, today: datetime.date | None = None) -> list:
    """Tasks past their deadline and not closed out, oldest first."""
    today = today or timezone.localdate()
    return list(
        tasks.filter(due_date__lt=today, close_out__isnull=True)
        .select_related("lead_unit", "plan")
        .order_by("due_date", "position")
    )

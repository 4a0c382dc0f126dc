"""Task lights: the colour of each task from its deadline and its reports, and rows of coloured tasks."""

import datetime
from collections import defaultdict
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhenxing.lib.colours import Colour
from zhenxing.rounds.models import Assessment, CloseOut, Submission

WARNING_DAYS = 30


class TaskLight(NamedTuple):
    # A tuple, not a dataclass: dashboards make one per task, thousands per page view.
    colour: str
    reason: str


class FixedLights(NamedTuple):
    """The lights whose reason names no date, in the active language: made once per
    `task_lights` call and shared by its thousands of tasks (translating costs microseconds)."""

    completed: TaskLight
    delayed: TaskLight
    near: TaskLight
    at_risk: TaskLight
    green: TaskLight

    @classmethod
    def current(cls) -> "FixedLights":
        return cls(
            completed=TaskLight(Colour.COMPLETED, _("已销号")),
            delayed=TaskLight(Colour.RED, _("最近一次报送为“滞后”")),
            near=TaskLight(
                Colour.YELLOW,
                ngettext("距截止日期不足%(days)s天", "距截止日期不足%(days)s天", WARNING_DAYS)
                % {"days": WARNING_DAYS},
            ),
            at_risk=TaskLight(Colour.YELLOW, _("最近一次报送为“存在风险”")),
            green=TaskLight(Colour.GREEN, _("正常")),
        )


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


def task_lights(tasks, today: datetime.date | None = None, ids=None) -> dict[int, TaskLight]:
    """Colour each task from its deadline and its latest report (two queries).

    `ids` may be a subquery of the tasks' ids: better than a list of thousands of parameters.
    """
    today = today or timezone.localdate()
    tasks = list(tasks)
    ids = [task.pk for task in tasks] if ids is None else ids
    closed = set(CloseOut.objects.filter(task_id__in=ids).values_list("task_id", flat=True))
    progress = latest_progress(ids)
    fixed = FixedLights.current()
    lights = {}
    for task in tasks:
        lights[task.pk] = light_of(
            task.due_date, progress.get(task.pk), task.pk in closed, today, fixed
        )
    return lights


def light_of(
    due_date,
    progress: str | None,
    closed: bool,
    today: datetime.date,
    fixed: FixedLights | None = None,
) -> TaskLight:
    fixed = fixed or FixedLights.current()
    if closed:
        return fixed.completed
    if due_date is not None and due_date < today:
        return TaskLight(
            Colour.RED, _("已超过截止日期 %(date)s") % {"date": f"{due_date:%Y-%m-%d}"}
        )
    if progress == Submission.Progress.DELAYED:
        return fixed.delayed
    if due_date is not None and (due_date - today).days <= WARNING_DAYS:
        return fixed.near
    if progress == Submission.Progress.AT_RISK:
        return fixed.at_risk
    return fixed.green


class TaskKey(NamedTuple):
    pk: int
    due_date: datetime.date | None


def colour_counts(tasks, today: datetime.date | None = None) -> dict[str, int]:
    """How many tasks of each colour (three queries; a queryset is read as plain values)."""
    ids = None
    if hasattr(tasks, "values_list"):
        ids = tasks.values("pk")
        tasks = [TaskKey(*row) for row in tasks.values_list("pk", "due_date").order_by()]
    counts = dict.fromkeys(Colour.ORDER, 0)
    for light in task_lights(tasks, today, ids=ids).values():
        counts[light.colour] += 1
    return counts


def is_due(due_date: datetime.date, today: datetime.date) -> bool:
    """Whether a round's reports count towards the on-time rate: once its due date has passed.

    The one definition of 按时报送率 (docs/user-guide.md): reports due and first submitted by the
    end of the due date ÷ reports due. Reports whose due date has not passed are counted
    neither as due nor as on time, even when already submitted."""
    return due_date < today


def submitted_by_due_date(round_dates) -> Q:
    """First submitted before the end of the round's due date (a local date), compared as
    datetimes: casting 10,000 timestamps to local dates costs a function call per row.
    `round_dates` are (round id, due date) pairs."""
    by_date = defaultdict(list)
    for round_id, due_date in round_dates:
        by_date[due_date].append(round_id)
    condition = Q(pk__in=[])
    for due_date, round_ids in by_date.items():
        end = datetime.datetime.combine(due_date + datetime.timedelta(days=1), datetime.time())
        condition |= Q(round_id__in=round_ids, first_submitted_at__lt=timezone.make_aware(end))
    return condition


def overdue_tasks(tasks, today: datetime.date | None = None) -> list:
    """Tasks past their deadline and not closed out, oldest first."""
    today = today or timezone.localdate()
    return list(
        tasks.filter(due_date__lt=today, close_out__isnull=True)
        .select_related("lead_unit", "plan")
        .order_by("due_date", "position")
    )


class TaskInfo(NamedTuple):
    """What the dashboards show of a task, read as plain values (no model instances)."""

    pk: int
    code: str
    title: str
    position: int
    due_date: datetime.date | None
    deadline_text: str
    plan_id: int
    plan_title: str
    lead_unit_id: int | None
    lead_short_name: str | None
    lead_full_name: str | None
    lead_sort_order: int | None

    @property
    def lead_name(self) -> str:
        return self.lead_short_name or self.lead_full_name or ""


TASK_FIELDS = (
    "pk", "code", "title", "position", "due_date", "deadline_text", "plan_id", "plan__title",
    "lead_unit_id", "lead_unit__short_name", "lead_unit__full_name", "lead_unit__sort_order",
)  # fmt: skip


class TaskRow(NamedTuple):
    task: TaskInfo
    light: TaskLight
    rating: str | None  # the latest assessor's rating, kept apart from the computed light

    @property
    def colour_label(self) -> str:
        return Colour.LABELS[self.light.colour]


TASK_SORTS = {
    "colour": lambda row: (Colour.ORDER[row.light.colour], row.task.due_date or datetime.date.max),
    "due": lambda row: (row.task.due_date or datetime.date.max, row.task.position),
    "code": lambda row: (row.task.plan_id, row.task.position),
    "lead": lambda row: (row.task.lead_sort_order or 0, row.task.lead_name, row.task.position),
}


def task_rows(tasks, today: datetime.date | None = None, sort: str = "colour") -> list[TaskRow]:
    """Tasks with their computed light and latest rating (four queries, no model instances:
    a dashboard colours every task but shows a page of them)."""
    infos = list(
        map(TaskInfo._make, tasks.select_related(None).values_list(*TASK_FIELDS).order_by())
    )
    ids = tasks.values("pk")
    lights = task_lights(infos, today, ids=ids)
    ratings: dict[int, str] = {}
    for task_id, rating in (
        Assessment.objects.filter(task_id__in=ids)
        .order_by("task_id", "-assessed_at", "-id")
        .values_list("task_id", "rating")
    ):
        ratings.setdefault(task_id, rating)
    rows = [TaskRow(info, lights[info.pk], ratings.get(info.pk)) for info in infos]
    rows.sort(key=TASK_SORTS.get(sort, TASK_SORTS["colour"]))
    return rows


def count_colours(rows: list[TaskRow]) -> dict[str, int]:
    counts = dict.fromkeys(Colour.ORDER, 0)
    for row in rows:
        counts[row.light.colour] += 1
    return counts

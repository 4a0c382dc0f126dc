"""Reads for rounds: computed task colours, round completion, the units' league table.

Every function answers with a constant number of queries whatever the number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhenxing.lib.colours import Colour
from zhenxing.lib.periods import PeriodKind, parse_period, period_title
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.access import acting_unit, is_unit_person
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.policies.models import Task
from zhenxing.rounds.models import Assessment, CloseOut, ReportingRound, Submission

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
    """Who has reported in a round: totals by status and one row per unit (two queries).

    Grouped by the unit's id alone, the names read afterwards: grouping 10,000 rows by joined
    text columns is what made this slow.
    """
    today = today or timezone.localdate()
    counts = (
        round_.submissions.order_by()
        .values("unit_id")
        .annotate(**{status: Count("id", filter=Q(status=status)) for status in STATUSES})
    )
    counts = {row.pop("unit_id"): row for row in counts}
    names = unit_names(counts)
    units = []
    for unit_id, row in counts.items():
        outstanding = row[Submission.Status.DRAFT] + row[Submission.Status.RETURNED]
        units.append(
            UnitRoundRow(
                unit_id=unit_id,
                unit=names[unit_id][0],
                total=sum(row.values()),
                reported=sum(row.values()) - row[Submission.Status.DRAFT],
                accepted=row[Submission.Status.ACCEPTED],
                returned=row[Submission.Status.RETURNED],
                waiting=row[Submission.Status.SUBMITTED] + row[Submission.Status.RESUBMITTED],
                outstanding=outstanding,
                late=outstanding > 0 and today > round_.due_date,
            )
        )
    units.sort(key=lambda row: names[row.unit_id][1:])
    by_status = {status: sum(row[status] for row in counts.values()) for status in STATUSES}
    total = sum(by_status.values())
    reported = total - by_status[Submission.Status.DRAFT]
    return {
        "total": total,
        "by_status": by_status,
        "reported": reported,
        "completion_rate": reported / total if total else 0.0,
        "past_due": today > round_.due_date,
        "units": units,
        "missing_units": [row for row in units if row.late],
    }


STATUSES = tuple(Submission.Status.values)


def unit_names(unit_ids) -> dict[int, tuple[str, int, str, str]]:
    """(display name, sort order, full name, kind) of each unit, in one query."""
    rows = Unit.objects.filter(pk__in=list(unit_ids)).values_list(
        "pk", "short_name", "full_name", "sort_order", "kind"
    )
    return {pk: (short or full, order, full, kind) for pk, short, full, order, kind in rows}


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
    unit_kind: str = ""

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.due if self.due else 0.0

    @property
    def returned_rate(self) -> float:
        return self.returned / self.submitted if self.submitted else 0.0

    @property
    def completion_rate(self) -> float:
        return self.tasks_completed / self.tasks_led if self.tasks_led else 0.0


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


def rounds_in_period(label: str) -> QuerySet:
    """Rounds whose period overlaps the period `label` (2026Q3, 2026H1, 2026, 2026-10): what
    a report or the league table for that period counts."""
    _kind, start, end = parse_period(label)
    return ReportingRound.objects.filter(period_start__lte=end, period_end__gte=start)


def league_periods() -> list[tuple[str, str]]:
    """(label, title) of the periods the league table can be narrowed to: each year that has
    rounds, then each round period, latest first."""
    labels = set(ReportingRound.objects.order_by().values_list("period_label", flat=True))
    labels |= {label[:4] for label in labels}
    periods = []
    for label in labels:
        try:
            kind, start, _end = parse_period(label)
        except ValueError:
            continue
        # A year first, then its periods, latest first.
        key = (-start.year, kind != PeriodKind.YEAR, -start.toordinal())
        periods.append((key, label, period_title(kind, label)))
    return [(label, title) for _key, label, title in sorted(periods)]


def league_table(*, rounds=None, today: datetime.date | None = None) -> list[LeagueRow]:
    """Per unit: on-time rate (reports due so far, `is_due`), returned rate, completion of
    tasks led.

    Four queries; the submissions are grouped by unit id alone, without joins (see
    round_completion).
    """
    today = today or timezone.localdate()
    submissions = Submission.objects.order_by()
    round_dates = ReportingRound.objects.order_by()
    if rounds is not None:
        if not isinstance(rounds, QuerySet):
            rounds = [getattr(round_, "pk", round_) for round_ in rounds]
        submissions = submissions.filter(round__in=rounds)
        round_dates = round_dates.filter(pk__in=rounds)
    round_dates = [
        (pk, due_date)
        for pk, due_date in round_dates.values_list("pk", "due_date")
        if is_due(due_date, today)
    ]
    past = [pk for pk, _due_date in round_dates]
    stats = submissions.values("unit_id").annotate(
        due=Count("id", filter=Q(round_id__in=past)),
        on_time=Count("id", filter=submitted_by_due_date(round_dates)),
        submitted=Count("id", filter=Q(first_submitted_at__isnull=False)),
        returned=Count("id", filter=Q(return_count__gt=0)),
    )
    stats = list(stats)
    names = unit_names(row["unit_id"] for row in stats)
    led = defaultdict(lambda: [0, 0])
    task_rows = (
        Task.objects.in_force()
        .filter(lead_unit__isnull=False)
        .order_by()
        .values("lead_unit_id")
        .annotate(total=Count("id"), completed=Count("id", filter=Q(close_out__isnull=False)))
    )
    for row in task_rows:
        led[row["lead_unit_id"]] = [row["total"], row["completed"]]
    table = [
        LeagueRow(
            unit_id=row["unit_id"],
            unit=names[row["unit_id"]][0],
            due=row["due"],
            on_time=row["on_time"],
            submitted=row["submitted"],
            returned=row["returned"],
            tasks_led=led[row["unit_id"]][0],
            tasks_completed=led[row["unit_id"]][1],
            unit_kind=names[row["unit_id"]][3],
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


# Dashboards ---------------------------------------------------------------------------------


@dataclass
class RoundProgress:
    round: ReportingRound
    total: int
    reported: int
    accepted: int
    waiting: int
    returned: int
    outstanding: int
    past_due: bool

    @property
    def completion_rate(self) -> float:
        return self.reported / self.total if self.total else 0.0


def rounds_progress(
    rounds, today: datetime.date | None = None, submissions=None
) -> list[RoundProgress]:
    """Completion of each round, counting `submissions` (all by default): two queries whatever
    the number of rounds and submissions."""
    today = today or timezone.localdate()
    rounds = list(rounds)
    submissions = Submission.objects.all() if submissions is None else submissions
    stats = {
        row["round_id"]: row
        for row in submissions.filter(round__in=[r.pk for r in rounds])
        .values("round_id")
        .annotate(
            total=Count("id"),
            reported=Count("id", filter=~Q(status=Submission.Status.DRAFT)),
            accepted=Count("id", filter=Q(status=Submission.Status.ACCEPTED)),
            waiting=Count("id", filter=Q(status__in=Submission.WAITING_FOR_REVIEW)),
            returned=Count("id", filter=Q(status=Submission.Status.RETURNED)),
            outstanding=Count("id", filter=Q(status__in=Submission.EDITABLE)),
        )
        .order_by()
    }
    empty = dict.fromkeys(
        ("total", "reported", "accepted", "waiting", "returned", "outstanding"), 0
    )
    return [
        RoundProgress(
            round=round_,
            **{key: stats.get(round_.pk, empty)[key] for key in empty},
            past_due=today > round_.due_date,
        )
        for round_ in rounds
    ]


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


LEAGUE_SORTS = {
    "on_time": lambda row: (-row.on_time_rate, -row.completion_rate, row.returned_rate),
    "completion": lambda row: (-row.completion_rate, -row.on_time_rate, row.returned_rate),
    "returned": lambda row: (row.returned_rate, -row.on_time_rate),
    "returned_desc": lambda row: (-row.returned_rate, -row.on_time_rate),
    "unit": lambda row: row.unit,
}


def sorted_league(rows: list[LeagueRow], sort: str = "on_time", unit_kind: str = ""):
    if unit_kind:
        rows = [row for row in rows if row.unit_kind == unit_kind]
    return sorted(rows, key=LEAGUE_SORTS.get(sort, LEAGUE_SORTS["on_time"]))


def review_queue(submissions):
    """Reports waiting for review in open rounds, longest waiting first."""
    return (
        submissions.filter(
            status__in=Submission.WAITING_FOR_REVIEW, round__status=ReportingRound.Status.OPEN
        )
        .select_related("round", "task", "unit")
        .order_by("submitted_at", "pk")
    )


def unit_due_submissions(unit, limit: int = 100) -> list[Submission]:
    """A unit's reports still to write (draft or returned) in open rounds, soonest due first."""
    return list(
        Submission.objects.of_unit(unit)
        .filter(round__status=ReportingRound.Status.OPEN, status__in=Submission.EDITABLE)
        .select_related("round", "task", "unit")
        .order_by("round__due_date", "task__position", "pk")[:limit]
    )


def participants_ready(unit) -> dict[int, int]:
    """For the lead unit (or a co-lead): per (round, task), how many participants' reports it can
    consolidate."""
    co_led = Task.objects.filter(Q(co_lead_units=unit) | Q(co_lead_units__parent=unit))
    rows = (
        Submission.objects.filter(
            Q(task__lead_unit=unit)
            | Q(task__lead_unit__parent=unit)
            | Q(task__in=co_led.values("pk")),
            role=Submission.Role.PARTICIPANT,
            round__status=ReportingRound.Status.OPEN,
            status__in=(
                Submission.Status.SUBMITTED,
                Submission.Status.RESUBMITTED,
                Submission.Status.ACCEPTED,
            ),
        )
        .values("round_id", "task_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["round_id"], row["task_id"]): row["n"] for row in rows}


def home_panel(user, today: datetime.date | None = None, mechanism=None) -> dict | None:
    """The figures of the rounds panel on the home page, for the user's role (None: no panel),
    in `mechanism` (the one in use) when given."""
    from zhenxing.rounds import access
    from zhenxing.rounds.models import ExtensionRequest

    today = today or timezone.localdate()
    if not access.may_use_rounds(user):
        return None

    def scoped(rows, field):
        return within_mechanism(rows, mechanism, field) if mechanism else rows

    open_rounds = scoped(
        ReportingRound.objects.filter(status=ReportingRound.Status.OPEN), "mechanism"
    )
    pending = scoped(
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING),
        "task__plan__mechanism",
    )
    if is_unit_person(user):
        unit = acting_unit(user)
        mine = scoped(
            Submission.objects.of_unit(unit).filter(round__status=ReportingRound.Status.OPEN),
            "round__mechanism",
        )
        counts = mine.aggregate(
            due=Count("id", filter=Q(status__in=Submission.EDITABLE)),
            returned=Count("id", filter=Q(status=Submission.Status.RETURNED)),
            late=Count("id", filter=Q(status__in=Submission.EDITABLE, round__due_date__lt=today)),
        )
        counts["to_consolidate"] = sum(participants_ready(unit).values())
        counts["pending_extensions"] = pending.filter(Q(unit=unit) | Q(unit__parent=unit)).count()
        return {"kind": "unit", **counts}
    tasks = scoped(access.supervised_tasks_visible_to(user).in_force(), "plan__mechanism")
    counts = {
        "open_rounds": open_rounds.count(),
        "overdue": tasks.filter(due_date__lt=today, close_out__isnull=True).count(),
        **colour_counts(tasks.select_related(None), today),
    }
    if access.may_manage_rounds(user):
        counts["waiting"] = scoped(
            Submission.objects.filter(
                round__status=ReportingRound.Status.OPEN,
                status__in=Submission.WAITING_FOR_REVIEW,
            ),
            "round__mechanism",
        ).count()
        counts["pending_extensions"] = pending.count()
        return {"kind": "secretariat", **counts}
    return {"kind": "reader", **counts}


def unreported_participants(submission: Submission) -> list:
    """The participating units of the lead report's task that have not reported in its round."""
    drafts = Submission.objects.filter(
        round_id=submission.round_id,
        task_id=submission.task_id,
        role=Submission.Role.PARTICIPANT,
        status=Submission.Status.DRAFT,
    ).select_related("unit")
    return [draft.unit for draft in drafts.order_by("pk")]


def outstanding_by_unit(round_: ReportingRound) -> dict[int, int]:
    """unit id → reports it still has to file (drafts and returned ones) in the round."""
    rows = (
        round_.submissions.filter(status__in=Submission.EDITABLE)
        .order_by()
        .values("unit_id")
        .annotate(count=Count("id"))
    )
    return {row["unit_id"]: row["count"] for row in rows}


def units_without_reporters(unit_ids) -> list[Unit]:
    """The units among `unit_ids` that nobody could report for: no active liaison officer or
    unit leader account in the unit, its departments, or the ministry it belongs to (the same
    rule as access.may_edit_submission)."""
    unit_ids = set(unit_ids)
    staffed = set()
    people = User.objects.filter(
        is_active=True, role__in=(Role.UNIT_LIAISON, Role.UNIT_LEADER), unit__isnull=False
    ).values_list("unit_id", "unit__parent_id")
    for unit_id, parent_id in people:
        staffed.update({unit_id, parent_id} - {None})
    units = Unit.objects.filter(pk__in=unit_ids).order_by("sort_order", "pk")
    return [
        unit
        for unit in units
        if unit.pk not in staffed and (unit.parent_id is None or unit.parent_id not in staffed)
    ]


def units_asked_by_tasks(tasks) -> set[int]:
    """The lead and participating units of the tasks that a round over them would ask."""
    tasks = Task.objects.filter(
        pk__in=tasks.values("pk"), lead_unit__isnull=False, close_out__isnull=True
    )
    leads = set(tasks.values_list("lead_unit_id", flat=True))
    participants = Task.participating_units.through.objects.filter(task__in=tasks)
    return leads | set(participants.values_list("unit_id", flat=True))

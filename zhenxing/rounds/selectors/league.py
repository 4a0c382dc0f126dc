"""The league table of units: on-time reporting and acceptance across rounds."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhenxing.lib.periods import PeriodKind, parse_period, period_title
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.rounds.models import ReportingRound, Submission
from zhenxing.rounds.selectors.lights import is_due, submitted_by_due_date


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


def league_table(
    *, rounds=None, today: datetime.date | None = None, mechanism=None
) -> list[LeagueRow]:
    """Per unit: on-time rate (reports due so far, `is_due`), returned rate, completion of
    tasks led; in `mechanism`'s rounds and tasks when given (a dashboard's mechanism in use).

    Four queries; the submissions are grouped by unit id alone, without joins (see
    round_completion).
    """
    today = today or timezone.localdate()
    submissions = Submission.objects.order_by()
    round_dates = ReportingRound.objects.order_by()
    tasks = Task.objects.in_force()
    if mechanism is not None:
        submissions = within_mechanism(submissions, mechanism, "round__mechanism")
        round_dates = within_mechanism(round_dates, mechanism)
        tasks = within_mechanism(tasks, mechanism, "plan__mechanism")
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
        tasks.filter(lead_unit__isnull=False)
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

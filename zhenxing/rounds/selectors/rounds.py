"""A round's completion and progress, the review queue and what each unit still owes."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhenxing.lib.periods import parse_period
from zhenxing.rounds.models import ReportingRound, Submission
from zhenxing.rounds.selectors.league import unit_names


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


def rounds_in_period(label: str) -> QuerySet:
    """Rounds whose period overlaps the period `label` (2026Q3, 2026H1, 2026, 2026-10): what
    a report or the league table for that period counts."""
    _kind, start, end = parse_period(label)
    return ReportingRound.objects.filter(period_start__lte=end, period_end__gte=start)


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


def review_queue(submissions):
    """Reports waiting for review in open rounds, longest waiting first."""
    return (
        submissions.filter(
            status__in=Submission.WAITING_FOR_REVIEW, round__status=ReportingRound.Status.OPEN
        )
        .select_related("round", "task", "unit")
        .order_by("submitted_at", "pk")
    )


def outstanding_by_unit(round_: ReportingRound) -> dict[int, int]:
    """unit id → reports it still has to file (drafts and returned ones) in the round."""
    rows = (
        round_.submissions.filter(status__in=Submission.EDITABLE)
        .order_by()
        .values("unit_id")
        .annotate(count=Count("id"))
    )
    return {row["unit_id"]: row["count"] for row in rows}

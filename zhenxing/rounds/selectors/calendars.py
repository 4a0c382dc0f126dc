"""Reporting calendars per level (issue 17): lower levels report first.

A round of a lower mechanism for the same period (same period kind and label) falls due before
its parent mechanism's round. Each level reports a number of lead days before the top level's
due date (`settings.ROUND_LEAD_DAYS`, e.g. city 10, province 5), so a child's proposed due date
is its parent's minus the difference of their lead days (at least one day).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import top_mechanism, within_mechanism
from zhenxing.rounds.models import ReportingRound, RoundSchedule
from zhenxing.rounds.selectors.rounds import outstanding_by_unit


def lead_days(level: str) -> int:
    """Days a mechanism at `level` reports before the top level's due date."""
    return int(settings.ROUND_LEAD_DAYS.get(level, 0))


def child_lead_days(*, parent: Mechanism, child: Mechanism) -> int:
    """Days the child reports before its parent: the difference of their lead days, at least 1."""
    return max(lead_days(child.level) - lead_days(parent.level), 1)


def proposed_due_date(*, parent_due: datetime.date, parent: Mechanism, child: Mechanism):
    """The due date proposed for `child`'s round of the period its parent's falls due on."""
    return parent_due - datetime.timedelta(days=child_lead_days(parent=parent, child=child))


def _name(mechanism: Mechanism) -> str:
    return mechanism.short_name or mechanism.name


def _same_period(rounds, period_kind: str, period_label: str, exclude_pk=None):
    rounds = rounds.filter(period_kind=period_kind, period_label=period_label)
    return rounds.exclude(pk=exclude_pk) if exclude_pk else rounds


def calendar_conflicts(
    *,
    mechanism: Mechanism | None,
    period_kind: str,
    period_label: str,
    due_date: datetime.date,
    exclude_pk: int | None = None,
) -> list[str]:
    """Why a round of `mechanism` for the period due on `due_date` breaks the calendar: a parent
    round of the period due on or before it, or a child round due on or after it."""
    mechanism = mechanism or top_mechanism()
    if mechanism is None:
        return []
    problems = []
    if mechanism.parent_id:
        parent = mechanism.parent
        parent_rounds = within_mechanism(ReportingRound.objects.all(), parent)
        for round_ in _same_period(parent_rounds, period_kind, period_label, exclude_pk):
            if due_date >= round_.due_date:
                problems.append(
                    f"下级须先于上级报送：{_name(mechanism)}的截止日期（{due_date:%Y-%m-%d}）"
                    f"须早于上级{_name(parent)}“{round_.title}”的截止日期"
                    f"（{round_.due_date:%Y-%m-%d}）。"
                )
    child_rounds = ReportingRound.objects.filter(mechanism__parent=mechanism)
    for round_ in _same_period(child_rounds, period_kind, period_label, exclude_pk).select_related(
        "mechanism"
    ):
        if round_.due_date >= due_date:
            problems.append(
                f"下级须先于上级报送：下级{_name(round_.mechanism)}“{round_.title}”的截止日期"
                f"（{round_.due_date:%Y-%m-%d}）须早于{_name(mechanism)}的截止日期"
                f"（{due_date:%Y-%m-%d}）。"
            )
    return problems


def calendar_check(**kwargs) -> None:
    """Refuse (ValidationError) a round that would fall due after its parent's or on or before
    a child's (arguments as `calendar_conflicts`)."""
    problems = calendar_conflicts(**kwargs)
    if problems:
        raise ValidationError(problems)


def schedule_conflicts(
    *, mechanism: Mechanism, period_kind: str, days_after_period_end: int, exclude_pk=None
) -> list[str]:
    """Why a recurring schedule would put a level's rounds after its parent's (or a child's on
    or after its own): compared with the active schedules of the same period kind one level up
    and down."""
    schedules = RoundSchedule.objects.filter(period_kind=period_kind, is_active=True)
    if exclude_pk:
        schedules = schedules.exclude(pk=exclude_pk)
    problems = []
    if mechanism.parent_id:
        for schedule in schedules.filter(mechanism=mechanism.parent_id):
            if days_after_period_end >= schedule.days_after_period_end:
                problems.append(
                    f"下级须先于上级报送：{_name(mechanism)}期末后 {days_after_period_end} 天"
                    f"须早于上级{_name(mechanism.parent)}的期末后 "
                    f"{schedule.days_after_period_end} 天。"
                )
    for schedule in schedules.filter(mechanism__parent=mechanism).select_related("mechanism"):
        if schedule.days_after_period_end >= days_after_period_end:
            problems.append(
                f"下级须先于上级报送：下级{_name(schedule.mechanism)}期末后 "
                f"{schedule.days_after_period_end} 天须早于{_name(mechanism)}的期末后 "
                f"{days_after_period_end} 天。"
            )
    return problems


@dataclass
class CalendarRow:
    """One mechanism's line in a period's calendar: its rounds (each with `outstanding`, the
    reports still to file), or the due date proposed."""

    mechanism: Mechanism
    depth: int
    rounds: list[ReportingRound] = field(default_factory=list)
    proposed_due: datetime.date | None = None

    @property
    def indent(self) -> str:
        return "　" * self.depth

    def as_dict(self) -> dict:
        return {
            "mechanism": self.mechanism.code,
            "name": self.mechanism.name,
            "level": self.mechanism.level,
            "parent": self.mechanism.parent.code if self.mechanism.parent_id else None,
            "proposed_due_date": self.proposed_due,
            "rounds": [
                {
                    "id": round_.pk,
                    "title": round_.title,
                    "due_date": round_.due_date,
                    "status": round_.status,
                    "outstanding": round_.outstanding,
                }
                for round_ in self.rounds
            ],
        }


def descendants(mechanism: Mechanism) -> list[tuple[Mechanism, int]]:
    """`mechanism` and the mechanisms below it, depth first (national → province → city)."""
    below = {}
    for child in Mechanism.objects.exclude(parent=None).order_by("established_on", "code"):
        below.setdefault(child.parent_id, []).append(child)
    ordered, stack = [], [(mechanism, 0)]
    while stack:
        current, depth = stack.pop()
        ordered.append((current, depth))
        stack.extend((child, depth + 1) for child in reversed(below.get(current.pk, [])))
    return ordered


def calendar_rows(*, mechanism: Mechanism, period_label: str) -> list[CalendarRow]:
    """The period's calendar from `mechanism` down: each level's rounds in due-date order,
    outstanding reports per round, and for a level without a round the due date proposed
    from its parent's."""
    tree = descendants(mechanism)
    rounds = ReportingRound.objects.filter(
        mechanism__in=[m for m, _depth in tree], period_label=period_label
    )
    if mechanism.parent_id is None:
        rounds = rounds | ReportingRound.objects.filter(mechanism=None, period_label=period_label)
    by_mechanism = {}
    for round_ in rounds.order_by("due_date", "pk"):
        by_mechanism.setdefault(round_.mechanism_id or mechanism.pk, []).append(round_)
    rows, due_of = [], {}
    for current, depth in tree:
        row = CalendarRow(mechanism=current, depth=depth, rounds=by_mechanism.get(current.pk, []))
        parent_due = due_of.get(current.parent_id)
        if row.rounds:
            due_of[current.pk] = min(r.due_date for r in row.rounds)
        elif parent_due is not None:
            row.proposed_due = proposed_due_date(
                parent_due=parent_due, parent=current.parent, child=current
            )
            due_of[current.pk] = row.proposed_due
        for round_ in row.rounds:
            round_.outstanding = sum(outstanding_by_unit(round_).values())
        rows.append(row)
    return rows


def calendar_periods(mechanism: Mechanism) -> list[str]:
    """Period labels with rounds from `mechanism` down, latest first."""
    mechanisms = [m for m, _depth in descendants(mechanism)]
    rounds = ReportingRound.objects.filter(mechanism__in=mechanisms)
    if mechanism.parent_id is None:
        rounds = rounds | ReportingRound.objects.filter(mechanism=None)
    labels = rounds.order_by("-period_end").values_list("period_label", flat=True)
    return list(dict.fromkeys(labels))

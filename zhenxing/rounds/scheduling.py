"""Recurring rounds: when a period has ended, open its round once."""

import datetime

from django.utils import timezone

from zhenxing.lib.periods import period_bounds, previous_period_label
from zhenxing.policies.models import DivisionPlan
from zhenxing.rounds.models import ReportingRound, RoundSchedule
from zhenxing.rounds.services import round_open


def scheduled_rounds_open(today: datetime.date | None = None) -> list[ReportingRound]:
    """For each active schedule, open the round of the last complete period if not yet open."""
    today = today or timezone.localdate()
    opened = []
    schedules = RoundSchedule.objects.filter(
        is_active=True, plan__status=DivisionPlan.Status.PUBLISHED
    ).select_related("plan", "mechanism", "created_by")
    for schedule in schedules:
        label = previous_period_label(schedule.period_kind, today)
        if ReportingRound.objects.filter(schedule=schedule, period_label=label).exists():
            continue
        # Due N days after the period's end, as the schedule says, whenever the timer runs;
        # a timer that was stopped past that day opens the round due today.
        _start, period_end = period_bounds(schedule.period_kind, label)
        due_date = max(period_end + datetime.timedelta(days=schedule.days_after_period_end), today)
        opened.append(
            round_open(
                user=schedule.created_by,
                tasks=schedule.plan.tasks.all(),
                period_kind=schedule.period_kind,
                period_label=label,
                due_date=due_date,
                instructions=schedule.instructions,
                mechanism=schedule.mechanism,
                schedule=schedule,
            )
        )
    return opened

"""Recurring rounds: when a period has ended, open its round once."""

import datetime

from django.utils import timezone

from zhenxing.lib.periods import previous_period_label
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
        opened.append(
            round_open(
                user=schedule.created_by,
                tasks=schedule.plan.tasks.all(),
                period_kind=schedule.period_kind,
                period_label=label,
                due_date=today + datetime.timedelta(days=schedule.days_after_period_end),
                instructions=schedule.instructions,
                mechanism=schedule.mechanism,
                schedule=schedule,
            )
        )
    return opened

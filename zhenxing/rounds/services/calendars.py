"""Reporting calendars per level: open the levels below a round, each due before its parent."""

from django.db import transaction

from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.rounds.models import ReportingRound
from zhenxing.rounds.selectors.calendars import proposed_due_date
from zhenxing.rounds.services.rounds import round_open


@transaction.atomic
def round_children_open(*, round_: ReportingRound, user) -> list[ReportingRound]:
    """Open, for each mechanism below the round's, a round of the same period over the tasks
    cascaded from the round's tasks (published plans), due the lead days before its parent's;
    and so on down. Levels that already have a round of the period, or no cascaded task to
    report on, are left as they are. Returns the rounds opened."""
    opened = []
    mechanism = round_.mechanism
    if mechanism is None:
        return opened
    for child in mechanism.children.order_by("established_on", "code"):
        exists = ReportingRound.objects.filter(
            mechanism=child, period_kind=round_.period_kind, period_label=round_.period_label
        ).exists()
        tasks = Task.objects.filter(
            parent__in=round_.tasks.all(),
            plan__mechanism=child,
            plan__status=DivisionPlan.Status.PUBLISHED,
            close_out__isnull=True,
        )
        if exists or not tasks.exists():
            continue
        child_round = round_open(
            user=user,
            tasks=tasks,
            period_kind=round_.period_kind,
            period_label=round_.period_label,
            period_start=round_.period_start,
            period_end=round_.period_end,
            due_date=proposed_due_date(parent_due=round_.due_date, parent=mechanism, child=child),
            title=round_.title,
            instructions=round_.instructions,
            mechanism=child,
        )
        opened += [child_round, *round_children_open(round_=child_round, user=user)]
    return opened

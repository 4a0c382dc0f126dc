"""The rounds' periodic jobs, enqueued by `zhenxing worker` (the same work as
`zhenxing rounds send-reminders|open-scheduled`, which stay for a manual run)."""

import datetime

from django_tasks import task

from zhenxing.audit.context import acting_as
from zhenxing.lib.jobs import periodic


@periodic(every=datetime.timedelta(minutes=5))
@task()
def rounds_send_reminders() -> int:
    """Before, on and after the due date, tell units with reports outstanding — once each."""
    from zhenxing.rounds.reminders import reminders_send

    with acting_as(actor_name="job:rounds send-reminders"):
        return reminders_send()


@periodic(every=datetime.timedelta(minutes=5))
@task()
def rounds_open_scheduled() -> int:
    """Open the recurring rounds that are due."""
    from zhenxing.rounds.scheduling import scheduled_rounds_open

    with acting_as(actor_name="job:rounds open-scheduled"):
        return len(scheduled_rounds_open())

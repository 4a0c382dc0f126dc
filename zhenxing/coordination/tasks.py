"""Coordination's periodic job, enqueued by `zhenxing worker` (the same work as
`zhenxing coordination send-reminders`)."""

import datetime

from django_tasks import task

from zhenxing.audit.context import acting_as
from zhenxing.lib.jobs import periodic


@periodic(every=datetime.timedelta(minutes=5))
@task()
def coordination_send_reminders() -> int:
    """Tell asked units once that a response is due soon, due today or overdue."""
    from zhenxing.coordination.services import response_reminders_send

    with acting_as(actor_name="job:coordination send-reminders"):
        return response_reminders_send()

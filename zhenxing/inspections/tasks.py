"""Inspections' periodic job, enqueued by `zhenxing worker` (the same work as
`zhenxing inspections send-reminders`)."""

import datetime

from django_tasks import task

from zhenxing.audit.context import acting_as
from zhenxing.lib.jobs import periodic


@periodic(every=datetime.timedelta(minutes=5))
@task()
def inspections_send_reminders() -> int:
    """Tell responsible units once that a rectification item is due soon, today or overdue."""
    from zhenxing.inspections.services import rectification_reminders_send

    with acting_as(actor_name="job:inspections send-reminders"):
        return rectification_reminders_send()

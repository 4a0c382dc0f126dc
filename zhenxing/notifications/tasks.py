"""Background jobs of the notification channels (`zhenxing worker` runs them)."""

from django_tasks import task

from zhenxing.lib.jobs import enqueue_retry, may_retry


def _deliver(job, attempt_once, mark_failed, delivery_id: int, attempt: int) -> str:
    """One attempt of a delivery; a failure is retried later on the queue (5 s, 20 s, 45 s …),
    at most TASK_ATTEMPTS times, then the delivery is marked failed."""
    if attempt_once(delivery_id):
        return "delivered"
    if may_retry(attempt):
        enqueue_retry(job, delivery_id, attempt=attempt)
        return "retry"
    mark_failed(delivery_id)
    return "failed"


@task()
def webhook_deliver(delivery_id: int, attempt: int = 1) -> str:
    """Send one webhook delivery to a unit's robot (`_deliver`)."""
    from zhenxing.notifications import webhooks

    return _deliver(
        webhook_deliver,
        webhooks.webhook_delivery_attempt,
        webhooks.webhook_delivery_fail,
        delivery_id,
        attempt,
    )


@task()
def sms_deliver(delivery_id: int, attempt: int = 1) -> str:
    """Send one text message through the SMS gateway (`_deliver`)."""
    from zhenxing.notifications import sms

    return _deliver(
        sms_deliver, sms.sms_delivery_attempt, sms.sms_delivery_fail, delivery_id, attempt
    )

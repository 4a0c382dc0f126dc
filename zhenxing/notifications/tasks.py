"""Background jobs of the notification channels (`zhenxing worker` runs them)."""

from django_tasks import task

from zhenxing.lib.jobs import enqueue_retry, may_retry


@task()
def webhook_deliver(delivery_id: int, attempt: int = 1) -> str:
    """Send one webhook delivery; a failure is retried later on the queue (5 s, 20 s, 45 s …),
    at most TASK_ATTEMPTS times, then the delivery is marked failed."""
    from zhenxing.notifications.webhooks import webhook_delivery_attempt, webhook_delivery_fail

    if webhook_delivery_attempt(delivery_id):
        return "delivered"
    if may_retry(attempt):
        enqueue_retry(webhook_deliver, delivery_id, attempt=attempt)
        return "retry"
    webhook_delivery_fail(delivery_id)
    return "failed"

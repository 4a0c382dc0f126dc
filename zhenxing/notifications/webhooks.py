"""The webhook channel: each notification to a unit also goes, signed, to the unit's messaging
robot when `NOTIFICATION_WEBHOOKS_ENABLED` is on. A delivery row is written at once and sent by
a job (`notifications.tasks.webhook_deliver`), which retries failures on the queue.

The receiver checks `X-Zhenxing-Signature: sha256=<hex>`, the HMAC-SHA256 with the unit's
secret of `<X-Zhenxing-Timestamp>.<body>`, and may refuse old timestamps."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.notifications.models import UnitWebhook, WebhookDelivery


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def post_signed(url: str, secret: str, payload: dict) -> tuple[int | None, str]:
    """POST `payload` as JSON to `url`, signed with `secret` (see the module's docstring);
    the answer's status code (None when nothing answered) and an error text. Only http(s)."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Zhenxing-Timestamp": timestamp,
            "X-Zhenxing-Signature": signature(secret, timestamp, body),
        },
    )
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        # urlopen would also read file:// and ftp:// addresses: a receiver is only ever HTTP(S).
        return None, "只支持 http/https 地址"
    try:
        with urllib.request.urlopen(  # nosec B310  # scheme checked above: http or https only
            request, timeout=settings.NOTIFICATION_WEBHOOK_TIMEOUT_SECONDS
        ) as answer:
            return answer.status, ""
    except urllib.error.HTTPError as error:
        return error.code, str(error.reason)[:300]
    except (urllib.error.URLError, OSError) as error:
        return None, str(error)[:300]


def webhook_deliveries_create(*, unit_ids, kind: str, title: str, body: str = "", link: str = ""):
    """A delivery for each active webhook of the units, each sent by a job after the commit.
    Nothing when the channel is off."""
    if not settings.NOTIFICATION_WEBHOOKS_ENABLED:
        return []
    webhooks = UnitWebhook.objects.filter(unit_id__in=set(unit_ids), active=True)
    deliveries = [
        WebhookDelivery.objects.create(
            webhook=webhook, kind=kind, title=title[:200], body=body, link=link
        )
        for webhook in webhooks
    ]
    from zhenxing.notifications.tasks import webhook_deliver

    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: webhook_deliver.enqueue(pk))
    return deliveries


def webhook_delivery_attempt(delivery_id: int) -> bool:
    """POST the signed payload once; record the answer. True when delivered (2xx)."""
    delivery = WebhookDelivery.objects.select_related("webhook__unit").get(pk=delivery_id)
    payload = {
        "id": delivery.pk,
        "unit": delivery.webhook.unit.code,
        "kind": delivery.kind,
        "title": delivery.title,
        "body": delivery.body,
        "link": delivery.link,
        "created_at": delivery.created_at.isoformat(),
    }
    return delivery_attempt(delivery, delivery.webhook.url, delivery.webhook.secret, payload)


def delivery_attempt(delivery, url: str, secret: str, payload: dict) -> bool:
    """One attempt of a channel's delivery (`models.Delivery`): POST, record the answer. True
    when the receiver accepted it (2xx)."""
    delivery.attempts += 1
    delivery.response_status, delivery.error = post_signed(url, secret, payload)
    delivered = delivery.response_status is not None and 200 <= delivery.response_status < 300
    if delivered:
        delivery.status, delivery.delivered_at = delivery.Status.DELIVERED, timezone.now()
    delivery.save()
    return delivered


def webhook_delivery_fail(delivery_id: int) -> None:
    WebhookDelivery.objects.filter(pk=delivery_id).update(status=WebhookDelivery.Status.FAILED)

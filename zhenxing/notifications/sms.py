"""The SMS channel, a hook to the government SMS platform (短信平台): a notification of the kinds
that cannot wait (`NOTIFICATION_SMS_KINDS`: deadlines, chases by default) also goes as a text
message to each recipient with a mobile number, when `NOTIFICATION_SMS_GATEWAY_URL` is set (off
by default). A delivery row is written at once and sent by a job (`notifications.tasks.sms_deliver`),
which retries failures on the queue.

The gateway receives a POST of JSON `{"id", "phone", "text", "kind"}` signed as the webhooks
are (`X-Zhenxing-Signature: sha256=<hex>`, HMAC-SHA256 with `NOTIFICATION_SMS_SECRET` of
`<X-Zhenxing-Timestamp>.<body>`); a small adapter on the platform's side maps it to its own API."""

import re

from django.conf import settings
from django.db import transaction

from zhenxing.notifications.models import SmsDelivery
from zhenxing.notifications.webhooks import delivery_attempt

MOBILE = re.compile(r"1[3-9]\d{9}")
SIGNATURE = "【振兴】"


def mobile_number(phone: str) -> str | None:
    """The 11-digit mainland mobile number in what a person typed (spaces, dashes, +86 or 0086
    before it), or None for a landline, an extension or anything else."""
    digits = re.sub(r"[\s\-－—()（）]", "", phone or "")
    digits = re.sub(r"^(\+86|0086|86)(?=1\d{10}$)", "", digits)
    return digits if MOBILE.fullmatch(digits) else None


def sms_text(title: str) -> str:
    """The message: the platform's signature and the notification's title, cut to one SMS."""
    limit = settings.NOTIFICATION_SMS_MAX_CHARACTERS - len(SIGNATURE)
    return SIGNATURE + (title if len(title) <= limit else title[: limit - 1] + "…")


def sms_deliveries_create(*, recipients, kind: str, title: str) -> list[SmsDelivery]:
    """A text message for each recipient with a mobile number, each sent by a job after the
    commit. Nothing when the hook is off or the kind is not one that goes by SMS."""
    if not settings.NOTIFICATION_SMS_GATEWAY_URL or kind not in settings.NOTIFICATION_SMS_KINDS:
        return []
    deliveries = [
        SmsDelivery.objects.create(recipient=user, phone=phone, kind=kind, text=sms_text(title))
        for user in recipients
        if (phone := mobile_number(user.phone)) and user.is_active
    ]
    from zhenxing.notifications.tasks import sms_deliver

    for delivery in deliveries:
        transaction.on_commit(lambda pk=delivery.pk: sms_deliver.enqueue(pk))
    return deliveries


def sms_delivery_attempt(delivery_id: int) -> bool:
    """POST the signed message to the gateway once; record the answer. True when accepted (2xx)."""
    delivery = SmsDelivery.objects.get(pk=delivery_id)
    payload = {"id": delivery.pk, "phone": delivery.phone, "text": delivery.text}
    payload["kind"] = delivery.kind
    return delivery_attempt(
        delivery, settings.NOTIFICATION_SMS_GATEWAY_URL, settings.NOTIFICATION_SMS_SECRET, payload
    )


def sms_delivery_fail(delivery_id: int) -> None:
    SmsDelivery.objects.filter(pk=delivery_id).update(status=SmsDelivery.Status.FAILED)

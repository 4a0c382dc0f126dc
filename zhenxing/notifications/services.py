"""Sending notifications (in the application and by e-mail) and marking them read."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from zhenxing.notifications import selectors, sms, webhooks
from zhenxing.notifications.models import Notification


@transaction.atomic
def notifications_send(
    *, recipients, kind: str, title: str, body: str = "", link: str = "", dedup_key: str = ""
) -> int:
    """Create one notification per recipient (once per dedup key) and e-mail those with an
    address. Returns how many were created."""
    users = list({user.pk: user for user in recipients}.values())
    if dedup_key:
        already = set(
            Notification.objects.filter(dedup_key=dedup_key, recipient__in=users).values_list(
                "recipient_id", flat=True
            )
        )
        users = [user for user in users if user.pk not in already]
    if not users:
        return 0
    now = timezone.now()
    rows = [
        Notification(
            recipient=user, kind=kind, title=title[:200], body=body, link=link, dedup_key=dedup_key
        )
        for user in users
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    sms.sms_deliveries_create(recipients=users, kind=kind, title=title)
    mails = [
        (f"[振兴] {title}", f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in users
        if user.email
    ]
    if mails:
        send_mass_mail(mails, fail_silently=True)
        Notification.objects.filter(
            dedup_key=dedup_key, recipient__email__gt="", emailed_at__isnull=True
        ).filter(recipient__in=[u for u in users if u.email]).update(emailed_at=now)
    return len(rows)


def notification_send(*, recipient, **message) -> int:
    """One person's notification (see `notifications_send`)."""
    return notifications_send(recipients=[recipient], **message)


def notifications_send_to_units(*, unit_ids, **message) -> int:
    """Tell the liaisons and leaders of the units (see `selectors.unit_recipients`), and the
    units' messaging robots when the webhook channel is on (`webhooks`)."""
    unit_ids = list(unit_ids)
    sent = notifications_send(recipients=selectors.unit_recipients(unit_ids), **message)
    fields = {name: message[name] for name in ("kind", "title", "body", "link") if name in message}
    webhooks.webhook_deliveries_create(unit_ids=unit_ids, **fields)
    return sent


def notification_mark_read(*, notification: Notification) -> None:
    """Mark one notification read (its recipient has opened or dismissed it)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the person read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    return unread.update(read_at=timezone.now())

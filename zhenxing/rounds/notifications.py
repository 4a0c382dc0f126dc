"""In-app notifications and e-mail to the people of units (liaisons and leaders)."""

import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils import timezone

from zhenxing.mechanisms.models import LiaisonAssignment
from zhenxing.orgs.models import Role, User
from zhenxing.rounds.models import Notification, ReportingRound, Submission

RECIPIENT_ROLES = (Role.UNIT_LIAISON, Role.UNIT_LEADER)
DUE_SOON_DAYS = 3


def recipients_of(unit_ids) -> list[User]:
    """The active liaisons and leaders of the units (and of their departments), and the
    persons named as the units' liaison officers."""
    unit_ids = set(unit_ids)
    if not unit_ids:
        return []
    named = LiaisonAssignment.objects.current().filter(unit_id__in=unit_ids).values("person_id")
    return list(
        User.objects.filter(is_active=True).filter(
            Q(role__in=RECIPIENT_ROLES, unit_id__in=unit_ids)
            | Q(role__in=RECIPIENT_ROLES, unit__parent_id__in=unit_ids)
            | Q(pk__in=named)
        )
    )


def notify(
    users, *, kind: str, title: str, body: str = "", link: str = "", dedup_key: str = ""
) -> int:
    """Create one notification per user (once per dedup key) and e-mail those with an address."""
    users = list({user.pk: user for user in users}.values())
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


def notify_units(unit_ids, **message) -> int:
    return notify(recipients_of(unit_ids), **message)


def deadline_reminder(
    due_date: datetime.date, today: datetime.date, *, soon: str, due: str, late: str
) -> tuple[str, str] | None:
    """(kind, heading) of the reminder a deadline calls for today, or None: `soon` and `late`
    take the number of days (距截止还有{days}天 / 已逾期{days}天)."""
    days_left = (due_date - today).days
    if 0 < days_left <= DUE_SOON_DAYS:
        return "due_soon", soon.format(days=days_left)
    if days_left == 0:
        return "due_today", due
    if days_left < 0:
        return "overdue", late.format(days=-days_left)
    return None


def reminders_send(today: datetime.date | None = None) -> int:
    """Before the due date, on it and after it, tell units with reports outstanding — once each.

    Safe to run every few minutes: each reminder has a dedup key per round, unit and kind.
    """
    today = today or timezone.localdate()
    sent = 0
    outstanding = Submission.objects.filter(
        round__status=ReportingRound.Status.OPEN, status__in=Submission.EDITABLE
    )
    pending = outstanding.values_list(
        "round_id", "round__title", "round__due_date", "unit_id"
    ).distinct()
    for round_id, title, due_date, unit_id in pending:
        reminder = deadline_reminder(
            due_date,
            today,
            soon="距报送截止还有{days}天",
            due="今日为报送截止日",
            late="报送已逾期{days}天",
        )
        if reminder is None:
            continue
        kind, heading = reminder
        sent += notify_units(
            {unit_id},
            kind=kind,
            title=f"{heading}：{title}",
            body=f"截止日期 {due_date:%Y-%m-%d}，请尽快报送。",
            link=f"/rounds/{round_id}/",
            dedup_key=f"round:{round_id}:unit:{unit_id}:{kind}",
        )
    return sent

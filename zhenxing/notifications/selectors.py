"""Reads of notifications: whom a unit's messages reach, a person's messages and unread count."""

from django.db.models import Q, QuerySet

from zhenxing.mechanisms.models import LiaisonAssignment
from zhenxing.notifications.models import Notification
from zhenxing.orgs.models import Role, User

RECIPIENT_ROLES = (Role.UNIT_LIAISON, Role.UNIT_LEADER)


def unit_recipients(unit_ids) -> list[User]:
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


def notifications_for(user) -> QuerySet[Notification]:
    """The person's own messages, newest first."""
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

"""Who may read notifications: the people of the business pages that send them, each only
their own. One place, used by the pages and the bell.

The three administrators have no notifications page (403), as before the app moved out of
rounds; nobody sees or marks another person's messages (404)."""

from django.shortcuts import get_object_or_404

from zhenxing.notifications.models import Notification, WebhookDelivery
from zhenxing.orgs import access
from zhenxing.orgs.models import Role

READING_ROLES = (
    Role.SECRETARIAT_OFFICER,
    Role.UNIT_LIAISON,
    Role.UNIT_LEADER,
    Role.LEADING_GROUP_READER,
    Role.INSPECTOR,
)


def may_read_notifications(user) -> bool:
    return access.has_role(user, *READING_ROLES)


def shows_bell(user) -> bool:
    """The header's bell: not before the first password change, when no page can be used."""
    return may_read_notifications(user) and not user.must_change_password


def get_notification_for_user(user, pk) -> Notification:
    """The person's own notification; 404 for anyone else's (not even its existence is told)."""
    access.require(may_read_notifications(user))
    return get_object_or_404(Notification, pk=pk, recipient=user)


def may_read_deliveries(user) -> bool:
    """The webhook delivery log: the secretariat (all units) and a unit's people (their own)."""
    return access.is_secretariat(user) or access.acting_unit(user) is not None


def deliveries_visible_to(user):
    if access.is_secretariat(user):
        return WebhookDelivery.objects.all()
    unit = access.acting_unit(user)
    if unit is None:
        return WebhookDelivery.objects.none()
    return WebhookDelivery.objects.filter(webhook__unit=unit)

"""API: the signed-in person's own notifications (/api/v1/notifications): list, mark one read,
mark all read. The same access module and services as the notifications page.

Notifications belong to one person, not to a mechanism: the list is the person's own, whatever
mechanism is in use.
"""

import datetime

from django.http import HttpResponse
from ninja import Router, Schema

from zhenxing.lib.pagination import api_page
from zhenxing.notifications import access, selectors, services
from zhenxing.notifications.models import Notification, WebhookDelivery
from zhenxing.orgs.access import require

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: Notification.Kind
    title: str
    body: str
    link: str
    created_at: datetime.datetime
    read_at: datetime.datetime | None


class MarkedOut(Schema):
    marked: int


class DeliveryOut(Schema):
    id: int
    unit: str
    kind: Notification.Kind
    title: str
    status: WebhookDelivery.Status
    attempts: int
    response_status: int | None
    error: str
    created_at: datetime.datetime
    delivered_at: datetime.datetime | None

    @staticmethod
    def resolve_unit(delivery) -> str:
        return delivery.webhook.unit.code


@router.get("", response=list[NotificationOut])
def list_notifications(request, response: HttpResponse, unread: bool = False, cursor: str = ""):
    """The person's notifications, newest first (`unread=true`: only unread ones); the next and
    previous pages are in the `Link` header."""
    require(access.may_read_notifications(request.user))
    notifications = selectors.notifications_for(request.user)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    ordering = ["-created_at", "-id"]
    return api_page(request, response, notifications, ordering=ordering, cursor=cursor)


@router.get("/webhook-deliveries", response=list[DeliveryOut])
def list_webhook_deliveries(request, response: HttpResponse, cursor: str = ""):
    """The webhook channel's delivery log, newest first, as the page /notifications/webhooks/
    shows it: every unit's for the secretariat, a unit's own for its people."""
    require(access.may_read_deliveries(request.user))
    deliveries = access.deliveries_visible_to(request.user).select_related("webhook__unit")
    ordering = ["-created_at", "-id"]
    return api_page(request, response, deliveries, ordering=ordering, cursor=cursor)


@router.post("/read-all", response=MarkedOut)
def mark_all_read(request):
    require(access.may_read_notifications(request.user))
    return {"marked": services.notifications_mark_all_read(user=request.user)}


@router.post("/{int:notification_id}/read", response=NotificationOut)
def mark_read(request, notification_id: int):
    notification = access.get_notification_for_user(request.user, notification_id)
    services.notification_mark_read(notification=notification)
    return notification

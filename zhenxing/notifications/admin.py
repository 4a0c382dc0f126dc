"""Notifications in the admin site: read-only for the secretariat, to answer "was it sent, and
e-mailed?" (messages are written only by the senders' services)."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.notifications.models import (
    Notification,
    SmsDelivery,
    UnitWebhook,
    WebhookDelivery,
)
from zhenxing.orgs import access


def nobody(user) -> bool:
    return False


@admin.register(Notification)
class NotificationAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)
    list_display = ["created_at", "recipient", "kind", "title", "read_at", "emailed_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(UnitWebhook)
class UnitWebhookAdmin(RuledModelAdmin):
    """A unit's robot address and secret: kept with the reference data (units)."""

    view_rule = staticmethod(access.may_maintain_reference_data)
    write_rule = staticmethod(access.may_maintain_reference_data)
    list_display = ["unit", "url", "active"]
    autocomplete_fields = ["unit"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)
    list_display = ["created_at", "webhook", "title", "status", "attempts", "response_status"]
    list_filter = ["status"]
    list_select_related = ["webhook__unit"]


@admin.register(SmsDelivery)
class SmsDeliveryAdmin(RuledModelAdmin):
    """The SMS log: numbers shown masked (138****5678), for the secretariat to answer "was it
    sent?"."""

    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)
    list_display = ["created_at", "recipient", "masked_phone", "kind", "status", "attempts"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__username"]
    list_select_related = ["recipient"]
    exclude = ["phone"]
    readonly_fields = ["masked_phone"]

"""The signed-in person's notifications: the list, the bell's count, marking read."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhenxing.notifications import access, selectors, services
from zhenxing.orgs.access import require

PAGE_SIZE = 30


@login_required
def notification_list(request):
    require(access.may_read_notifications(request.user))
    notifications = selectors.notifications_for(request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


def notification_badge(request):
    """The bell's unread count, fetched by htmx so that other pages carry no extra query.

    Answers the count or nothing (204), never a redirect: htmx would swap the login page
    into the bell."""
    if not access.shows_bell(request.user):
        return HttpResponse(status=204)
    count = selectors.unread_count(request.user)
    return HttpResponse(str(count) if count else "", content_type="text/plain; charset=utf-8")


@login_required
@require_POST
def notification_read(request):
    """Mark one (`id`) or all notifications read; then go to `next` (the message's link)."""
    require(access.may_read_notifications(request.user))
    pk = request.POST.get("id", "")
    if pk.isdigit():
        notification = access.get_notification_for_user(request.user, int(pk))
        services.notification_mark_read(notification=notification)
    else:
        services.notifications_mark_all_read(user=request.user)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:notification_list")


@login_required
def webhook_delivery_list(request):
    """The webhook channel's delivery log, newest first."""
    require(access.may_read_deliveries(request.user))
    deliveries = access.deliveries_visible_to(request.user).select_related("webhook__unit")
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "enabled": settings.NOTIFICATION_WEBHOOKS_ENABLED}
    return render(request, "notifications/webhook_delivery_list.html", context)

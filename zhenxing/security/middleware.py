"""Session limits (idle and absolute) and the second factor required of administrators."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from zhenxing.security.models import AccountEvent
from zhenxing.security.receivers import LAST_ACTIVITY_AT, SIGNED_IN_AT
from zhenxing.security.selectors import second_factor_required

# Last activity is written at most this often: a session write per request would be wasteful.
ACTIVITY_RESOLUTION_SECONDS = 60


class SessionLimitsMiddleware:
    """Ends a session idle longer than SESSION_IDLE_TIMEOUT or older than SESSION_ABSOLUTE_LIMIT."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            request.zhenxing_logout_kind = AccountEvent.Kind.SESSION_EXPIRED
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "会话已超时，请重新登录。"}, status=401)
            messages.info(request, _("会话已超时，请重新登录。"))
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(request) -> bool:
        session, now = request.session, time.time()
        signed_in_at = session.get(SIGNED_IN_AT)
        last_activity_at = session.get(LAST_ACTIVITY_AT)
        if signed_in_at is None:
            # A session opened without the login signal: its limits start now.
            session[SIGNED_IN_AT] = session[LAST_ACTIVITY_AT] = now
            return False
        if now - signed_in_at > settings.SESSION_ABSOLUTE_LIMIT:
            return True
        if last_activity_at is not None and now - last_activity_at > settings.SESSION_IDLE_TIMEOUT:
            return True
        if last_activity_at is None or now - last_activity_at > ACTIVITY_RESOLUTION_SECONDS:
            session[LAST_ACTIVITY_AT] = now
        return False


# What an administrator may reach before the second factor: signing in and out, the factor.
SECOND_FACTOR_ALLOWED_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/security/second-factor/",
    "/static/",
    "/i18n/",
)


class SecondFactorRequiredMiddleware:
    """Sends a person who must use a second factor to enter (or enrol) it before anything else.

    Covers every page, /admin/ included, and the API reached with a session; an API token
    is issued only from a page behind this door.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and second_factor_required(user, request.session)
            and not user.is_verified()
            and not request.path.startswith(SECOND_FACTOR_ALLOWED_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "请先完成动态口令验证。"}, status=403)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"/security/second-factor/?{query}")
        return self.get_response(request)

"""Sign-in events from Django's and django-axes' authentication signals.

These signals are the only place where every way in (login page, admin login, API token)
meets, so the events are written here rather than in each view; the change log then
records each event like any other row (audit/receivers.py).
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from zhenxing.security.models import AccountEvent
from zhenxing.security.selectors import SECOND_FACTOR_ENROLLED, confirmed_device, password_expired
from zhenxing.security.services import account_event_record

SIGNED_IN_AT = "zhenxing_signed_in_at"
LAST_ACTIVITY_AT = "zhenxing_last_activity_at"


def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_ACTIVITY_AT] = now
        request.session[SECOND_FACTOR_ENROLLED] = confirmed_device(user) is not None
    account_event_record(kind=AccountEvent.Kind.LOGIN, request=request, user=user)
    if not user.must_change_password and password_expired(user):
        # The first-login change flow (orgs.middleware) then asks for a new password.
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])


def _logged_out(sender, request, user, **kwargs):
    kind = getattr(request, "zhenxing_logout_kind", AccountEvent.Kind.LOGOUT)
    account_event_record(kind=kind, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    account_event_record(
        kind=AccountEvent.Kind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username") or ""),
    )


def _locked_out(sender, request, username, ip_address, **kwargs):
    account_event_record(
        kind=AccountEvent.Kind.LOCKED_OUT, request=request, username=str(username or "")
    )


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="security_logged_in")
    user_logged_out.connect(_logged_out, dispatch_uid="security_logged_out")
    user_login_failed.connect(_login_failed, dispatch_uid="security_login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="security_locked_out")

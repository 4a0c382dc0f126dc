"""Reads for lockouts, password history and sign-in events."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenxing.orgs.models import ADMINISTRATOR_ROLES
from zhenxing.security.models import PasswordHistory

# Set in the session at login for a person who enrolled an authenticator of their own accord.
SECOND_FACTOR_ENROLLED = "zhenxing_second_factor_enrolled"


def second_factor_required(user, session=None) -> bool:
    """The three administrators always; everyone when SECOND_FACTOR_FOR_ALL is set; anyone
    who enrolled an authenticator (known from the session, so no query per request)."""
    return (
        settings.SECOND_FACTOR_FOR_ALL
        or user.role in ADMINISTRATOR_ROLES
        or user.is_superuser
        or bool(session is not None and session.get(SECOND_FACTOR_ENROLLED))
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recent_password_hashes(user, count: int) -> list[str]:
    """The hashes of the `count` passwords `user` held most recently (the current one first)."""
    return list(
        PasswordHistory.objects.filter(user=user).values_list("password_hash", flat=True)[:count]
    )


def password_set_at(user) -> datetime.datetime:
    """When `user`'s current password was set: its history entry, else the account's opening."""
    latest = PasswordHistory.objects.filter(user=user).values_list("created_at", flat=True).first()
    return latest or user.date_joined


def password_expired(user, now: datetime.datetime | None = None) -> bool:
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days <= 0 or not user.has_usable_password():
        return False
    now = now or timezone.now()
    return now - password_set_at(user) > datetime.timedelta(days=days)


def current_lockouts() -> list[dict]:
    """Accounts and addresses at or over the failure limit within the cool-off.

    Attempts are kept per (account, address); an account is locked by its failures from all
    addresses, an address by its failures over all accounts.
    """
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    totals: dict[tuple[str, str], dict] = {}
    for attempt in AccessAttempt.objects.filter(attempt_time__gte=since):
        for parameter in ("username", "ip_address"):
            value = getattr(attempt, parameter)
            if not value:
                continue
            total = totals.setdefault(
                (parameter, value),
                {"parameter": parameter, "value": value, "failures": 0, "last_attempt": None},
            )
            total["failures"] += attempt.failures_since_start
            if total["last_attempt"] is None or attempt.attempt_time > total["last_attempt"]:
                total["last_attempt"] = attempt.attempt_time
    lockouts = [
        total | {"until": total["last_attempt"] + settings.AXES_COOLOFF_TIME}
        for total in totals.values()
        if total["failures"] >= settings.AXES_FAILURE_LIMIT
    ]
    return sorted(lockouts, key=lambda total: total["last_attempt"], reverse=True)

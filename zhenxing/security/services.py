"""Writes for sign-in events, lockout release, password history and one-time resets."""

from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.db import transaction

from zhenxing.audit.context import acting_as, current
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notification_send
from zhenxing.orgs import access
from zhenxing.orgs.models import User
from zhenxing.orgs.services import one_time_password
from zhenxing.security.models import AccountEvent, PasswordHistory


def client_address(request) -> str | None:
    """The client's address as the lockout counts it (PROXY_COUNT decides which header)."""
    if request is None:
        return None
    return get_client_ip_address(request) or None


def account_event_record(*, kind: str, request=None, username: str = "", user=None):
    """Write one sign-in event; the change log records it under the person it concerns."""
    username = (username or (user.get_username() if user is not None else ""))[:150]
    context = current()
    with acting_as(
        user=user,
        # A failed attempt is nobody's act: the name tried is in the event, not the actor.
        actor_name=username if user is not None else "anonymous",
        request_id=getattr(request, "request_id", "") or context.request_id,
    ):
        return AccountEvent.objects.create(
            kind=kind,
            username=username,
            user=user,
            address=client_address(request),
            channel=(request.path[:60] if request is not None else ""),
        )


@transaction.atomic
def password_history_record(*, user, keep: int) -> None:
    """Remember `user`'s current password hash; keep the last `keep` only."""
    PasswordHistory.objects.create(user=user, password_hash=user.password)
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


@transaction.atomic
def lockout_release(*, actor, parameter: str, value: str, request=None) -> int:
    """Release a locked-out account (`username`) or address (`ip_address`) before its cool-off."""
    access.require(access.may_grant_roles(actor))
    if parameter == "username":
        released = axes_reset(username=value)
    elif parameter == "ip_address":
        released = axes_reset(ip=value)
    else:
        raise ValueError(parameter)
    AccountEvent.objects.create(
        kind=AccountEvent.Kind.RELEASED,
        username=value if parameter == "username" else "",
        address=value if parameter == "ip_address" else None,
        user=User.objects.filter(username=value).first() if parameter == "username" else None,
        channel=(request.path[:60] if request is not None else ""),
    )
    return released


def may_reset_password(actor, target) -> bool:
    """Only the system administrator, for another person's account that is no administrator's.

    An administrator's account is never reset by another administrator alone: the
    application refuses, and the operator resets it at the server console in the presence
    of a second administrator (`zhenxing security reset-password`, docs/security/auth.md).
    """
    return (
        access.may_manage_accounts(actor)
        and target.pk != actor.pk
        and target.is_active
        and not target.is_administrator
        and not target.is_superuser
    )


@transaction.atomic
def password_reset_issue(*, target, actor=None) -> str:
    """Replace `target`'s password with a one-time one, to be changed at the next login.

    Nobody chooses it: it is generated, shown once to whoever issued it, and the person is
    told in the application (and by e-mail when they have an address). Their sessions end,
    as the password they were opened with no longer holds. `actor` None is the console.
    """
    if actor is not None:
        access.require(may_reset_password(actor, target))
    password = one_time_password()
    target.set_password(password)
    target.must_change_password = True
    target.save()
    by = actor.get_username() if actor is not None else "console"
    notification_send(
        recipient=target,
        kind=Notification.Kind.ACCOUNT,
        title="您的密码已被重置",
        body=(
            f"{by} 已为您签发一次性密码，下次登录时须设置新密码。"
            "如非本人申请，请立即联系安全管理员。"
        ),
        link="/accounts/password/",
    )
    return password


def active_superusers():
    """Accounts that bypass every rule: none may remain active after set-up."""
    return User.objects.filter(is_superuser=True, is_active=True).order_by("username")

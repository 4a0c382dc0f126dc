"""The second factor, lockout release (security administrator) and one-time password resets."""

import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenxing.orgs import access
from zhenxing.orgs.models import User
from zhenxing.security.forms import LockoutReleaseForm, SecondFactorForm
from zhenxing.security.selectors import confirmed_device, current_lockouts
from zhenxing.security.services import lockout_release, may_reset_password, password_reset_issue


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "/"


@never_cache  # the enrolment page shows the secret key
@login_required
def second_factor(request):
    """Enter the TOTP code; without a confirmed device, enrol one first (QR code drawn here)."""
    device = confirmed_device(request.user)
    if device is not None and request.user.is_verified():
        return render(request, "security/second_factor.html", {"active": True})
    enrolling = device is None
    if enrolling:
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "TOTP"}
        )
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            if enrolling:
                device.confirmed = True
                device.save()
            otp_login(request, device)
            messages.success(request, _("动态口令验证通过。"))
            return redirect(_next_url(request))
        form.add_error("token", _("动态口令不正确或已过期。"))
    context = {"form": form, "enrolling": enrolling, "next": _next_url(request)}
    if enrolling:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=5)
        context["secret"] = _base32_key(device)
    return render(request, "security/second_factor.html", context)


def _base32_key(device) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def lockout_list(request):
    access.require(access.may_grant_roles(request.user))
    return render(request, "security/lockout_list.html", {"lockouts": current_lockouts()})


@login_required
@require_POST
def lockout_release_view(request):
    access.require(access.may_grant_roles(request.user))
    form = LockoutReleaseForm(request.POST)
    if form.is_valid():
        lockout_release(
            actor=request.user,
            parameter=form.cleaned_data["parameter"],
            value=form.cleaned_data["value"],
            request=request,
        )
        messages.success(request, _("已解除锁定：%(value)s") % form.cleaned_data)
    return redirect("security:lockout_list")


@never_cache  # the answer shows the one-time password
@login_required
def password_reset(request, pk):
    """The system administrator issues a one-time password; nobody chooses one for another."""
    target = get_object_or_404(User, pk=pk)
    access.require(may_reset_password(request.user, target))
    one_time = None
    if request.method == "POST":
        one_time = password_reset_issue(target=target, actor=request.user)
    return render(request, "security/password_reset.html", {"target": target, "one_time": one_time})


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out person sees (AXES_LOCKOUT_CALLABLE): a message, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "登录失败次数过多，已暂时锁定，请稍后再试。", "minutes": minutes},
            status=429,
        )
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "security/locked_out.html", context, status=429)

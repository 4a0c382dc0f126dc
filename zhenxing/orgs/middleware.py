"""Accounts created with a one-time password must set their own before doing anything else."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Only what changing the password needs: not the token page, whose tokens would reach the API.
ALLOWED_PREFIXES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/",
    "/security/second-factor/",
    "/static/",
    "/i18n/",
)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "请先修改初始密码。"}, status=403)
            if request.headers.get("HX-Request"):
                # An htmx fragment would swap the whole password page into the page: send nothing.
                return HttpResponse(status=204)
            return redirect(reverse("accounts:password_change"))
        return self.get_response(request)

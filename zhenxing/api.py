"""The JSON API root (/api/v1): closed by default, session or bearer token, one access module."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from zhenxing.audit.api import router as audit_router
from zhenxing.audit.context import rebind_user
from zhenxing.coordination.api import router as coordination_router
from zhenxing.enterprises.api import router as enterprises_router
from zhenxing.funds.api import router as funds_router
from zhenxing.indicators.api import indicators_router
from zhenxing.indicators.api import router as figures_router
from zhenxing.inspections.api import router as inspections_router
from zhenxing.lib.pagination import BadCursor
from zhenxing.mechanisms.api import router as mechanisms_router
from zhenxing.notifications.api import router as notifications_router
from zhenxing.orgs.api import router as orgs_router
from zhenxing.orgs.models import ApiScope
from zhenxing.orgs.services import ApiTokenExpired, api_token_find
from zhenxing.pairings.api import router as pairings_router
from zhenxing.pilots.api import router as pilots_router
from zhenxing.policies.api import router as policies_router
from zhenxing.programmes.api import router as programmes_router
from zhenxing.projects.api import router as projects_router
from zhenxing.reports.api import router as reports_router
from zhenxing.reviews.api import router as reviews_router
from zhenxing.rounds.api import router as rounds_router
from zhenxing.specialplans.api import router as specialplans_router
from zhenxing.transformations.api import router as transformations_router


class LockedOut(Exception):
    """Too many failed logins or tokens from this address (django-axes)."""


class OutOfScope(Exception):
    """A token's scopes do not allow this request (a write out of its scopes, or read-only)."""


# Each router's URL prefix (the first segment after /api/v1/) and the token scope that lets a
# token write there (docs/api.md "Scopes"); "" is the root router (me, units, regions).
ROUTERS = [
    ("", orgs_router, ApiScope.UNITS),
    ("mechanisms", mechanisms_router, ApiScope.MECHANISMS),
    ("audit", audit_router, ApiScope.AUDIT),
    ("reports", reports_router, ApiScope.REPORTS),
    ("rounds", rounds_router, ApiScope.ROUNDS),
    ("policies", policies_router, ApiScope.POLICIES),
    ("projects", projects_router, ApiScope.PROJECTS),
    ("coordination", coordination_router, ApiScope.COORDINATION),
    ("inspections", inspections_router, ApiScope.INSPECTIONS),
    ("enterprises", enterprises_router, ApiScope.ENTERPRISES),
    ("reviews", reviews_router, ApiScope.REVIEWS),
    ("figures", figures_router, ApiScope.INDICATORS),
    ("indicators", indicators_router, ApiScope.INDICATORS),
    ("programmes", programmes_router, ApiScope.PROGRAMMES),
    ("pairings", pairings_router, ApiScope.PAIRINGS),
    ("funds", funds_router, ApiScope.FUNDS),
    ("pilots", pilots_router, ApiScope.PILOTS),
    ("specialplans", specialplans_router, ApiScope.SPECIAL_PLANS),
    ("transformations", transformations_router, ApiScope.TRANSFORMATIONS),
    ("notifications", notifications_router, ApiScope.NOTIFICATIONS),
]
SCOPE_OF_PREFIX = {prefix: scope for prefix, _router, scope in ROUTERS}


def scope_of_request(request) -> str:
    """The scope of the router a request goes to, read from its path."""
    root = reverse("api:api-root")
    segment = request.path[len(root) :].split("/", 1)[0] if request.path.startswith(root) else ""
    return SCOPE_OF_PREFIX.get(segment, SCOPE_OF_PREFIX[""])


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        # A wrong token counts as a failed login of the address, as on the login page; the
        # prefix stands for the account, which a wrong token cannot name.
        credentials = {"username": f"token:{(token or '')[:8]}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            raise LockedOut
        found = api_token_find(token)
        if found is None:
            user_login_failed.send(sender=type(self), credentials=credentials, request=request)
            return None
        user = found.user
        if user.must_change_password:
            # As for a session (PasswordChangeRequiredMiddleware): a token must not get round it.
            raise PermissionDenied
        # Scopes are checked here, once for every operation, by the router the path goes to.
        refusal = found.refusal(method=request.method, scope=scope_of_request(request))
        if refusal:
            raise OutOfScope(refusal)
        request.user = user
        rebind_user(user)
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Token"

    def authenticate(self, request, key):
        if not key:  # ninja asks even when the header is absent: that is no failed attempt
            return None
        return BearerToken().authenticate(request, key)


api = NinjaAPI(
    title="zhenxing API",
    version="1",
    description="振兴 · 工作机制数据接口。所有接口均需登录会话或接口令牌（Authorization: Bearer …）。",
    # Tokens first: django_auth checks CSRF before looking for a session, so placed first it
    # would refuse every token-authenticated write, which carries no CSRF cookie.
    auth=[BearerToken(), HeaderToken(), django_auth],
    docs_decorator=login_required,
    urls_namespace="api",
)
for prefix, router, _scope in ROUTERS:
    api.add_router(f"/{prefix}", router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "无权访问。"}, status=403)


@api.exception_handler(OutOfScope)
def out_of_scope(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(BadCursor)
def bad_cursor(request, exc):
    detail = "cursor 无效：请使用上一页响应 Link 头中的链接。"
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(LockedOut)
def locked_out(request, exc):
    return api.create_response(
        request, {"detail": "登录失败次数过多，已暂时锁定，请稍后再试。"}, status=429
    )


@api.exception_handler(ApiTokenExpired)
def token_expired(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=401)


# Bad input that reaches the database or the request parser: a 400 with a message, never a 500.
# SQLite refuses integers beyond 64 bits (an id of 2**63) with OverflowError; PostgreSQL
# refuses out-of-range numbers, over-long text and NUL characters with DataError.
@api.exception_handler(OverflowError)
def number_out_of_range(request, exc):
    return api.create_response(request, {"detail": "请求中的数字超出允许范围。"}, status=400)


@api.exception_handler(DataError)
def data_out_of_range(request, exc):
    detail = "请求中的数据超出字段允许的范围或含有不允许的字符（如 NUL）。"
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(MultiPartParserError)
def malformed_multipart(request, exc):
    detail = f"请求体不是有效的 multipart/form-data（{exc}）。"
    return api.create_response(request, {"detail": detail}, status=400)

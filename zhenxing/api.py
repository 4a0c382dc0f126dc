"""The JSON API root (/api/v1): closed by default, session or bearer token, one access module."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from zhenxing.audit.api import router as audit_router
from zhenxing.audit.context import rebind_user
from zhenxing.coordination.api import router as coordination_router
from zhenxing.indicators.api import indicators_router
from zhenxing.indicators.api import router as figures_router
from zhenxing.inspections.api import router as inspections_router
from zhenxing.mechanisms.api import router as mechanisms_router
from zhenxing.orgs.api import router as orgs_router
from zhenxing.orgs.services import api_token_authenticate
from zhenxing.policies.api import router as policies_router
from zhenxing.projects.api import router as projects_router
from zhenxing.reports.api import router as reports_router
from zhenxing.rounds.api import router as rounds_router


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            return None
        if user.must_change_password:
            # As for a session (PasswordChangeRequiredMiddleware): a token must not get round it.
            raise PermissionDenied
        request.user = user
        rebind_user(user)
        return user


class HeaderToken(APIKeyHeader):
    param_name = "X-API-Token"

    def authenticate(self, request, key):
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
api.add_router("/", orgs_router)
api.add_router("/mechanisms", mechanisms_router)
api.add_router("/audit", audit_router)
api.add_router("/reports", reports_router)
api.add_router("/rounds", rounds_router)
api.add_router("/policies", policies_router)
api.add_router("/projects", projects_router)
api.add_router("/coordination", coordination_router)
api.add_router("/inspections", inspections_router)
api.add_router("/figures", figures_router)
api.add_router("/indicators", indicators_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "无权访问。"}, status=403)

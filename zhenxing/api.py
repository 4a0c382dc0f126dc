"""The JSON API root (/api/v1): closed by default, session or bearer token, one access module."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from zhenxing.audit.api import router as audit_router
from zhenxing.audit.context import rebind_user
from zhenxing.mechanisms.api import router as mechanisms_router
from zhenxing.orgs.api import router as orgs_router
from zhenxing.orgs.services import api_token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is None:
            return None
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
    auth=[django_auth, BearerToken(), HeaderToken()],
    docs_decorator=login_required,
    urls_namespace="api",
)
api.add_router("/", orgs_router)
api.add_router("/mechanisms", mechanisms_router)
api.add_router("/audit", audit_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": "无权访问。"}, status=403)

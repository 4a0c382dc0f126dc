"""Navigation entries for the signed-in user's role, computed by the access module."""

from django.conf import settings

from zhenxing.orgs import access


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "site_title": settings.SITE_TITLE,
        "nav": {
            "business": access.may_use_business_pages(user),
            "audit": access.may_read_audit_log(user),
            "admin": access.may_use_admin_site(user),
            "lockouts": access.may_grant_roles(user),
        },
    }

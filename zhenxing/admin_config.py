"""Django admin, with the site whose door is the access module (zhenxing.admin_site)."""

from django.contrib.admin.apps import AdminConfig


class ZhenxingAdminConfig(AdminConfig):
    default_site = "zhenxing.admin_site.ZhenxingAdminSite"

"""The administration site, opened by the access module rather than Django's is_staff flag."""

from django.contrib import admin

from zhenxing.orgs import access


class ZhenxingAdminSite(admin.AdminSite):
    site_header = "振兴 · 系统管理"
    site_title = "振兴 · 系统管理"
    index_title = "管理"

    def has_permission(self, request):
        return access.may_use_admin_site(request.user)


class RuledModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose permissions come from two access rules: who reads, who writes."""

    view_rule = staticmethod(access.may_maintain_reference_data)
    write_rule = staticmethod(access.may_maintain_reference_data)
    allow_delete = False

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            self._superuser(request)
            or self.view_rule(request.user)
            or self.write_rule(request.user)
        )

    def has_change_permission(self, request, obj=None):
        return self._superuser(request) or self.write_rule(request.user)

    def has_add_permission(self, request):
        return self._superuser(request) or self.write_rule(request.user)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request) or (self.allow_delete and self.write_rule(request.user))

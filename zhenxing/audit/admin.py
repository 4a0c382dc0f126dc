from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs import access


@admin.register(ChangeRecord)
class ChangeRecordAdmin(RuledModelAdmin):
    """Read-only: the audit administrator reads; nobody writes."""

    view_rule = staticmethod(access.may_read_audit_log)
    write_rule = staticmethod(lambda user: False)
    list_display = ["time", "actor_name", "action", "content_type", "object_repr", "request_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["actor_name", "object_repr", "request_id"]

    def has_view_permission(self, request, obj=None):
        return access.may_read_audit_log(request.user)

    # Not even a superuser may write: the log is append-only and only the receiver appends.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

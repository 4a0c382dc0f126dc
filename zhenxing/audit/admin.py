from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.audit import redaction
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
    # The units' text is shown as a marker here too (audit/redaction.py).
    exclude = ["before", "after"]
    readonly_fields = ["visible_before", "visible_after"]

    @admin.display(description=_("修改前"))
    def visible_before(self, record):
        return redaction.visible_before(record)

    @admin.display(description=_("修改后"))
    def visible_after(self, record):
        return redaction.visible_after(record)

    def has_view_permission(self, request, obj=None):
        return access.may_read_audit_log(request.user)

    # Not even a superuser may write: the log is append-only and only the receiver appends.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

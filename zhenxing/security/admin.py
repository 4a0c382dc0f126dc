"""Sign-in events in the admin site, for the audit administrator, who reviews them with the
change log; nobody writes them there. Password history is not registered: it holds hashes."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin, nobody
from zhenxing.orgs import access
from zhenxing.security.models import AccountEvent


@admin.register(AccountEvent)
class AccountEventAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.may_read_audit_log)
    write_rule = staticmethod(nobody)
    list_display = ["time", "kind", "username", "address", "channel"]
    list_filter = ["kind"]
    search_fields = ["username", "address"]

    # Like the change log, the events are appended by the receivers only, not even by a superuser.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

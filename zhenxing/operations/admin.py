"""The job queue's workers in the admin site: the system administrator reads their heartbeats
(which worker runs where, since when, its last beat) and when each periodic job last went on
the queue; nobody edits them, the workers write."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin, nobody
from zhenxing.operations.models import PeriodicRun, TableGeneration, WorkerHeartbeat
from zhenxing.orgs import access


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.may_watch_operations)
    write_rule = staticmethod(nobody)
    list_display = ["worker_id", "hostname", "started_at", "beat_at"]
    readonly_fields = [field.name for field in WorkerHeartbeat._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeriodicRun)
class PeriodicRunAdmin(WorkerHeartbeatAdmin):
    list_display = ["name", "last_enqueued_at"]
    readonly_fields = [field.name for field in PeriodicRun._meta.fields]


@admin.register(TableGeneration)
class TableGenerationAdmin(WorkerHeartbeatAdmin):
    """How many committed writes each table has had, as the cached lists count them."""

    list_display = ["table", "value"]
    readonly_fields = [field.name for field in TableGeneration._meta.fields]

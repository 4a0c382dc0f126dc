"""Policy data in the admin site: read-only for the secretariat (documents are imported and
parsed, plans proposed and published, and a published task changes only with a TaskRevision, all
through the pages and services). A document's parsed nodes are read on its page."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task, TaskRevision, TaskRollup


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "document_number", "issuer", "issued_on", "kind", "imported_at"]
    list_filter = ["kind", "source_format"]
    search_fields = ["title", "document_number", "issuer"]
    # The original file is served by the document page, which checks access.
    exclude = ["original_file"]
    raw_id_fields = ["issuer_unit", "mechanism", "imported_by"]


@admin.register(DivisionPlan)
class DivisionPlanAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "mechanism", "status", "published_at", "updated_at"]
    list_filter = ["status", "mechanism"]
    search_fields = ["title"]
    raw_id_fields = ["document", "published_by"]


@admin.register(Task)
class TaskAdmin(ReadOnlyModelAdmin):
    list_display = ["code", "title", "plan", "lead_unit", "due_date", "priority"]
    list_filter = ["priority", "plan__status"]
    search_fields = ["code", "title", "lead_units_written"]
    raw_id_fields = ["plan", "parent", "source_node", "lead_unit", "participating_units"]
    show_full_result_count = False


@admin.register(TaskRevision)
class TaskRevisionAdmin(ReadOnlyModelAdmin):
    list_display = ["task", "changed_at", "changed_by", "previous_due_date", "new_due_date"]
    search_fields = ["task__code", "task__title", "reason"]
    raw_id_fields = ["task", "changed_by"]


@admin.register(TaskRollup)
class TaskRollupAdmin(ReadOnlyModelAdmin):
    list_display = ["task", "light", "children_complete", "children_total", "computed_on"]
    list_filter = ["light"]
    raw_id_fields = ["task"]

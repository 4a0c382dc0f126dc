from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.projects.models import ImportJob, Project, SignedProject, SigningEvent


@admin.register(Project)
class ProjectAdmin(RuledModelAdmin):
    """Corrections by the secretariat; day-to-day work is done on the project pages."""

    list_display = ["national_code", "name", "region", "stage", "total_investment", "updated_at"]
    list_filter = ["stage", "industry", "province_code"]
    search_fields = ["national_code", "name", "owner"]
    raw_id_fields = ["region", "responsible_unit", "signing_event"]
    filter_horizontal = ["tasks"]
    show_full_result_count = False


@admin.register(SigningEvent)
class SigningEventAdmin(RuledModelAdmin):
    list_display = ["name", "kind", "start_date", "place", "announced_project_count"]
    search_fields = ["name", "place"]


@admin.register(SignedProject)
class SignedProjectAdmin(RuledModelAdmin):
    list_display = ["name", "event", "region", "signed_amount", "stage"]
    list_filter = ["stage", "event"]
    search_fields = ["name", "investor"]
    raw_id_fields = ["region", "project", "responsible_unit"]


@admin.register(ImportJob)
class ImportJobAdmin(RuledModelAdmin):
    list_display = [
        "original_name",
        "uploaded_by",
        "created_at",
        "status",
        "imported_count",
        "rejected_count",
    ]
    list_filter = ["status", "mode"]
    readonly_fields = [field.name for field in ImportJob._meta.fields]

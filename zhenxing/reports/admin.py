"""Reports in the admin site: read-only for the secretariat (drafts are edited and finalised on
the report's page, which stores the snapshot and the files' SHA-256 together)."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.reports.models import Report


@admin.register(Report)
class ReportAdmin(ReadOnlyModelAdmin):
    list_display = ["__str__", "kind", "period_label", "mechanism", "status", "finalised_at"]
    list_filter = ["kind", "status", "mechanism"]
    search_fields = ["title", "period_label"]
    # The files are served by the report's download view, which checks access; the snapshot
    # is the content they were rendered from.
    exclude = ["docx_file", "pdf_file", "xlsx_file", "snapshot"]
    raw_id_fields = ["plan", "round", "created_by", "finalised_by"]

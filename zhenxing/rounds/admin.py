"""Reporting data in the admin site: read-only for the secretariat (rounds open and close,
submissions move through review with snapshots, extensions and ratings are decided, all through
the pages and services). Snapshots, review events, evidence and coordination needs are read on
the submission's page."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.rounds.models import (
    Assessment,
    Chase,
    CloseOut,
    ExtensionRequest,
    ReportingRound,
    RoundSchedule,
    Submission,
)


@admin.register(RoundSchedule)
class RoundScheduleAdmin(ReadOnlyModelAdmin):
    list_display = ["mechanism", "plan", "period_kind", "days_after_period_end", "is_active"]
    list_filter = ["period_kind", "is_active"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "period_label", "due_date", "status", "opened_at", "closed_at"]
    list_filter = ["status", "period_kind", "mechanism"]
    search_fields = ["title", "period_label"]
    raw_id_fields = ["schedule", "tasks", "opened_by", "closed_by"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyModelAdmin):
    list_display = ["round", "task", "unit", "role", "status", "submitted_at", "return_count"]
    list_filter = ["status", "role", "progress_status"]
    search_fields = ["task__code", "task__title", "unit__full_name"]
    raw_id_fields = ["round", "task", "unit", "submitted_by", "reviewed_by"]
    show_full_result_count = False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyModelAdmin):
    list_display = ["task", "unit", "current_due_date", "requested_due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["task", "unit", "requested_by", "decided_by"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyModelAdmin):
    list_display = ["task", "round", "rating", "assessed_by", "assessed_at"]
    list_filter = ["rating"]
    raw_id_fields = ["task", "round", "assessed_by"]


@admin.register(CloseOut)
class CloseOutAdmin(ReadOnlyModelAdmin):
    list_display = ["task", "closed_by", "closed_at"]
    raw_id_fields = ["task", "submission", "closed_by"]


@admin.register(Chase)
class ChaseAdmin(ReadOnlyModelAdmin):
    list_display = ["round", "unit", "chased_on", "outstanding", "recipients", "chased_by"]
    raw_id_fields = ["round", "unit", "chased_by"]

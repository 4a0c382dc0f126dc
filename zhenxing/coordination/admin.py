"""Coordination data in the admin site: read-only for the secretariat (changes go through the
pages and services, so that notifications and ledgers follow)."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.coordination.models import (
    Assignment,
    CoordinationMatter,
    Instruction,
    Meeting,
    PolicySuggestion,
)


@admin.register(CoordinationMatter)
class CoordinationMatterAdmin(ReadOnlyModelAdmin):
    list_display = ["code", "title", "category", "raised_by_unit", "level", "status", "raised_at"]
    list_filter = ["status", "level", "category"]
    search_fields = ["code", "title"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "held_on", "convener", "status"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "assigned_by", "assigned_on", "lead_unit", "due_date"]


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyModelAdmin):
    list_display = ["leader", "issued_on", "mechanism", "content_type", "object_id"]
    list_filter = ["mechanism"]


@admin.register(PolicySuggestion)
class PolicySuggestionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "kind", "proposing_unit", "status", "adopted_in"]
    list_filter = ["status", "kind"]

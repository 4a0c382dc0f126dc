"""Coordination data in the admin site: read-only for the secretariat (changes go through the
pages and services, so that notifications and ledgers follow)."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.coordination.models import (
    Assignment,
    CoordinationMatter,
    Instruction,
    Meeting,
    PolicySuggestion,
)
from zhenxing.orgs import access


def nobody(user) -> bool:
    return False


class ReadOnlyAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)


@admin.register(CoordinationMatter)
class CoordinationMatterAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "category", "raised_by_unit", "level", "status", "raised_at"]
    list_filter = ["status", "level", "category"]
    search_fields = ["code", "title"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "convener", "status"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "assigned_by", "assigned_on", "lead_unit", "due_date"]


@admin.register(Instruction)
class InstructionAdmin(ReadOnlyAdmin):
    list_display = ["leader", "issued_on", "content_type", "object_id"]


@admin.register(PolicySuggestion)
class PolicySuggestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "proposing_unit", "status", "adopted_in"]
    list_filter = ["status", "kind"]

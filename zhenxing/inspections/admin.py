"""Inspection data in the admin site: read-only for the secretariat (changes go
through the pages and services, so that notifications and close-out rules follow)."""

from django.contrib import admin

from zhenxing.admin_site import RuledModelAdmin
from zhenxing.inspections.models import Circular, Finding, Inspection, Rectification
from zhenxing.orgs import access


def nobody(user) -> bool:
    return False


class ReadOnlyAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(nobody)


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "period_start", "period_end", "status"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "position", "unit", "title", "severity", "status"]
    list_filter = ["status", "severity"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["finding", "responsible_unit", "due_date", "status"]
    list_filter = ["status"]


@admin.register(Circular)
class CircularAdmin(ReadOnlyAdmin):
    list_display = ["title", "inspection", "status", "issued_on"]

"""Inspection data in the admin site: read-only for the secretariat (changes go
through the pages and services, so that notifications and close-out rules follow)."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.inspections.models import Circular, Finding, Inspection, Rectification


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "period_start", "period_end", "status"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyModelAdmin):
    list_display = ["inspection", "position", "unit", "title", "severity", "status"]
    list_filter = ["status", "severity"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyModelAdmin):
    list_display = ["finding", "responsible_unit", "due_date", "status"]
    list_filter = ["status"]


@admin.register(Circular)
class CircularAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "inspection", "status", "issued_on"]

"""Key enterprises in the admin site: read-only (changes go through the pages and services,
so that notifications and coordination matters follow)."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin
from zhenxing.enterprises.models import (
    BenefitGrant,
    BenefitPolicy,
    Difficulty,
    Enterprise,
    EnterpriseImport,
    MonthlyFigure,
)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "credit_code", "industry", "size", "contact_unit", "mechanism"]
    list_filter = ["industry", "size", "mechanism"]
    search_fields = ["name", "credit_code"]


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(ReadOnlyModelAdmin):
    list_display = ["enterprise", "month", "output_value", "revenue", "orders", "employment"]


@admin.register(Difficulty)
class DifficultyAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "enterprise", "status", "responsible_unit", "due_date"]
    list_filter = ["status"]


@admin.register(BenefitPolicy)
class BenefitPolicyAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "issuing_unit", "document_number", "announced_on", "kind", "mechanism"]
    list_filter = ["kind", "mechanism"]
    search_fields = ["title", "document_number"]


@admin.register(BenefitGrant)
class BenefitGrantAdmin(ReadOnlyModelAdmin):
    list_display = ["policy", "enterprise", "status", "amount", "granted_on"]
    list_filter = ["status"]


@admin.register(EnterpriseImport)
class EnterpriseImportAdmin(ReadOnlyModelAdmin):
    list_display = ["original_name", "status", "uploaded_by", "created_at", "finished_at"]
    list_filter = ["status"]

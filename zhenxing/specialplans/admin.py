"""Special plans in the admin site: the secretariat's view of the plans and their parts (the
pages are where they are kept); the responsible units' figures are read-only here."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin, RuledModelAdmin
from zhenxing.orgs import access
from zhenxing.specialplans.models import (
    CompensationAgreement,
    CompensationPayment,
    Disaster,
    ReconstructionProject,
    RelocationFigure,
    RelocationSite,
    SpecialPlan,
)


class SecretariatAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)


class FiguresAdmin(ReadOnlyModelAdmin):
    view_rule = staticmethod(access.is_secretariat)


@admin.register(SpecialPlan)
class SpecialPlanAdmin(SecretariatAdmin):
    list_display = ["title", "kind", "status", "first_year", "last_year", "responsible_unit"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["responsible_unit", "mechanism", "division_plan", "projects", "allocations"]
    filter_horizontal = ["regions", "indicators"]


@admin.register(RelocationSite)
class RelocationSiteAdmin(SecretariatAdmin):
    list_display = ["name", "plan", "region", "households_planned", "people_planned"]
    raw_id_fields = ["plan", "region"]


@admin.register(CompensationAgreement)
class CompensationAgreementAdmin(SecretariatAdmin):
    list_display = ["name", "payer_region", "receiver_region", "annual_amount", "first_year"]
    raw_id_fields = ["plan", "payer_region", "receiver_region", "payer_unit", "receiver_unit"]


@admin.register(Disaster)
class DisasterAdmin(SecretariatAdmin):
    list_display = ["name", "kind", "began_on", "plan"]
    raw_id_fields = ["plan"]
    filter_horizontal = ["affected_regions"]


@admin.register(ReconstructionProject)
class ReconstructionProjectAdmin(SecretariatAdmin):
    list_display = ["project", "plan", "funds", "share_complete", "as_of"]
    raw_id_fields = ["plan", "project"]


@admin.register(RelocationFigure)
class RelocationFigureAdmin(FiguresAdmin):
    list_display = ["site", "year", "people_moved", "people_employed", "funds_spent"]


@admin.register(CompensationPayment)
class CompensationPaymentAdmin(FiguresAdmin):
    list_display = ["agreement", "year", "amount"]

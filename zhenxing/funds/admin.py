"""Central funds in the admin site: the secretariat keeps the programmes, the allocations and
the projects they fund; disbursement reports come from the responsible units' pages and are
read-only here."""

from django.contrib import admin

from zhenxing.admin_site import ReadOnlyModelAdmin, RuledModelAdmin
from zhenxing.funds.models import Allocation, Disbursement, FundedProject, FundProgramme
from zhenxing.orgs import access


class SecretariatAdmin(RuledModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    write_rule = staticmethod(access.is_secretariat)


@admin.register(FundProgramme)
class FundProgrammeAdmin(SecretariatAdmin):
    list_display = ["name", "kind", "document_number"]
    list_filter = ["kind"]


@admin.register(Allocation)
class AllocationAdmin(SecretariatAdmin):
    list_display = ["year", "programme", "region", "amount", "responsible_unit"]
    list_filter = ["year", "programme__kind"]
    raw_id_fields = ["region", "responsible_unit", "mechanism"]


@admin.register(FundedProject)
class FundedProjectAdmin(SecretariatAdmin):
    list_display = ["allocation", "project", "amount"]
    raw_id_fields = ["allocation", "project"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyModelAdmin):
    view_rule = staticmethod(access.is_secretariat)
    list_display = ["allocation", "as_of", "disbursed", "reported_by"]

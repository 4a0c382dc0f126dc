"""Who may do what with central funds: every business role reads the allocations of the
mechanism in use; the responsible unit's liaison or leader (and the secretariat) reports
disbursement against an allocation; the secretariat records programmes, allocations and the
projects they fund (in the admin site). Administrators see no business data."""

from django.shortcuts import get_object_or_404

from zhenxing.funds.models import Allocation
from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs.access import has_role, may_edit_unit_work, require
from zhenxing.orgs.models import BUSINESS_ROLES


def may_read_funds(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_report_disbursement(user, allocation: Allocation) -> bool:
    return may_edit_unit_work(user, allocation.responsible_unit)


def get_allocation_for_user(user, pk: int) -> tuple[Allocation, bool]:
    """An allocation of a mechanism the user works in, and whether they may report its
    disbursement; 403 when funds are not read, 404 outside the user's mechanisms."""
    require(may_read_funds(user))
    allocations = within_mechanisms_of(
        Allocation.objects.select_related("programme", "region", "responsible_unit", "mechanism"),
        user,
    )
    allocation = get_object_or_404(allocations, pk=pk)
    return allocation, may_report_disbursement(user, allocation)

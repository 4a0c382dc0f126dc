"""Who may do what with regional programmes: every business role reads the designations; the
secretariat records and edits them. Administrators see no business data."""

from django.shortcuts import get_object_or_404

from zhenxing.orgs.access import has_role, is_secretariat, require
from zhenxing.orgs.models import BUSINESS_ROLES, Region
from zhenxing.programmes.models import Designation


def may_read_designations(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_edit_designations(user) -> bool:
    return is_secretariat(user)


def get_designation_for_user(user, pk: int) -> tuple[Designation, bool]:
    """The designation and whether the user may edit it; 403 when designations are not read."""
    require(may_read_designations(user))
    designation = get_object_or_404(Designation.objects.select_related("region__parent"), pk=pk)
    return designation, may_edit_designations(user)


def get_region_for_user(user, code: str) -> tuple[Region, bool]:
    """A region whose designations are shown, and whether the user may add to them."""
    require(may_read_designations(user))
    return get_object_or_404(Region.objects.select_related("parent"), code=code), (
        may_edit_designations(user)
    )

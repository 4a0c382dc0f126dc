"""Who may do what with pilots and demonstration zones: every business role reads the pilots of
the mechanism in use; the secretariat keeps them (in the admin site). Administrators see no
business data."""

from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs.access import has_role, is_secretariat, require
from zhenxing.orgs.models import BUSINESS_ROLES
from zhenxing.pilots.models import Pilot


def may_read_pilots(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_edit_pilots(user) -> bool:
    return is_secretariat(user)


def get_pilot_for_user(user, pk: int) -> tuple[Pilot, bool]:
    """A pilot of a mechanism the user works in, and whether they may edit it; 403 when pilots
    are not read, 404 outside the user's mechanisms."""
    require(may_read_pilots(user))
    pilots = within_mechanisms_of(Pilot.objects.select_related("region"), user)
    return get_object_or_404(pilots, pk=pk), may_edit_pilots(user)

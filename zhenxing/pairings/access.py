"""Who may do what with pairing cooperation: every business role reads the pairs, their
projects, parks, exchanges, evaluations and the dashboard; the secretariat edits them (in the
admin site). Administrators see no business data."""

from django.shortcuts import get_object_or_404

from zhenxing.orgs.access import has_role, is_secretariat, require
from zhenxing.orgs.models import BUSINESS_ROLES
from zhenxing.pairings.models import Pairing


def may_read_pairings(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_edit_pairings(user) -> bool:
    return is_secretariat(user)


def get_pairing_for_user(user, pk: int) -> tuple[Pairing, bool]:
    """The pair and whether the user may edit it; 403 when pairs are not read."""
    require(may_read_pairings(user))
    pairing = get_object_or_404(
        Pairing.objects.select_related("northeast_region", "partner_region", "implementation_plan"),
        pk=pk,
    )
    return pairing, may_edit_pairings(user)

"""Who may do what with results: every business role reads indicators, observations, targets
and analyses and may read figures out of a text; the secretariat keeps the catalogue, records
and imports values, sets and confirms targets, and edits the analysis paragraphs."""

from django.shortcuts import get_object_or_404

from zhenxing.indicators.models import Indicator, Observation, Target
from zhenxing.orgs.access import has_role, is_secretariat, require
from zhenxing.orgs.models import BUSINESS_ROLES


def may_extract_figures(user) -> bool:
    """Reading figures out of a text writes nothing: any active account with a business role."""
    return has_role(user, *BUSINESS_ROLES)


def may_read_indicators(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_edit_indicators(user) -> bool:
    return is_secretariat(user)


def get_indicator_for_user(user, code: str) -> tuple[Indicator, bool]:
    """The indicator and whether the user may edit its catalogue entry, values and targets."""
    require(may_read_indicators(user))
    return get_object_or_404(Indicator, code=code), may_edit_indicators(user)


def get_observation_for_user(user, pk: int) -> Observation:
    require(may_read_indicators(user))
    return get_object_or_404(Observation.objects.select_related("indicator", "region"), pk=pk)


def get_target_for_user(user, pk: int) -> tuple[Target, bool]:
    require(may_read_indicators(user))
    return get_object_or_404(Target.objects.select_related("indicator", "region"), pk=pk), (
        may_edit_indicators(user)
    )

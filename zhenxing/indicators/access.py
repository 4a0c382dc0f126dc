"""Who may do what with results: every business role reads indicators, observations, targets
and analyses and may read figures out of a text; the secretariat keeps the catalogue, records
and imports values, sets and confirms targets, and edits the analysis paragraphs."""

from django.shortcuts import get_object_or_404

from zhenxing.indicators.models import Indicator, Observation, Target
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
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


def splittable_targets(user, mechanism, targets) -> set[int]:
    """Which of `targets` the user may split: a secretariat officer splits the targets the
    mechanism in use holds (a target without one belongs to the top level)."""
    if not is_secretariat(user) or mechanism is None:
        return set()
    return {
        target.pk
        for target in targets
        if target.mechanism_id == mechanism.pk
        or (target.mechanism_id is None and mechanism.parent_id is None)
    }


def get_target_to_split(request, pk: int) -> Target:
    """A target the person may split: held by the mechanism in use, which they work in as its
    secretariat (404 for a target of another mechanism, 403 for a non-secretariat person)."""
    require(is_secretariat(request.user))
    held = within_mechanism(Target.objects.all(), mechanism_in_use(request))
    return get_object_or_404(held.select_related("indicator", "region", "mechanism"), pk=pk)

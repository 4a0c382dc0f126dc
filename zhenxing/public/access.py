"""Who chooses what a mechanism publishes and handles suggestions: the secretariat of that
mechanism; who answers a suggestion: its responsible unit's people. Reading the open site and
sending a suggestion need nothing."""

from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import may_work_in, within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.public.models import Suggestion


def may_manage_publications(user, mechanism: Mechanism) -> bool:
    """A secretariat officer of the mechanism (a provincial secretariat chooses for its own)."""
    return access.is_secretariat(user) and may_work_in(user, mechanism)


def may_handle_suggestions(user) -> bool:
    """The secretariat reads the suggestions sent to its mechanisms, routes them and publishes
    answers."""
    return access.is_secretariat(user)


def suggestions_visible_to(user):
    """The secretariat: those of its mechanisms; a unit's people: those routed to the unit they
    act for; anyone else: none."""
    if may_handle_suggestions(user):
        return within_mechanisms_of(Suggestion.objects.all(), user)
    unit = access.acting_unit(user)
    if unit is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(responsible_unit=unit)


def may_open_inbox(user) -> bool:
    return may_handle_suggestions(user) or access.acting_unit(user) is not None


def get_suggestion_for_user(user, pk) -> tuple[Suggestion, bool]:
    """The suggestion and whether the user may answer it (its responsible unit's people)."""
    suggestion = get_object_or_404(suggestions_visible_to(user), pk=pk)
    return suggestion, access.acts_for(user, suggestion.responsible_unit)

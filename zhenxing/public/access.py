"""Who chooses what a mechanism publishes and handles suggestions: the secretariat; who answers
a suggestion: its responsible unit. Reading the open site and sending a suggestion need nothing."""

from django.shortcuts import get_object_or_404

from zhenxing.orgs import access
from zhenxing.public.models import Suggestion
from zhenxing.rounds.access import unit_of


def may_manage_publications(user) -> bool:
    return access.is_secretariat(user)


def may_handle_suggestions(user) -> bool:
    """The secretariat reads every suggestion, routes it and publishes answers."""
    return access.is_secretariat(user)


def suggestions_visible_to(user):
    """The secretariat's inbox: all; a unit's people: those routed to their unit; else none."""
    if may_handle_suggestions(user):
        return Suggestion.objects.all()
    unit = unit_of(user)
    if unit is None:
        return Suggestion.objects.none()
    return Suggestion.objects.filter(responsible_unit=unit)


def may_open_inbox(user) -> bool:
    return may_handle_suggestions(user) or unit_of(user) is not None


def get_suggestion_for_user(user, pk) -> tuple[Suggestion, bool]:
    """The suggestion and whether the user may answer it (its responsible unit's people)."""
    suggestion = get_object_or_404(suggestions_visible_to(user), pk=pk)
    unit = unit_of(user)
    return suggestion, unit is not None and suggestion.responsible_unit_id == unit.pk

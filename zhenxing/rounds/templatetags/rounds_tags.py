"""Template helpers of the rounds pages: the header's entry link, badges by colour map."""

from django import template
from django.urls import reverse

from zhenxing.orgs.access import is_unit_person
from zhenxing.rounds import access

register = template.Library()


@register.filter
def rounds_entry(user) -> str:
    """Where 调度督办 in the header leads this user ('' when rounds are not theirs)."""
    if not access.may_use_rounds(user):
        return ""
    if is_unit_person(user):
        return reverse("rounds:my_dashboard")
    if access.may_manage_rounds(user):
        return reverse("rounds:dashboard")
    return reverse("rounds:overview")


@register.filter
def colour_of(value, colours: dict) -> str:
    """{{ submission.status|colour_of:status_colours }} → the badge class of a status."""
    return colours.get(value, "grey")


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def percent(value) -> str:
    return f"{value * 100:.0f}%"

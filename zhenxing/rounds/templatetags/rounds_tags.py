"""Template helpers of the rounds pages: colour classes by map, lookups, percentages."""

from django import template

register = template.Library()


@register.filter
def colour_of(value, colours: dict) -> str:
    """{{ value|colour_of:status_colours }} → the colour class of a status (cards; badges
    are drawn by {% status_badge %})."""
    return colours.get(value, "grey")


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def percent(value) -> str:
    return f"{value * 100:.0f}%"

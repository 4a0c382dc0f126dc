"""The header's bell: shown to those who read notifications; its count is fetched by htmx."""

from django import template

from zhenxing.notifications import access

register = template.Library()


@register.inclusion_tag("notifications/_bell.html")
def notification_bell(user) -> dict:
    """{% notification_bell user %}: the bell, or nothing for those without notifications."""
    return {"shown": access.shows_bell(user)}

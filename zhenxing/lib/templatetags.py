"""Template tags shared by every app's pages: `{% load zhenxing %}` (settings.TEMPLATES names
this module the `zhenxing` library)."""

from django import template
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from zhenxing.lib.colours import Colour

register = template.Library()


@register.simple_tag
def status_badge(subject, field_or_label=None, *, colours=None, **attributes):
    """One status as one badge: `<span class="badge {colour}">{label}</span>`.

    - `{% status_badge submission "status" %}`: a model's status field, coloured by the model's
      map of that field (`STATUS_COLOURS` for "status"; `colours=` names another), grey when
      the map has no colour for the value, labelled with its display value;
    - `{% status_badge task.light %}`: a light colour (`lib.colours.Colour`) with its label;
    - `{% status_badge "green" _("已采用") %}`: a colour (a CSS class) and a label;
    - `{% status_badge value label colours=status_colours %}`: a bare value, its label and map.

    Other keyword arguments become attributes: `id="plan-status"`, `data_role="…"`
    (underscores become hyphens).
    """
    if isinstance(subject, models.Model):
        field = field_or_label
        if colours is None:
            colours = getattr(subject, f"{field.upper()}_COLOURS", {})
        colour = colours.get(getattr(subject, field), "grey")
        label = getattr(subject, f"get_{field}_display")()
    else:
        colour = subject if colours is None else colours.get(subject, "grey")
        label = field_or_label
        if label is None:
            label = gettext(Colour.LABELS.get(subject, subject))
    extra = format_html_join(
        "", ' {}="{}"', ((name.replace("_", "-"), value) for name, value in attributes.items())
    )
    classes = f"badge {colour}" if colour else "badge"
    return format_html('<span class="{}"{}>{}</span>', classes, extra, label)

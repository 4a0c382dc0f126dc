"""Template filters of the project library: money in 万元/亿元, funding sources, percentages."""

from django import template
from django.utils.html import format_html

from zhenxing.lib.money import WAN, YI, format_money, in_unit, money_parts
from zhenxing.projects.forms import funding_labels
from zhenxing.projects.models import Industry, Project

register = template.Library()


@register.filter
def money(yuan, unit=""):
    """84563000000 → 845.63亿元; with "万元" or "亿元" forces the unit."""
    return format_money(yuan, unit or None)


@register.filter
def money_figure(yuan, unit=""):
    """A card's figure: the number, then the unit in smaller type (`.figure .unit`), so that
    "1,649.81 hundred million yuan" keeps its number on one line."""
    number, words = money_parts(yuan, unit or None)
    if not words:
        return number
    return format_html('{}<span class="unit">{}</span>', number, words)


@register.filter
def thousands(number):
    """A count with thousands separators, as on the statistics tables: 1000000 → 1,000,000."""
    return "—" if number is None else f"{int(number):,}"


@register.filter
def wan(yuan):
    """The number in 万元 (2 decimals, thousands separators), without the unit."""
    return "—" if yuan is None else f"{in_unit(yuan, WAN):,.2f}"


@register.filter
def yi(yuan):
    return "—" if yuan is None else f"{in_unit(yuan, YI):,.2f}"


@register.filter
def funding(flags):
    return funding_labels(flags or 0) or "—"


@register.filter
def percent(value):
    return "—" if value is None else f"{value:.1f}%"


@register.filter
def cell(value):
    """A spreadsheet cell as the user typed it: 1.0 → 1, dates as 2026-10-01."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


# get_FOO_display hashes every lazy label of the field's choices to find one (20 translations
# per cell): on a 50-row list that was a third of the page's time.
INDUSTRIES = frozenset(Industry.values)
STAGES = frozenset(Project.Stage.values)


@register.filter
def industry_label(value):
    return Industry(value).label if value in INDUSTRIES else value


@register.filter
def stage_label(value):
    return Project.Stage(value).label if value in STAGES else value

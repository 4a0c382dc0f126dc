"""Template helpers of the results pages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from zhenxing.indicators.selectors import plain

register = template.Library()


@register.simple_tag
def matrix_cells(cells, observations_url: str):
    """One table row's cells: each value linked to its history, a dash where there is none.
    Built here rather than in a template loop: a 32 × 60 table is 1,920 cells, and the loop
    took ten times as long as the query."""
    prefix = escape(observations_url)
    parts = []
    for cell in cells:
        if cell:
            parts.append(
                f'<td class="number"><a href="{prefix}{int(cell["pk"])}/">'
                f"{escape(cell['value'])}</a></td>"
            )
        else:
            parts.append('<td class="number"><span class="muted">—</span></td>')
    return mark_safe("".join(parts))  # nosec B308 B703  # every value above is escaped or an int


@register.filter
def plain_number(value) -> str:
    """A stored figure as written (5.5, not 5.50 or 5.5000); — for none."""
    return plain(value if value != "" else None)

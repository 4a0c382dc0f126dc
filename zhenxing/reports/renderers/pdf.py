"""ReportContent → PDF through an HTML page in official layout, rendered by WeasyPrint with
embedded CJK fonts (free fonts standing in for the official ones: see zhenxing.lib.fonts)."""

import base64

from django.template.loader import render_to_string

from zhenxing.lib.charts import bar_chart
from zhenxing.lib.fonts import css_family, css_weight
from zhenxing.reports.content import ReportContent, Section


def _charts(section: Section) -> None:
    section.chart_images = [
        base64.b64encode(
            bar_chart(c.title, c.categories, c.series, c.unit, image_format="svg")
        ).decode()
        for c in section.charts
    ]
    for subsection in section.subsections:
        _charts(subsection)


def render_html(content: ReportContent) -> str:
    for section in content.sections:
        _charts(section)
    fonts = {
        "title": css_family("方正小标宋简体"),
        "title_weight": css_weight("方正小标宋简体"),
        "body": css_family("仿宋_GB2312"),
        "heading1": css_family("黑体"),
        "heading2": css_family("楷体_GB2312"),
        "page_number": css_family("宋体"),
    }
    return render_to_string("reports/document.html", {"content": content, "fonts": fonts})


def render_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(content)).write_pdf()

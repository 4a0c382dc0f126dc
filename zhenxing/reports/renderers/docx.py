"""ReportContent → Word, in official-document layout."""

from zhenxing.lib.charts import bar_chart
from zhenxing.lib.official_docx import OfficialDocument
from zhenxing.reports.content import ReportContent, Section


def render_docx(content: ReportContent) -> bytes:
    document = OfficialDocument()
    document.title(content.title)
    if content.subtitle:
        document.subtitle(content.subtitle)
    for section in content.sections:
        _section(document, section, level=1)
    document.signature(content.issuer, content.date_text)
    for annex in content.annexes:
        document.page_break()
        document.heading(annex.title, level=1)
        document.table(annex.headers, annex.rows, annex.widths_mm)
    return document.to_bytes()


def _section(document: OfficialDocument, section: Section, level: int) -> None:
    document.heading(section.heading, level=level)
    for text in filter(None, [section.narrative, *section.paragraphs]):
        document.paragraph(text)
    for chart in section.charts:
        document.image(
            bar_chart(chart.title, chart.categories, chart.series, chart.unit), width_mm=140
        )
    for table in section.tables:
        document.paragraph(table.title, indent=False, align="center", bold=True)
        document.table(table.headers, table.rows, table.widths_mm)
    for subsection in section.subsections:
        _section(document, subsection, level=level + 1)

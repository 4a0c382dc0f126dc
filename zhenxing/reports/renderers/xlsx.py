"""ReportContent → Excel: the key figures, every table of the report, and the annexes."""

from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx
from zhenxing.reports.content import ReportContent, Section

INVALID_SHEET_CHARACTERS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _tables(section: Section):
    yield from section.tables
    for subsection in section.subsections:
        yield from _tables(subsection)


def _figure_text(value) -> str | float:
    if isinstance(value, dict):
        return "；".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return value


def render_xlsx(content: ReportContent) -> bytes:
    figures = [[key, _figure_text(value)] for key, value in content.figures.items()]
    sheets = [SheetTable("主要数据", content.title, ["指标", "数值"], figures, [28, 60])]
    used = {"主要数据"}
    for table in [t for section in content.sections for t in _tables(section)] + content.annexes:
        name = table.title.translate(INVALID_SHEET_CHARACTERS)[:31]
        while name in used:
            name = f"{name[:27]}({len(used)})"
        used.add(name)
        sheets.append(
            SheetTable(
                name, table.title, table.headers, table.rows, [12] + [24] * (len(table.headers) - 1)
            )
        )
    return tables_to_xlsx(sheets)

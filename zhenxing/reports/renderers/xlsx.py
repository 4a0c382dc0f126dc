"""ReportContent → Excel: the key figures, every table of the report, and the annexes."""

import io

import xlsxwriter

from zhenxing.lib.spreadsheets import add_table_sheet
from zhenxing.reports.content import ReportContent, Section


def _tables(section: Section):
    yield from section.tables
    for subsection in section.subsections:
        yield from _tables(subsection)


def render_xlsx(content: ReportContent) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": content.title, "created": None})
    figures = [
        [
            key,
            value
            if not isinstance(value, dict)
            else "；".join(f"{k}={v}" for k, v in value.items()),
        ]
        for key, value in content.figures.items()
    ]
    add_table_sheet(workbook, "主要数据", ["指标", "数值"], figures, [28, 60])
    used = {"主要数据"}
    for section in content.sections:
        for table in _tables(section):
            name = table.title[:28]
            while name in used:
                name = name[:26] + str(len(used))
            used.add(name)
            add_table_sheet(workbook, name, table.headers, table.rows)
    for annex in content.annexes:
        name = annex.title[:31]
        used.add(name)
        add_table_sheet(workbook, name, annex.headers, annex.rows)
    workbook.close()
    return buffer.getvalue()

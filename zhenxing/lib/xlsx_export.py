"""Plain tables as an .xlsx workbook (xlsxwriter): per sheet a title row, an optional note, a
header row, then the rows, with the header frozen and filterable.

Text a spreadsheet would run as a formula (starting = + - @, or a tab or carriage return) gets a
leading apostrophe, and strings are never turned into formulas or links.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise_formula(text: str) -> str:
    """=1+1 → '=1+1, so that opening the file never runs what a user typed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class SheetTable:
    """One worksheet: `widths` are column widths in characters (default 16)."""

    name: str
    title: str
    headers: list[str]
    rows: list[list]
    widths: list[int] = field(default_factory=list)
    note: str = ""


def tables_to_xlsx(sheets: list[SheetTable]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    base = {"font_name": "宋体", "font_size": 11, "valign": "top"}
    formats = {
        "title": workbook.add_format(
            {"font_name": "宋体", "font_size": 16, "bold": True, "align": "center"}
        ),
        "note": workbook.add_format(base | {"font_color": "#646a73"}),
        "header": workbook.add_format(
            base | {"bold": True, "border": 1, "align": "center", "bg_color": "#F2F2F2"}
        ),
        "text": workbook.add_format(base | {"border": 1, "text_wrap": True}),
        "number": workbook.add_format(base | {"border": 1}),
        "date": workbook.add_format(base | {"border": 1, "num_format": "yyyy-mm-dd"}),
    }
    for sheet in sheets:
        _write_sheet(workbook, sheet, formats)
    workbook.close()
    return output.getvalue()


def _write_sheet(workbook, sheet: SheetTable, formats: dict) -> None:
    worksheet = workbook.add_worksheet(sheet.name[:31])
    last_column = max(len(sheet.headers) - 1, 0)
    worksheet.merge_range(0, 0, 0, last_column, neutralise_formula(sheet.title), formats["title"])
    worksheet.set_row(0, 28)
    header_row = 1
    if sheet.note:
        worksheet.merge_range(1, 0, 1, last_column, neutralise_formula(sheet.note), formats["note"])
        header_row = 2
    for column, heading in enumerate(sheet.headers):
        worksheet.write_string(header_row, column, heading, formats["header"])
        width = sheet.widths[column] if column < len(sheet.widths) else 16
        worksheet.set_column(column, column, width)
    for offset, row in enumerate(sheet.rows, start=1):
        for column, value in enumerate(row):
            _write_cell(worksheet, header_row + offset, column, value, formats)
    worksheet.freeze_panes(header_row + 1, 0)
    worksheet.autofilter(header_row, 0, header_row + max(len(sheet.rows), 1), last_column)
    worksheet.set_paper(9)  # A4
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(header_row)


def _write_cell(worksheet, row: int, column: int, value, formats: dict) -> None:
    if value is None or value == "":
        worksheet.write_blank(row, column, None, formats["text"])
    elif isinstance(value, bool):
        worksheet.write_string(row, column, "是" if value else "否", formats["text"])
    elif isinstance(value, int | float | Decimal):
        worksheet.write_number(row, column, float(value), formats["number"])
    elif isinstance(value, datetime.datetime):
        worksheet.write_datetime(row, column, value.replace(tzinfo=None), formats["date"])
    elif isinstance(value, datetime.date):
        worksheet.write_datetime(
            row, column, datetime.datetime.combine(value, datetime.time()), formats["date"]
        )
    else:
        worksheet.write_string(row, column, neutralise_formula(str(value)), formats["text"])

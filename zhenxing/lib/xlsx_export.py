"""The one spreadsheet writer and the one formula guard: every .xlsx (and the audit CSV) a user
downloads goes through here.

A workbook is a list of `SheetTable`s. Each sheet has an optional merged title row and note row,
then a bold, frozen, filterable header row, then the rows; columns take the widths given or a
width that fits the heading (a Chinese character counts as two). Cells are typed: numbers
(Decimal included) as numbers, dates and times as dates, `Rate` as a percentage, True/False as
是/否, everything else as a string, never a formula or a link.

The guard: text a spreadsheet would run as a formula (starting = + - @, or a tab or carriage
return) gets a leading apostrophe, so opening the file never runs what a user typed (CSV or
formula injection). `neutralise_formula` is applied to every string cell, title and note here;
CSV writers call it themselves.

Large exports stream (`streaming=True`): xlsxwriter's constant-memory mode writes each row to a
temporary file as it comes, so a 100,000-row list does not sit in memory.
"""

import datetime
import io
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = {"font_name": "宋体", "font_size": 11, "valign": "top"}


def neutralise_formula(text: str) -> str:
    """=1+1 → '=1+1, so that opening the file never runs what a user typed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_cell(value):
    """A cell value with its text neutralised (see `neutralise_formula`); other values as they are."""
    return neutralise_formula(value) if isinstance(value, str) else value


class Rate(float):
    """A share between 0 and 1, written as a percentage."""


@dataclass
class SheetTable:
    """One worksheet. `title` and `note` ("" for none) are merged rows above the header;
    `widths` are column widths in characters (missing ones fit the heading);
    `number_format` applies to every number (e.g. "#,##0.00" for money tables);
    `frozen_columns` stay in view when scrolling right; `centred_columns` are centred.
    `rows` may be any iterable (a generator when streaming); `rows_written` counts them."""

    name: str
    title: str
    headers: list[str]
    rows: Iterable[list]
    widths: list[int] = field(default_factory=list)
    note: str = ""
    number_format: str = ""
    frozen_columns: int = 0
    centred_columns: frozenset[int] = frozenset()
    rows_written: int = 0


def tables_to_xlsx(sheets: list[SheetTable], *, streaming: bool = False, title: str = "") -> bytes:
    """The sheets as one .xlsx workbook; `title` goes in the file's properties."""
    if not streaming:
        output = io.BytesIO()
        _write_workbook(output, sheets, {"in_memory": True}, title)
        return output.getvalue()
    with tempfile.TemporaryFile() as handle:
        _write_workbook(handle, sheets, {"constant_memory": True}, title)
        handle.seek(0)
        return handle.read()


def heading_width(heading: str) -> int:
    """A column width that fits a heading: Chinese characters are twice as wide as Latin ones."""
    width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in heading)
    return max(10, min(50, width + 4))


def _write_workbook(output, sheets: list[SheetTable], options: dict, title: str) -> None:
    workbook = xlsxwriter.Workbook(
        output, options | {"strings_to_formulas": False, "strings_to_urls": False}
    )
    if title:
        workbook.set_properties({"title": title})
    for sheet in sheets:
        _write_sheet(workbook, sheet, _formats(workbook, sheet.number_format))
    workbook.close()


def _formats(workbook, number_format: str) -> dict:
    cell = FONT | {"border": 1}
    number = cell | ({"num_format": number_format} if number_format else {})
    return {
        "title": workbook.add_format(
            FONT | {"font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}
        ),
        "note": workbook.add_format(FONT | {"font_color": "#646a73"}),
        "header": workbook.add_format(
            cell | {"bold": True, "align": "center", "bg_color": "#F2F2F2", "text_wrap": True}
        ),
        "text": workbook.add_format(cell | {"text_wrap": True}),
        "centred": workbook.add_format(cell | {"align": "center"}),
        "number": workbook.add_format(number),
        "centred_number": workbook.add_format(number | {"align": "center"}),
        "percent": workbook.add_format(cell | {"num_format": "0.0%"}),
        "date": workbook.add_format(cell | {"num_format": "yyyy-mm-dd"}),
        "time": workbook.add_format(cell | {"num_format": "yyyy-mm-dd hh:mm"}),
    }


def _write_sheet(workbook, sheet: SheetTable, formats: dict) -> None:
    worksheet = workbook.add_worksheet(_sheet_name(sheet.name))
    last_column = max(len(sheet.headers) - 1, 0)
    header_row = 0
    if sheet.title:
        _merged_row(worksheet, header_row, last_column, sheet.title, formats["title"])
        worksheet.set_row(header_row, 28)
        header_row += 1
    if sheet.note:
        _merged_row(worksheet, header_row, last_column, sheet.note, formats["note"])
        header_row += 1
    for column, heading in enumerate(sheet.headers):
        worksheet.write_string(header_row, column, neutralise_formula(heading), formats["header"])
        width = sheet.widths[column] if column < len(sheet.widths) else heading_width(heading)
        worksheet.set_column(column, column, width)
    count = 0
    for count, row in enumerate(sheet.rows, start=1):
        for column, value in enumerate(row):
            centred = column in sheet.centred_columns
            _write_cell(worksheet, header_row + count, column, value, formats, centred)
    sheet.rows_written = count
    worksheet.freeze_panes(header_row + 1, sheet.frozen_columns)
    worksheet.autofilter(header_row, 0, header_row + max(count, 1), last_column)
    worksheet.set_paper(9)  # A4
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(header_row)


def _merged_row(worksheet, row: int, last_column: int, text: str, cell_format) -> None:
    if last_column:
        worksheet.merge_range(row, 0, row, last_column, neutralise_formula(text), cell_format)
    else:
        worksheet.write_string(row, 0, neutralise_formula(text), cell_format)


def _sheet_name(name: str) -> str:
    """Excel refuses / \\ ? * [ ] : in sheet names and more than 31 characters."""
    for forbidden, allowed in (("/", "-"), ("\\", "-"), ("?", ""), ("*", "")):
        name = name.replace(forbidden, allowed)
    return name.replace("[", "(").replace("]", ")").replace(":", "：")[:31]


def _write_cell(worksheet, row: int, column: int, value, formats: dict, centred: bool) -> None:
    if value is None or value == "":
        worksheet.write_blank(row, column, None, formats["text"])
    elif isinstance(value, bool):
        worksheet.write_string(row, column, _("是") if value else _("否"), formats["text"])
    elif isinstance(value, Rate):
        worksheet.write_number(row, column, float(value), formats["percent"])
    elif isinstance(value, int | float | Decimal):
        number_format = formats["centred_number" if centred else "number"]
        worksheet.write_number(row, column, float(value), number_format)
    elif isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        worksheet.write_datetime(row, column, value.replace(tzinfo=None), formats["time"])
    elif isinstance(value, datetime.date):
        midnight = datetime.datetime.combine(value, datetime.time())
        worksheet.write_datetime(row, column, midnight, formats["date"])
    else:
        text_format = formats["centred" if centred else "text"]
        worksheet.write_string(row, column, neutralise_formula(str(value)), text_format)

"""Writing .xlsx that users can hand on safely: formulas neutralised, headers frozen, widths set."""

import datetime
import decimal
import io

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def add_table_sheet(
    workbook, name: str, headers: list[str], rows: list[list], widths: list[float] | None = None
):
    """One sheet holding one table: bold frozen header, auto filter, text wrapped."""
    sheet = workbook.add_worksheet(
        name[:31]
        .replace("/", "-")
        .replace("\\", "-")
        .replace("?", "")
        .replace("*", "")
        .replace("[", "(")
        .replace("]", ")")
        .replace(":", "：")
    )
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    cell_format = workbook.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"border": 1, "num_format": "yyyy-mm-dd", "valign": "top"})
    sheet.write_row(0, 0, headers, header_format)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            value = safe_cell(value)
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    row_number,
                    column,
                    datetime.datetime.combine(value, datetime.time()),
                    date_format,
                )
            elif value is None:
                sheet.write_blank(row_number, column, None, cell_format)
            elif isinstance(value, str):
                sheet.write_string(row_number, column, value, cell_format)
            else:
                sheet.write(row_number, column, value, cell_format)
    for column, header in enumerate(headers):
        width = (
            widths[column]
            if widths and column < len(widths)
            else max(10, min(50, len(str(header)) * 2 + 4))
        )
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    return sheet


def table_xlsx(
    sheet_name: str, headers: list[str], rows: list[list], widths: list[float] | None = None
) -> bytes:
    """A one-sheet workbook of a table, as bytes (the export behind every table's button)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    add_table_sheet(workbook, sheet_name, headers, rows, widths)
    workbook.close()
    return buffer.getvalue()

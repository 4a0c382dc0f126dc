"""A plan as an Excel table: a merged title row, a note row, then the standard columns."""

import datetime
import io

import xlsxwriter

from zhenxing.policies.exchange.table import EXPORT_COLUMNS, export_rows, neutralise_formula
from zhenxing.policies.models import DivisionPlan

COLUMN_WIDTHS = {
    "序号": 6,
    "重点任务": 48,
    "牵头单位": 20,
    "参加单位": 32,
    "完成时限": 16,
    "编号": 8,
    "来源条款": 24,
    "成果形式": 14,
    "优先级": 8,
    "截止日期": 12,
}
HEADER_ROW = 2  # zero-based: title, note, header


def plan_to_xlsx(plan: DivisionPlan) -> bytes:
    output = io.BytesIO()
    # Strings are written as strings, never parsed as numbers, formulas or links.
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet("任务分工")
    font = {"font_name": "宋体", "font_size": 11, "valign": "top"}
    title_format = workbook.add_format(
        {"font_name": "宋体", "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}
    )
    note_format = workbook.add_format(font | {"font_color": "#646a73"})
    header_format = workbook.add_format(
        font | {"bold": True, "border": 1, "align": "center", "bg_color": "#F2F2F2"}
    )
    text_format = workbook.add_format(font | {"border": 1, "text_wrap": True})
    centre_format = workbook.add_format(font | {"border": 1, "align": "center"})
    date_format = workbook.add_format(font | {"border": 1, "num_format": "yyyy-mm-dd"})

    last_column = len(EXPORT_COLUMNS) - 1
    sheet.merge_range(0, 0, 0, last_column, neutralise_formula(plan.title), title_format)
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last_column, neutralise_formula(_note(plan)), note_format)
    for column, heading in enumerate(EXPORT_COLUMNS):
        sheet.write_string(HEADER_ROW, column, heading, header_format)
        sheet.set_column(column, column, COLUMN_WIDTHS[heading])

    rows = export_rows(plan)
    for offset, row in enumerate(rows, start=1):
        line = HEADER_ROW + offset
        for column, value in enumerate(row.as_list()):
            heading = EXPORT_COLUMNS[column]
            if isinstance(value, int):
                sheet.write_number(line, column, value, centre_format)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(
                    line, column, datetime.datetime.combine(value, datetime.time()), date_format
                )
            elif heading in ("优先级", "成果形式", "编号"):
                sheet.write_string(line, column, neutralise_formula(value or ""), centre_format)
            else:
                sheet.write_string(line, column, neutralise_formula(value or ""), text_format)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(rows), 1), last_column)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    workbook.close()
    return output.getvalue()


def _note(plan: DivisionPlan) -> str:
    parts = []
    if plan.document_id:
        document = plan.document
        parts.append(
            f"依据：《{document.title}》"
            + (f"（{document.document_number}）" if document.document_number else "")
        )
    parts.append(f"状态：{plan.get_status_display()}")
    if plan.published_at:
        parts.append(f"发布时间：{plan.published_at:%Y-%m-%d}")
    return "　".join(parts)

"""Exchange of division plans with Excel and Word: the standard table out, existing tables in.

- `xlsx.plan_to_xlsx`: the table for Excel (text that would start a formula is neutralised);
- `docx.plan_to_docx`: the table in official-document layout (GB/T 9704-2012);
- `table_import.read_division_table`: an existing .xlsx/.xls division table, every bad row
  reported by its row number, nothing returned unless every row is good.
"""

from django.utils import translation

from zhenxing.policies.exchange.docx import plan_to_docx
from zhenxing.policies.exchange.table import EXPORT_COLUMNS, export_rows
from zhenxing.policies.exchange.table_import import TableImportError, read_division_table
from zhenxing.policies.exchange.xlsx import plan_to_xlsx

EXPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export_plan(plan, export_format: str) -> tuple[bytes, str, str]:
    """(file content, content type, file name) of a plan exported as .xlsx or .docx."""
    if export_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {export_format!r}")
    with translation.override("zh-hans"):  # the official table is in Chinese
        content = plan_to_xlsx(plan) if export_format == "xlsx" else plan_to_docx(plan)
    filename = f"{plan.title[:80]}.{export_format}"
    return content, EXPORT_FORMATS[export_format], filename


__all__ = [
    "EXPORT_COLUMNS",
    "EXPORT_FORMATS",
    "TableImportError",
    "export_plan",
    "export_rows",
    "plan_to_docx",
    "plan_to_xlsx",
    "read_division_table",
]

"""The ledger of coordination matters as a workbook (the matter list's export, page and API)."""

from django.utils import timezone

from zhenxing.coordination import selectors
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx

FILENAME = "coordination-matters.xlsx"


def matters_xlsx(matters) -> bytes:
    sheet = SheetTable(
        name="协调事项",
        title="协调事项台账",
        note=f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}",
        headers=selectors.MATTER_EXPORT_HEADERS,
        rows=selectors.matter_export_rows(matters),
        widths=[10, 36, 14, 14, 12, 24, 12, 36, 14, 10, 8, 36],
    )
    return tables_to_xlsx([sheet])

"""A plan as an Excel table: a merged title row, a note row, then the standard columns
(written by `lib.xlsx_export`, whose guard keeps formula-like text as text)."""

from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx
from zhenxing.policies.exchange.table import EXPORT_COLUMNS, export_rows
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
    "分管领导": 16,
}
CENTRED = frozenset(
    EXPORT_COLUMNS.index(heading) for heading in ("序号", "编号", "成果形式", "优先级")
)


def plan_to_xlsx(plan: DivisionPlan) -> bytes:
    sheet = SheetTable(
        name="任务分工",
        title=plan.title,
        note=_note(plan),
        headers=EXPORT_COLUMNS,
        rows=[row.as_list() for row in export_rows(plan)],
        widths=[COLUMN_WIDTHS[heading] for heading in EXPORT_COLUMNS],
        centred_columns=CENTRED,
    )
    return tables_to_xlsx([sheet])


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

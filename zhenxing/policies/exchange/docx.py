"""A plan as a Word table in official-document layout (GB/T 9704-2012, see lib.official_docx):
A4 with the official margins, the title in 小标宋 2号, the text in 仿宋_GB2312 3号, the
table in 仿宋 五号 (eight columns fit the 156 mm text width), page numbers "— 1 —"."""

from docx.shared import Pt

from zhenxing.lib.official_docx import OfficialDocument
from zhenxing.policies.exchange.table import export_rows
from zhenxing.policies.models import DivisionPlan

TABLE_SIZE = Pt(10.5)  # 五号
# Column widths add up to the text width: 210 mm - 28 mm - 26 mm = 156 mm.
TABLE_COLUMNS = [
    ("序号", 10),
    ("重点任务", 52),
    ("牵头单位", 21),
    ("参加单位", 23),
    ("完成时限", 16),
    ("编号", 10),
    ("来源条款", 12),
    ("成果形式", 12),
]


def plan_to_docx(plan: DivisionPlan) -> bytes:
    document = OfficialDocument()
    document.title(plan.title)
    if plan.document_id:
        number = f"（{plan.document.document_number}）" if plan.document.document_number else ""
        document.paragraph(f"为贯彻落实《{plan.document.title}》{number}，现将重点任务分工如下。")
    rows = [
        [
            str(row.position),
            _task_text(row.title, row.description),
            row.lead,
            row.participants,
            row.deadline,
            row.code,
            row.source,
            row.result_form,
        ]
        for row in export_rows(plan)
    ]
    document.table(
        [heading for heading, _width in TABLE_COLUMNS],
        rows,
        widths_mm=[width for _heading, width in TABLE_COLUMNS],
        size=TABLE_SIZE,
    )
    return document.to_bytes()


def _task_text(title: str, description: str) -> str:
    """The task as the table states it: its heading, then the rest of its text."""
    rest = description.strip()
    if rest.startswith(title):
        rest = rest[len(title) :].lstrip("。；：:，, \n")
    if not rest:
        return title
    return f"{title}{'' if title.endswith(('。', '；')) else '。'}{rest}"

"""试点示范推进情况: the mechanism's pilots and demonstration zones in force in the period's year,
with their tasks, projects and latest evaluation (pilots.selectors)."""

import datetime

from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.pilots import selectors
from zhenxing.reports.content import Section, Table


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The pilots part of a progress report, or None when the mechanism has no pilot in force."""
    rows = selectors.report_rows(
        mechanism=mechanism, period_start=period_start, period_end=period_end
    )
    if not rows:
        return None
    evaluated = [row for row in rows if row["evaluation"]]
    paragraphs = [
        f"在建试点示范{len(rows)}个，承担分工任务{sum(row['tasks'] for row in rows)}项，"
        f"关联项目{sum(row['projects'] for row in rows)}个。"
    ]
    if evaluated:
        paragraphs.append(
            "评估情况："
            + "；".join(
                f"{row['pilot'].name}{row['evaluation'].year}年度评估"
                f"{row['evaluation'].get_grade_display()}（{row['evaluation'].score}分）"
                for row in evaluated
            )
            + "。"
        )
    table = Table(
        title="试点示范清单",
        headers=["名称", "类型", "所在地区", "期限", "分工任务", "项目", "最近评估"],
        rows=[
            [
                row["pilot"].name,
                row["pilot"].get_kind_display(),
                row["pilot"].region.name,
                row["pilot"].period_label(),
                row["tasks"],
                row["projects"],
                f"{row['evaluation'].year} {row['evaluation'].get_grade_display()}"
                if row["evaluation"]
                else "—",
            ]
            for row in rows
        ],
        widths_mm=[46, 24, 18, 18, 16, 12, 24],
    )
    return Section(key="pilots", heading="试点示范推进情况", paragraphs=paragraphs, tables=[table])

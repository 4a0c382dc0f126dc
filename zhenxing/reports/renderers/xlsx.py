"""ReportContent → Excel: the key figures, every table of the report, and the annexes."""

from zhenxing.lib.colours import Colour
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx
from zhenxing.reports.content import ReportContent, Section

# The key figures' names as the report writes them (the sheet is read by people, not programs).
FIGURE_LABELS = {
    "period": "报告期",
    "tasks_total": "跟踪重点任务（项）",
    "tasks_completed": "已完成销号（项）",
    "completion_rate": "完成率",
    "colours": "进度预警（项）",
    "rounds": "开展调度（次）",
    "submissions_total": "要求报送进展报告（份）",
    "submissions_due": "已到截止日期的应报送进展报告（份）",
    "submissions_reported": "已报送（份）",
    "submissions_on_time": "按时报送（份）",
    "on_time_rate": "按时报送率",
    "submissions_accepted": "审核采用（份）",
    "submissions_returned": "退回修改（份）",
    "tasks_without_accepted_report": "本期尚无已采用进展报告的任务（项）",
    "latest_text_choice": "无已采用报告的任务",
    "on_time_units": "按时报送的单位",
    "late_units": "逾期报送或未报送的单位",
    "returned_units": "报送内容被退回修改的单位",
}

INVALID_SHEET_CHARACTERS = str.maketrans({c: "_" for c in "[]:*?/\\"})


def _tables(section: Section):
    yield from section.tables
    for subsection in section.subsections:
        yield from _tables(subsection)


def _figure_text(key: str, value) -> str | float:
    if isinstance(value, dict):
        labels = Colour.LABELS if key == "colours" else {}
        return "；".join(f"{labels.get(name, name)}{item}" for name, item in value.items())
    if isinstance(value, list):
        return "、".join(str(item) for item in value) or "无"
    if key.endswith("_rate") and isinstance(value, float):
        return f"{value * 100:.1f}%"
    return value


def render_xlsx(content: ReportContent) -> bytes:
    figures = [
        [FIGURE_LABELS.get(key, key), _figure_text(key, value)]
        for key, value in content.figures.items()
    ]
    sheets = [SheetTable("主要数据", content.title, ["指标", "数值"], figures, [28, 60])]
    used = {"主要数据"}
    for table in [t for section in content.sections for t in _tables(section)] + content.annexes:
        name = table.title.translate(INVALID_SHEET_CHARACTERS)[:31]
        while name in used:
            name = f"{name[:27]}({len(used)})"
        used.add(name)
        sheets.append(
            SheetTable(
                name, table.title, table.headers, table.rows, [12] + [24] * (len(table.headers) - 1)
            )
        )
    return tables_to_xlsx(sheets)

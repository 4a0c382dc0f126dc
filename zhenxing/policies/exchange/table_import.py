"""Reading an existing division table (.xlsx, .xls, .docx) into task rows, all or nothing.

Real tables have a merged title (and sometimes a note) above the heading row, headings written
in several ways (牵头单位/牵头部门/责任单位 …), line breaks inside headings, and section rows
(一、体制机制改革) between the tasks. Every bad row is reported by its row number as the
spreadsheet shows it (in Word: counted from the table's first row, the heading row);
when any row is bad, nothing is returned.

Word tables also have cells merged down (one lead for several tasks: each task takes it) and
across (a section row), the table split in two across a page with its heading row repeated,
and rows continued on the next page (a row with no 序号 whose other cells carry on the task
above it), which are joined back to their task.
"""

import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils import translation

from zhenxing.lib.uploads import DIVISION_TABLE, UploadRefused, check_upload
from zhenxing.lib.xlsx_export import FORMULA_STARTS
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.policies.selectors import UnitResolver, deadline_from_text, split_unit_names

TABLE_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".docx")
HEADER_SEARCH_ROWS = 20
HEADINGS = {
    "position": ("序号",),
    "code": ("编号", "任务编号"),
    "title": ("重点任务", "任务内容", "工作任务", "主要任务", "任务名称", "重点工作", "具体任务"),
    "lead": ("牵头单位", "牵头部门", "牵头责任单位", "主办单位", "牵头"),
    "participants": ("参加单位", "配合单位", "协办单位", "参与单位", "配合部门", "参加部门"),
    "responsible": ("责任单位", "责任部门"),  # the lead, unless a 牵头 column exists
    "deadline": ("完成时限", "时间节点", "完成时间", "时限要求", "完成期限", "时限"),
    "due_date": ("截止日期",),
    "result_form": ("成果形式",),
    "priority": ("优先级",),
    "source": ("来源条款", "政策依据"),
    "leader": ("分管领导", "责任领导", "牵头领导", "分管市领导", "分管省领导", "包保领导"),
}
SECTION_ROW = re.compile(
    r"^(?:[一二三四五六七八九十]+|第[一二三四五六七八九十]+[部分章节])\s*[、.．，]?"
)
RESULT_FORM_HINTS = [
    (re.compile(r"政策|文件|办法|意见|方案|规划|细则|制度"), Task.ResultForm.POLICY_ISSUED),
    (re.compile(r"项目|开工|建设|工程"), Task.ResultForm.PROJECT_STARTED),
    (re.compile(r"报告|总结|评估"), Task.ResultForm.REPORT),
    (re.compile(r"机制"), Task.ResultForm.MECHANISM),
    (re.compile(r"持续|长期"), Task.ResultForm.ONGOING),
]


class TableImportError(ValidationError):
    """The table cannot be imported; `row_errors` holds (row number or None, reason)."""

    def __init__(self, row_errors: list[tuple[int | None, str]]) -> None:
        self.row_errors = row_errors
        super().__init__(
            [f"第 {row} 行：{reason}" if row else reason for row, reason in row_errors]
        )


@dataclass
class ImportedTable:
    title: str
    sheet: str
    rows: list[dict] = field(default_factory=list)


def read_division_table(filename: str, data: bytes, *, within: Unit | None = None) -> ImportedTable:
    """Task rows (ready for services.division_plan_import_table) from a spreadsheet."""
    with translation.override("zh-hans"):  # choice labels are matched in Chinese
        return _read_division_table(filename, data, within=within)


def _read_division_table(filename: str, data: bytes, *, within: Unit | None) -> ImportedTable:
    if PurePath(filename).suffix.lower() not in TABLE_SUFFIXES:
        raise TableImportError(
            [(None, "请上传 Excel 表格（.xlsx 或 .xls）或 Word 表格（.docx）。")]
        )
    try:
        check_upload(filename, data, DIVISION_TABLE)
    except UploadRefused as error:
        raise TableImportError([(None, str(error))]) from error
    is_word = PurePath(filename).suffix.lower() == ".docx"
    for name, grid, title in _word_tables(data) if is_word else _sheets(data):
        header = _find_header(grid)
        if header is not None:
            table = _read_rows(name, grid, *header, within=within)
            table.title = title or table.title
            return table
    raise TableImportError(
        [
            (
                None,
                "未找到表头：表格应有“重点任务”（或“任务内容”“工作任务”）列，"
                "以及“牵头单位”“参加单位”“完成时限”等列。",
            )
        ]
    )


def _sheets(data: bytes):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            # .xls has no zip to look into beforehand: refuse before the grid becomes Python lists.
            if sheet.height > DIVISION_TABLE.max_rows or sheet.width > DIVISION_TABLE.max_columns:
                raise UploadRefused(
                    f"工作表“{name}”范围过大（{sheet.height} 行 × {sheet.width} 列），已拒绝读取。"
                )
            # Empty leading rows and columns are kept, so indices are the spreadsheet's own.
            grid = [list(row) for row in sheet.to_python(skip_empty_area=False)]
            sheets.append((name, _fill_down(grid, sheet.merged_cell_ranges or []), ""))
    except UploadRefused as error:
        raise TableImportError([(None, str(error))]) from error
    except (CalamineError, ValueError, OSError) as error:
        raise TableImportError([(None, "无法读取该表格文件，文件可能已损坏或已加密。")]) from error
    return sheets


def _word_tables(data: bytes):
    """The document's tables as one grid (a table split across pages is one table) and the
    first line above them as its title. Rows are numbered as the table shows them."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TableImportError(
            [(None, "无法读取该 Word 文件，文件可能已损坏或已加密。")]
        ) from error
    body = document.element.body
    title_lines: list[str] = []
    grid: list[list] = []
    for element in body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p" and not grid:
            text = "".join(node.text or "" for node in element.iter() if node.tag.endswith("}t"))
            if text.strip():
                title_lines.append(text.strip())
        elif tag == "tbl":
            table = docx.table.Table(element, document)
            grid.extend(_word_rows(table))
    if not grid:
        return []
    return [("Word", _join_continued_rows(grid), title_lines[0] if title_lines else "")]


def _word_rows(table) -> list[list]:
    """Cell texts row by row. A cell merged across keeps its text in its first column only;
    a cell merged down (python-docx gives the top cell again) keeps it in every row."""
    rows = []
    for row in table.rows:
        texts, previous = [], None
        for cell in row.cells:
            texts.append("" if cell._tc is previous else "\n".join(p.text for p in cell.paragraphs))
            previous = cell._tc
        rows.append(texts)
    return rows


def _join_continued_rows(grid: list[list]) -> list[list]:
    """A row with no 序号 under a task row, whose lead and deadline are empty or the same as the
    task's (merged down), carries on that task across a page: its texts join the task's."""
    header = _find_header(grid)
    if header is None or "position" not in header[1]:
        return grid
    header_index, columns = header
    position = columns["position"]
    joined = grid[: header_index + 1]
    previous = None
    for row in grid[header_index + 1 :]:
        cells = [_text(value) for value in row]
        if _is_heading_row(cells):
            joined.append([])  # the heading row repeated on the next page (kept empty: numbering)
            continue
        if (
            previous is not None
            and _text(previous[position] if position < len(previous) else "")
            and not (cells[position] if position < len(cells) else "")
            and any(cells)
            and all(
                not _cell(cells, columns, key)
                or _cell(cells, columns, key) == _cell(previous, columns, key)
                for key in ("lead", "deadline")
            )
            and not (
                len([v for v in cells if v]) == 1 and SECTION_ROW.match(next(v for v in cells if v))
            )
        ):
            for column, value in enumerate(cells):
                if value and value != _cell(previous, {"c": column}, "c"):
                    while len(previous) <= column:
                        previous.append("")
                    previous[column] = _text(previous[column]) + value
            joined.append([])  # kept empty, so later rows keep the numbers the table shows
            continue
        joined.append(row)
        previous = row
    return joined


def _cell(row: list, columns: dict[str, int], key: str) -> str:
    column = columns.get(key)
    return _text(row[column]) if column is not None and column < len(row) else ""


def _is_heading_row(cells: list[str]) -> bool:
    lookup = {heading for headings in HEADINGS.values() for heading in headings}
    keys = [_heading_key(value) for value in cells if value]
    return len(keys) >= 2 and sum(key in lookup for key in keys) >= 2


def _fill_down(grid: list[list], merged) -> list[list]:
    """A lead unit merged down over several tasks belongs to each of them. Merges across a
    row (titles, section rows) stay as they are."""
    for (first_row, first_column), (last_row, last_column) in merged:
        if last_row == first_row or first_row >= len(grid):
            continue
        for column in range(first_column, last_column + 1):
            value = grid[first_row][column] if column < len(grid[first_row]) else None
            for row in range(first_row + 1, min(last_row, len(grid) - 1) + 1):
                while len(grid[row]) <= column:
                    grid[row].append("")
                grid[row][column] = value
    return grid


def _heading_key(value) -> str:
    text = re.sub(r"[（(][^）)]*[）)]", "", _text(value))
    return "".join(text.split()).strip("*＊:：")


def _find_header(grid) -> tuple[int, dict[str, int]] | None:
    lookup = {heading: key for key, headings in HEADINGS.items() for heading in headings}
    for index, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for column, value in enumerate(row):
            key = lookup.get(_heading_key(value))
            if key and key not in columns:
                columns[key] = column
        if "title" in columns and len(columns) >= 2:
            if "responsible" in columns:
                target = "participants" if "lead" in columns else "lead"
                columns.setdefault(target, columns["responsible"])
            return index, columns
    return None


def _text(value) -> str:
    """A cell as text: whole numbers without .0, our formula guard removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:2] in "".join(FORMULA_STARTS):
        text = text[1:]
    return text


def _title_above(grid, header_index: int) -> str:
    for row in grid[:header_index]:
        for value in row:
            if _text(value):
                return _text(value)
    return ""


def _read_rows(sheet, grid, header_index, columns, *, within) -> ImportedTable:
    table = ImportedTable(title=_title_above(grid, header_index), sheet=sheet)
    errors: list[tuple[int, str]] = []
    raw_rows = []
    for index in range(header_index + 1, len(grid)):
        cells = {key: grid[index][column] if column < len(grid[index]) else None
                 for key, column in columns.items()}  # fmt: skip
        texts = {key: _text(value) for key, value in cells.items()}
        filled = [_text(value) for value in grid[index] if _text(value)]
        if not filled or _is_section_row(filled, texts):
            continue
        raw_rows.append((index + 1, cells, texts))
    names = [
        name
        for _row, _cells, texts in raw_rows
        for name in split_unit_names(texts.get("lead", ""))
        + split_unit_names(texts.get("participants", ""))
    ]
    resolver = UnitResolver(names, within=within)
    codes: dict[str, int] = {}
    for position, (row_number, cells, texts) in enumerate(raw_rows, start=1):
        row, problems = _task_row(position, cells, texts, resolver)
        code = row.get("code", "")
        if code in codes:
            problems.append(f"编号“{code}”与第 {codes[code]} 行重复")
        codes.setdefault(code, row_number)
        errors.extend((row_number, problem) for problem in problems)
        table.rows.append(row)
    if errors:
        raise TableImportError(errors)
    if not table.rows:
        raise TableImportError([(header_index + 1, "表头下没有任务行。")])
    return table


def _is_section_row(filled: list[str], texts: dict[str, str]) -> bool:
    """一、体制机制改革 across the table, or a note row: one cell, and not a task's title."""
    if len(filled) != 1:
        return False
    if SECTION_ROW.match(filled[0]):
        return True
    only_position = texts.get("position") == filled[0] or texts.get("code") == filled[0]
    return not texts.get("title") and not only_position


def _task_row(position, cells, texts, resolver) -> tuple[dict, list[str]]:
    problems = []
    title = texts.get("title", "")
    if not title:
        problems.append("缺少重点任务")
    elif len(title) > 300:
        problems.append(f"重点任务超过 300 字（{len(title)} 字）")
    code = texts.get("code") or texts.get("position") or str(position)
    if len(code) > 30:
        problems.append("编号超过 30 个字符")
    lead_written, participants_written = texts.get("lead", ""), texts.get("participants", "")
    if len(lead_written) > 300 or len(participants_written) > 500:
        problems.append("单位名称过长")
    leads, unresolved = resolver.resolve(split_unit_names(lead_written))
    participants, unresolved_participants = resolver.resolve(split_unit_names(participants_written))
    deadline_text, due_date = "", None
    try:
        deadline_text, due_date = _deadline(cells.get("deadline"))
    except ValueError:
        problems.append(f"完成时限“{texts.get('deadline')}”不是有效日期")
    if texts.get("due_date"):
        try:
            due_date = _date(cells["due_date"])
        except ValueError:
            problems.append(f"截止日期“{texts['due_date']}”不是有效日期")
    if len(deadline_text) > 100:
        problems.append("完成时限超过 100 字")
    lead = leads[0] if leads else None
    co_leads = [unit for unit in dict.fromkeys(leads[1:]) if unit != lead]
    others = [unit for unit in participants if unit not in leads]
    row = {
        "code": code,
        "title": title[:300],
        "lead_unit": lead,
        "co_lead_units": co_leads,
        "participating_units": list(dict.fromkeys(others)),
        "unresolved_units": list(dict.fromkeys(unresolved + unresolved_participants)),
        "lead_units_written": lead_written[:300],
        "participating_units_written": participants_written[:500],
        "deadline_text": deadline_text[:100],
        "due_date": due_date,
        "result_form": _result_form(texts.get("result_form", "")),
        "priority": _priority(texts.get("priority", "")),
        "responsible_leader": texts.get("leader", "")[:50],
    }
    return row, problems


def _deadline(value) -> tuple[str, datetime.date | None]:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return deadline_from_text(value.isoformat())
    return deadline_from_text(_text(value))


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    _text_, due = deadline_from_text(_text(value))
    if due is None:
        raise ValueError(value)
    return due


def _result_form(written: str) -> str:
    for choice in Task.ResultForm:
        if written in (choice.value, choice.label):
            return choice.value
    for pattern, choice in RESULT_FORM_HINTS:
        if pattern.search(written):
            return choice
    return Task.ResultForm.OTHER


def _priority(written: str) -> str:
    for choice in Task.Priority:
        if written in (choice.value, choice.label):
            return choice.value
    return Task.Priority.KEY if "重点" in written or "高" in written else Task.Priority.NORMAL

"""Lines as web pages and reposts lay them out: run-on items, column prefixes, metadata tables.

- Several items on one line: `(一)地区生产总值增长7%左右。(省发展改革委负责)(二)一般公共…`
  is split before each marker that continues the line's own numbering after a sentence or an
  annotation has closed; a line without a marker of its own (a wrapped line) continues the
  numbering of the items above it; after a label (`责任单位:…管委会2.一般…`, label lines run on
  with the items) the marker may follow a unit's name; an item titled with digits
  (`…)11.121人才梯队项目`) may start after an annotation's bracket when it is the next number.
- A `【栏目|标题】` prefix before an item marker or a title is dropped.
- Text pasted from a PDF: page numbers (`- 3 -`) go, and so does the running header at the top
  of each page (a line after a page number that repeats the document's first lines, whole or
  its beginning), which would otherwise land inside a sentence or a unit's name.
- Metadata tables (`发布单位 | 广东省人民政府 |`, `发布文号 | 粤府〔2021〕22号 |`) become
  labelled lines (`发布文号：粤府〔2021〕22号`) that the metadata reader takes.
- Division tables flattened to text — a row a line (`序号 工作任务 牵头负责部门` then
  `1 居民消费价格涨幅3%左右 发展改革委`, cells apart by white space, tabs or `|`) or a cell a
  line (`序号`, `2022年预期目标`, `责任单位`, then `1`, `地区生产总值增长5.5%左右`,
  `区发展改革委`, …; a cell may end in `|`) — become numbered items with label lines
  (`1.居民消费价格涨幅3%左右` / `牵头单位：发展改革委`). A table that follows a title rather
  than a heading starts a numbering of its own (TABLE_START). Headers and row numbers are
  read in any script and width (`序號`, `１`). A grouping column before `序号` (`分类`,
  `类别`: its cell stands only on the first row of each group, `发展目标` before `1`) is
  skipped (in a table a row a line too), and a row whose empty cells were dropped (the next
  row's number comes early) or that the text cuts short keeps its text, its time cell in the
  time column and its other cells in the unit columns in order.
"""

import re

from zhenxing.policies.parser.annotations import LABEL
from zhenxing.policies.parser.metadata import is_title
from zhenxing.policies.parser.structure import TABLE_START, digit_titled_item, find_marker
from zhenxing.policies.parser.text import PAGE_NUMBER, clean_line, half_width, to_simplified

# Where a marker may start inside a line: after a sentence end or a closing bracket.
_RUN_ON = re.compile(
    r"(?<=[。；;！？!?）)〕\]］])\s*(?=[（(]\s*[一二三四五六七八九十百]{1,4}\s*[)）]|\d{1,3}\s*[.、．](?!\d))"
)
_COLUMN_PREFIX = re.compile(r"^【[^【】]{1,40}】\s*")
_TABLE_KEYS = {
    "发布单位": "发布单位",
    "发文机关": "发文机关",
    "发布机构": "发布机构",
    "发布文号": "发文字号",
    "发文字号": "发文字号",
    "文号": "发文字号",
    "发布日期": "发布日期",
    "成文日期": "成文日期",
    "发文日期": "发文日期",
    "标题": "标题",
    "名称": "标题",
}


_HEAD_LINES = 5


def drop_page_furniture(raw_lines: list[str]) -> list[str]:
    """Raw lines without a pasted PDF's page numbers and the running header after each."""
    numbers = [index for index, line in enumerate(raw_lines) if PAGE_NUMBER.match(line)]
    if not numbers:
        return raw_lines
    head = [(index, clean_line(line)) for index, line in enumerate(raw_lines) if line.strip()][
        :_HEAD_LINES
    ]
    dropped = set(numbers)
    for number in numbers:
        after = next(
            (index for index in range(number + 1, len(raw_lines)) if raw_lines[index].strip()),
            None,
        )
        if after is None:
            continue
        line = clean_line(raw_lines[after])
        if len(line) >= 4 and any(
            first.startswith(line) for index, first in head if index != after
        ):
            dropped.add(after)
    return [line for index, line in enumerate(raw_lines) if index not in dropped]


# A marker right after a unit's name, where label lines were run together with the items
# (`牵头单位:区发改委责任单位:各产业主管部门2.区级一般公共预算收入…`): only after a label.
_RUN_ON_AFTER_NAME = re.compile(
    r"(?<=[\u4e00-\u9fff])(?=[（(][一二三四五六七八九十百]{1,4}[)）]|\d{1,3}[.、．](?!\d))"
)
# `…(牵头单位:…)11.121人才梯队项目`: an item titled with digits, after an annotation's bracket.
_RUN_ON_DIGITS = re.compile(r"(?<=[）)〕\]］])\s*(?=\d{1,3}[.、．]\d)")
_OPENING = "（(〔[［【"
_CLOSING = "）)〕]］】"


def _depth(text: str) -> int:
    return sum(char in _OPENING for char in text) - sum(char in _CLOSING for char in text)


def _run_on_positions(line: str) -> list[tuple[int, int]]:
    """(end of the piece before, start of the marker) where an item may start inside `line`."""
    positions = [(match.start(), match.end()) for match in _RUN_ON.finditer(line)]
    positions += [(match.start(), match.end()) for match in _RUN_ON_DIGITS.finditer(line)]
    if ":" in line or "：" in line:  # a label has a colon: most lines skip the search
        positions += [
            (match.start(), match.start())
            for match in _RUN_ON_AFTER_NAME.finditer(line)
            if _depth(line[: match.start()]) == 0
            and LABEL.search(to_simplified(line[: match.start()]))
        ]
    return sorted(set(positions))


def split_run_on_items(line: str, numbering: dict[str, int] | None = None) -> list[str]:
    """One line per item where a line holds several items of the same numbering: the numbering
    the line's own marker starts, or without one, the numbering of the items above
    (`numbering`: the last number of each kind), as when a wrapped line carries the next item."""
    first = find_marker(line)
    if first is None and not numbering:
        return [line]
    kind, number = (first.kind, first.number) if first else (None, 0)
    lines, start = [], 0
    for end, next_start in _run_on_positions(line):
        if end < start:
            continue
        rest = line[next_start:]
        marker = find_marker(rest) or digit_titled_item(rest)
        if marker is None:
            continue
        if kind is None:
            if numbering.get(marker.kind, -1) + 1 != marker.number:
                continue
            kind, number = marker.kind, numbering[marker.kind]
        if marker.kind != kind or marker.number != number + 1:
            continue
        lines.append(line[start:end].strip())
        start, number = next_start, marker.number
    lines.append(line[start:].strip())
    return [piece for piece in lines if piece]


def laid_out(lines: list[str], head_lines: int) -> list[str]:
    """Clean lines with what hosts do to them undone: column prefixes dropped, metadata-table
    rows among the first `head_lines` made labelled lines, run-on items split (the numbering
    carried from line to line)."""
    result, numbering = [], {}
    for index, line in enumerate(lines):
        line = drop_column_prefix(line)
        if index < head_lines and (labels := table_row_labels(line)) is not None:
            result.extend(labels)
            continue
        for piece in split_run_on_items(line, numbering):
            if marker := _item_marker(piece, numbering):
                numbering[marker.kind] = marker.number
            result.append(piece)
    return result


def _item_marker(line: str, numbering: dict[str, int]):
    """The marker a laid-out line starts with; one followed by digits (11.121人才…) only where
    it is the next number (elsewhere 2.5万人 is a decimal)."""
    if marker := find_marker(line):
        return marker
    digits = digit_titled_item(line)
    if digits is not None and numbering.get(digits.kind, -1) + 1 == digits.number:
        return digits
    return None


def drop_column_prefix(line: str) -> str:
    """【政策文件|通知公告】(一)… → (一)…; 【重点工作】滁州市人民政府关于…的通知 → the title."""
    match = _COLUMN_PREFIX.match(line)
    if not match:
        return line
    rest = line[match.end() :]
    if rest and (find_marker(rest) or is_title(rest)):
        return rest
    return line


def table_row_labels(line: str) -> list[str] | None:
    """`发布文号 | 粤府〔2021〕22号 | 发布日期 | 2021-03-29 |` → labelled lines; None if the line
    is not a row of short cells. Rows without known keys (`有效性状态 | 阶段性文件 |`) give none."""
    if "|" not in line or "【" in line:
        return None
    cells = [cell.strip() for cell in line.split("|")]
    if not any(cells):
        return []
    if any(len(cell) > 40 for cell in cells):
        return None
    labels, index = [], 0
    while index < len(cells):
        key = "".join(cells[index].split())
        if key in _TABLE_KEYS:
            value = cells[index + 1] if index + 1 < len(cells) else ""
            if value:
                labels.append(f"{_TABLE_KEYS[key]}：{value}")
            index += 2
        else:
            index += 1
    return labels


_COLUMN_LABELS = (
    (re.compile(r"牵头"), "牵头单位"),
    (re.compile(r"主办|主责"), "牵头单位"),
    (re.compile(r"配合|协办|协助|参与|协同"), "配合单位"),
    (re.compile(r"责任|负责|承办|落实"), "责任单位"),
    (re.compile(r"时限|时间|期限|完成时"), "完成时限"),
)
_NUMBER_CELL = re.compile(r"^\d{1,3}$")
# A grouping column's header before 序号: its cells are merged down each group of rows.
GROUP_HEADER = re.compile(r"^(?:分类|类别|类型|板块|领域|方面|工作类别|任务类别)$")


def _plain(cell: str) -> str:
    """A cell as the table rules read it: simplified, half-width (序號 → 序号, １ → 1)."""
    return half_width(to_simplified(cell))


def _is_number_header(cell: str) -> bool:
    """序号 in any script or width (the length first: most lines are not short)."""
    return len(cell) == 2 and _plain(cell) == "序号"


def _column_label(header: str) -> str:
    """The label line a column's header stands for, or "" for a text column."""
    plain = "".join(_plain(header).split())
    if len(plain) > 12 or not re.search(
        r"单位|部门|时限|时间|期限|领导|牵头|主办|配合|协办", plain
    ):
        return ""
    if re.search(r"领导|责任人|联系人", plain):
        return "牵头领导"  # a person, not a unit: read and ignored
    for pattern, label in _COLUMN_LABELS:
        if pattern.search(plain):
            return label
    return ""


def unflatten_tables(raw_lines: list[str]) -> list[str]:
    """Raw lines with every division table flattened to text turned into items and labels."""
    result: list[str] = []
    index = 0
    while index < len(raw_lines):
        converted = _row_table(raw_lines, index) or _cell_table(raw_lines, index)
        if converted is None:
            result.append(raw_lines[index])
            index += 1
            continue
        lines, index = converted
        before = next((line for line in reversed(result) if line.strip()), "")
        if not find_marker(before.strip()):
            result.append(TABLE_START)
        result.extend(lines)
    return result


def _row_lines(number: str, cells: list[str], labels: list[str]) -> list[str]:
    text = "".join(cell for cell, label in zip(cells, labels, strict=True) if not label)
    lines = [f"{number}.{text}"]
    lines += [
        f"{label}：{cell}" for cell, label in zip(cells, labels, strict=True) if label and cell
    ]
    return lines


_CELL_SEPARATOR = re.compile(r"[|｜\t]")


def _row_cells(line: str) -> tuple[list[str], bool]:
    """A row's cells, and whether they were set apart by tabs or `|` (one cell a column)
    rather than by spaces (`| 1 | 居民消费价格涨幅3%左右 | 发展改革委 |`, `1 居民… 发展改革委`)."""
    if not _CELL_SEPARATOR.search(line):
        return line.split(), False
    cells = [cell.strip() for cell in _CELL_SEPARATOR.split(line.strip())]
    while cells and not cells[0]:
        cells.pop(0)
    while cells and not cells[-1]:
        cells.pop()
    return cells, True


def _row_table(raw_lines: list[str], index: int) -> tuple[list[str], int] | None:
    """`序号 工作任务 牵头负责部门` and rows `1 居民消费价格涨幅3%左右 发展改革委`."""
    header, separated = _row_cells(raw_lines[index])
    grouped = (
        len(header) > 2
        and bool(GROUP_HEADER.match(_plain(header[0])))
        and _is_number_header(header[1])
    )
    if grouped:
        header = header[1:]
    if len(header) < 2 or not _is_number_header(header[0]):
        return None
    if separated:
        labels = [_column_label(cell) for cell in header[1:]]
        if not any(labels) or all(labels):
            return None
    else:
        unit_columns = [_column_label(cell) for cell in header[1:] if _column_label(cell)]
        if not unit_columns:
            return None
        labels = [""] + unit_columns
    lines, number, position = [], 1, index + 1
    while position < len(raw_lines):
        row, _ = _row_cells(raw_lines[position])
        if not row:
            position += 1
            continue
        if grouped and len(row) > 1 and _plain(row[0]) != str(number):
            if _plain(row[1]) == str(number):
                row = row[1:]  # the group's cell before its first row
        if _plain(row[0]) != str(number) or len(row) < (2 if separated else len(labels) + 1):
            break
        if separated:
            cells = (row[1:] + [""] * len(labels))[: len(labels)]
        else:
            cells = ["".join(row[1 : len(row) - len(labels) + 1])] + row[-len(labels) + 1 :]
        lines += _row_lines(_plain(row[0]), cells, labels)
        number, position = number + 1, position + 1
    return (lines, position) if number > 1 else None


def _cell(line: str) -> str:
    """A cell's text: `序号 |` (a cell a line, each closed by `|`) is `序号`."""
    return line.strip().removesuffix("|").removesuffix("｜").strip()


# A cell that holds only a time limit: 2023年底, 2024年6月底前, 长期坚持, 全年, 每季度.
_TIME_CELL = re.compile(
    r"^(?:\d{1,4}\s*[年月日]|[年月]?[底末内中]|前|完成|全年|长期|坚持|持续|推进|常态化|每|"
    r"季度|半年|[上下]半年|[一二三四]季度|第|[-—–~至到])+$"
)


def _fit_short_row(cells: list[str], labels: list[str]) -> list[str] | None:
    """A row with empty cells dropped: its text first, then a time cell in the time column
    and the other cells in the unit columns in order; None if they do not fit."""
    if not cells or labels[0]:
        return None
    fitted = [cells[0]] + [""] * (len(labels) - 1)
    units = [i for i, label in enumerate(labels) if label and label != "完成时限"]
    times = [i for i, label in enumerate(labels) if label == "完成时限"]
    for cell in cells[1:]:
        columns = times if _TIME_CELL.match("".join(cell.split())) else units
        if not columns:
            return None
        fitted[columns.pop(0)] = cell
    return fitted


def _cell_table(raw_lines: list[str], index: int) -> tuple[list[str], int] | None:
    """`序号`, header cells, then each row's cells one a line, starting with its number."""
    if not _is_number_header(_cell(raw_lines[index])):
        return None
    cells = [(position, _cell(line)) for position, line in enumerate(raw_lines) if _cell(line)]
    start = next(i for i, (position, _) in enumerate(cells) if position == index)
    previous = "".join(_plain(cells[start - 1][1]).split()) if start > 0 else ""
    grouped = bool(GROUP_HEADER.match(previous))
    headers = []
    for _, cell in cells[start + 1 : start + 9]:
        if _NUMBER_CELL.match(_plain(cell)):
            break
        headers.append(cell)
    if grouped:
        headers = headers[:-1]  # the first row's group cell stands before its number
    labels = [_column_label(header) for header in headers]
    if not headers or not any(labels) or all(labels):
        return None
    width = len(headers) + 1
    lines, number, at = [], 1, start + 1 + len(headers)
    while at < len(cells):
        if grouped and _plain(cells[at][1]) != str(number) and at + 1 < len(cells):
            group_cell, first = _plain(cells[at][1]), _plain(cells[at + 1][1])
            if first == str(number) and not _NUMBER_CELL.match(group_cell):
                at += 1  # a group's cell before the group's first row
        if _plain(cells[at][1]) != str(number):
            break
        row = [cell for _, cell in cells[at + 1 : at + width]]
        plain_row = [_plain(cell) for cell in row]
        if str(number + 1) in plain_row:  # an empty cell: the next row starts early
            row = row[: plain_row.index(str(number + 1))]
        if any(_NUMBER_CELL.match(_plain(cell)) or _is_number_header(cell) for cell in row):
            break
        if len(row) < width - 1:
            # Empty cells, or the text ends inside the last row: place the cells it has.
            fitted = _fit_short_row(row, labels)
            if fitted is None:
                break
            lines += _row_lines(str(number), fitted, labels)
            number, at = number + 1, at + 1 + len(row)
            continue
        lines += _row_lines(str(number), row, labels)
        number, at = number + 1, at + width
    if number == 1:
        return None
    end = cells[at][0] if at < len(cells) else len(raw_lines)
    return lines, end

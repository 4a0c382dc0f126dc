"""Lines as web pages and reposts lay them out: run-on items, column prefixes, metadata tables.

- Several items on one line: `(一)地区生产总值增长7%左右。(省发展改革委负责)(二)一般公共…`
  is split before each marker that continues the line's own numbering after a sentence or an
  annotation has closed.
- A `【栏目|标题】` prefix before an item marker or a title is dropped.
- Metadata tables (`发布单位 | 广东省人民政府 |`, `发布文号 | 粤府〔2021〕22号 |`) become
  labelled lines (`发布文号：粤府〔2021〕22号`) that the metadata reader takes.
"""

import re

from zhenxing.policies.parser.metadata import is_title
from zhenxing.policies.parser.structure import find_marker

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


def split_run_on_items(line: str) -> list[str]:
    """One line per item where a line holds several items of the same numbering."""
    first = find_marker(line)
    if first is None:
        return [line]
    lines, start, kind, number = [], 0, first.kind, first.number
    for match in _RUN_ON.finditer(line):
        marker = find_marker(line[match.end() :])
        if marker is None or marker.kind != kind or marker.number != number + 1:
            continue
        lines.append(line[start : match.start()].strip())
        start, number = match.end(), marker.number
    lines.append(line[start:].strip())
    return [piece for piece in lines if piece]


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

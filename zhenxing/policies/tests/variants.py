"""The same documents in other forms (issue 18): transformations of a document's text that real
republication makes, and scoring the parser on them. Shared by bench/parse_variants.py and
test_parser_variants.py.

Each transformation is deterministic (the same text gives the same result) and changes only the
form: the items, their numbering and their annotations stay, so the corpus's expected answers
(names compared simplified, half-width, without spaces) still hold.
"""

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from zhenxing.policies.parser.layout import GROUP_HEADER
from zhenxing.policies.tests.corpus import Scores, documents, score_items

# ---------------------------------------------------------------- punctuation and script

_TO_HALF = str.maketrans("（）：，；！？", "():,;!?")
_TO_FULL_PUNCTUATION = str.maketrans("():,;!?", "（）：，；！？")
_TO_FULL = str.maketrans(
    {code: chr(code + 0xFEE0) for code in range(0x21, 0x7F)}  # ! … ~ to ！ … ～
)


def half_width(text: str) -> str:
    """（三） → (三), ： → :, ， → ,, ；！？ → ;!?: as reposts store them."""
    return text.translate(_TO_HALF)


def full_width_punctuation(text: str) -> str:
    """(三) → （三）, : → ：, , → ，, ;!? → ；！？ (digits and letters kept): an official page's
    punctuation, the converse of `half_width` (the corpus stores most pages half-width)."""
    return text.translate(_TO_FULL_PUNCTUATION)


def full_width(text: str) -> str:
    """Every ASCII character to its full-width form (() → （）, 2022 → ２０２２, A → Ａ, . → ．),
    as some gateways serve it."""
    return text.translate(_TO_FULL)


def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def traditional(text: str) -> str:
    """The text in traditional script (OpenCC s2t, phrases included), as big5 gateways serve."""
    return _opencc("s2t").convert(text)


def traditional_taiwan(text: str) -> str:
    """The text in Taiwan's traditional script (OpenCC s2tw: 爲 → 為, 台 → 臺 …)."""
    return _opencc("s2tw").convert(text)


# ---------------------------------------------------------------- lines

# An item marker at the start of a line: (一), 1., 1、, (1) in either width.
_ITEM_MARKER = re.compile(
    r"^\s*(?:(?P<article>[（(][一二三四五六七八九十]{1,3}[)）])|(?P<item>\d{1,3}[.、．](?!\d))"
    r"|(?P<subitem>[（(]\d{1,3}[)）])"
    r"|(?P<part>[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十]{1,3}[部分章节篇]))"
)
_CLOSED = tuple("。；;！？!?）)〕]】」”")


def _marker_kind(line: str) -> str:
    match = _ITEM_MARKER.match(line)
    return match.lastgroup if match else ""


def _run_together(pieces: list[str]) -> str:
    """Lines run into one: nothing between pieces after a closing mark, a space elsewhere."""
    joined = ""
    for piece in pieces:
        if joined and not joined.endswith(_CLOSED):
            joined += " "
        joined += piece
    return joined


def one_line(text: str) -> str:
    """A part's items run together on one line with the lines under each item
    (`(一)…。(省发展改革委负责)(二)…`), as aggregators flatten them."""
    lines = text.split("\n")
    result, index = [], 0
    while index < len(lines):
        kind = _marker_kind(lines[index])
        if kind in ("", "part"):
            result.append(lines[index])
            index += 1
            continue
        pieces, items, end = [lines[index].strip()], 1, index + 1
        while end < len(lines):
            line = lines[end]
            if not line.strip():
                following = next((later for later in lines[end:] if later.strip()), "")
                if _marker_kind(following) != kind:
                    break
                end += 1
                continue
            line_kind = _marker_kind(line)
            if line_kind and line_kind != kind:
                break
            items += bool(line_kind)
            pieces.append(line.strip())
            end += 1
        if items < 2:
            result.append(lines[index])
            index += 1
            continue
        result.append(_run_together(pieces))
        index = end
    return "\n".join(result)


def _checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def hard_wrapped(text: str) -> str:
    """Lines broken every 30–40 characters (one width a document) wherever the width falls,
    with a page number (`- 3 -`) and a running header between pages, as text copied from a PDF."""
    width = 30 + _checksum(text) % 11
    # The running header: the document's first line, as much as one printed line holds.
    header = next((line.strip() for line in text.split("\n") if line.strip()), "")[:width]
    printed = []
    for line in text.split("\n"):
        content = line.strip()
        if not content:
            continue
        indent = line[: len(line) - len(line.lstrip())]
        for start in range(0, len(content), width):
            printed.append((indent if start == 0 else "") + content[start : start + width])
    result, page = [], 1
    for number, line in enumerate(printed, start=1):
        result.append(line)
        if number % 22 == 0 and number < len(printed):
            page += 1
            result += ["", f"- {page - 1} -", "", header]
    return "\n".join(result)


_SPACED_PUNCTUATION = re.compile(r"\s*([，,。；;：:])\s*")


def host_noise(text: str) -> str:
    """What hosting sites add: a breadcrumb, a metadata table, a 字号 line, a `【栏目|标题】`
    prefix, full-width indentation, spaces around punctuation (`工作 , 推进 。`), and
    `打印本页 关闭窗口` at the end."""
    lines = [
        "　　" + _SPACED_PUNCTUATION.sub(r" \1 ", line.strip()) if line.strip() else ""
        for line in text.split("\n")
    ]
    first = next((index for index, line in enumerate(lines) if line.strip()), 0)
    lines[first] = "【政策文件|通知公告】" + lines[first].strip()
    head = [
        "首页 > 政务公开 > 政策文件",
        "索引号 | 11000000/2023-00012 | 主题分类 | 综合政务 |",
        "发布单位 | 人民政府办公室 | 有效性 | 有效 |",
        "【字体：大 中 小】 【打印】",
        "",
    ]
    return "\n".join([*head, *lines, "", "打印本页 关闭窗口"])


# ---------------------------------------------------------------- tables

_NUMBER_CELL = re.compile(r"^\d{1,3}$")


def _cell(line: str) -> str:
    return line.strip().removesuffix("|").strip()


def _table(lines: list[str]) -> tuple[int, int, list[list[str]]] | None:
    """(first line, line after the last, rows with the header first) of the division table
    the text holds, a row a line (`序号 工作任务 牵头负责部门`) or a cell a line; None if none."""
    start = next((i for i, line in enumerate(lines) if _cell(line).startswith("序号")), None)
    if start is None:
        return None
    first = _cell(lines[start]).split()
    if len(first) > 1:  # a row a line: the number, the task, the unit
        rows = [["序号", "".join(first[1:-1]), first[-1]]]
        end = start + 1
        while end < len(lines):
            cells = lines[end].split()
            if len(cells) < 3 or cells[0] != str(len(rows)):
                break
            rows.append([cells[0], " ".join(cells[1:-1]), cells[-1]])
            end += 1
        return start, end, rows
    before = next((_cell(line) for line in reversed(lines[:start]) if _cell(line)), "")
    if GROUP_HEADER.match(before):
        return None  # a grouping column before 序号: not rebuilt in other forms
    cells = [(i, _cell(line)) for i, line in enumerate(lines) if i >= start and _cell(line)]
    width = next(i for i, (_, cell) in enumerate(cells) if _NUMBER_CELL.match(cell))
    rows, at, end = [[cell for _, cell in cells[:width]]], width, start + 1
    while at + width <= len(cells) and cells[at][1] == str(len(rows)):
        rows.append([cell for _, cell in cells[at : at + width]])
        end = cells[at + width - 1][0] + 1
        at += width
    if any(cell == str(len(rows)) for _, cell in cells[at : at + width]):
        return None  # a row with empty cells dropped or cut short: not rebuilt in other forms
    return start, end, rows


def _retabled(text: str, row: Callable[[list[str]], list[str]]) -> str:
    lines = text.split("\n")
    table = _table(lines)
    if table is None:
        return text
    start, end, rows = table
    return "\n".join(lines[:start] + [line for cells in rows for line in row(cells)] + lines[end:])


def table_tabs(text: str) -> str:
    """A division table's rows as tab-separated cells, as a spreadsheet pastes them."""
    return _retabled(text, lambda cells: ["\t".join(cells)])


def table_pipes(text: str) -> str:
    """A division table's rows as `| 序号 | 重点任务 | 牵头单位 |`, as text exports give them."""
    return _retabled(text, lambda cells: ["| " + " | ".join(cells) + " |"])


def table_cells(text: str) -> str:
    """A division table a cell a line, as a Word table pastes."""
    return _retabled(text, lambda cells: cells)


def is_table(text: str) -> bool:
    return _table(text.split("\n")) is not None


# ---------------------------------------------------------------- scoring

TRANSFORMATIONS: dict[str, Callable[[str], str]] = {
    "half_width": half_width,
    "full_width_punctuation": full_width_punctuation,
    "full_width": full_width,
    "traditional": traditional,
    "traditional_taiwan": traditional_taiwan,
    "one_line": one_line,
    "hard_wrapped": hard_wrapped,
    "host_noise": host_noise,
    "table_tabs": table_tabs,
    "table_pipes": table_pipes,
    "table_cells": table_cells,
}
TABLE_TRANSFORMATIONS = {"table_tabs", "table_pipes", "table_cells"}


@dataclass
class VariantScores:
    name: str
    scores: Scores  # over the items right in the original form, in this form


def right_in_original(parse: Callable[[str], dict]) -> list[tuple[dict, list[dict]]]:
    """Every corpus document with the items the parser gets exactly right as written."""
    held = []
    for document in documents():
        results = score_items(parse(document["text"]), document, Scores())
        items = [item for item, right in zip(document["items"], results, strict=True) if right]
        if items:
            held.append((document, items))
    return held


def variant_scores(
    parse: Callable[[str], dict],
    held: list[tuple[dict, list[dict]]],
    names: list[str] | None = None,
    every: int = 1,
) -> list[VariantScores]:
    """For each transformation, the items right in the original scored on the transformed
    text (table transformations only on table documents); `every` takes one document in so many."""
    results = []
    for name in names or list(TRANSFORMATIONS):
        transform, scores = TRANSFORMATIONS[name], Scores()
        for document, items in held[::every]:
            if name in TABLE_TRANSFORMATIONS and not is_table(document["text"]):
                continue
            score_items(parse(transform(document["text"])), {**document, "items": items}, scores)
        results.append(VariantScores(name, scores))
    return results

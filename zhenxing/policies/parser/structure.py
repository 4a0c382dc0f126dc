"""The hierarchy of a Chinese government document: parts, articles, items, sub-items.

Markers are recognised at the start of a line in any mix of full- and half-width forms:
第一部分/第一章, 一、, (一)/（一）, 1./1、/1．, (1)/（1）/⑴, ①. A line only opens a node when its
number continues the numbering (1, or one more than the last of its kind), so a wrapped line
that happens to start with "(二)" or "2." inside a sentence stays text; the first marker of its
kind may have any number where a paragraph begins (an excerpt quoting a document's middle).
An item number followed by digits (11.121人才梯队项目) opens an item only where a paragraph begins
and the number is exactly the next one (elsewhere 2.5万人 is a decimal); a paragraph may begin
after a printed line that fills the width, when it ends on 。 or a bracket. A bracket left open at
a line's end (`〔责任单位:`) carries the paragraph on, even into a label line.
"""

import re
from dataclasses import dataclass, field

from zhenxing.policies.parser.annotations import LABEL_LINE
from zhenxing.policies.parser.text import half_width, to_simplified

CHINESE_NUMERALS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMERAL = "[一二三四五六七八九十百零〇两]+"
SENTENCE_END = "。！？!?"
# The characters a line ends on when a paragraph (not just a printed line) ends there.
PARAGRAPH_END = "。！？!?；;：:”’」』）)"


def chinese_number(text: str) -> int:
    """一 → 1, 十五 → 15, 二十六 → 26, 一百零三 → 103."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = (
                current * 10 + CHINESE_NUMERALS.get(char, 0)
                if char in "〇零"
                else CHINESE_NUMERALS.get(char, 0)
            )
    return total + current


@dataclass(frozen=True)
class MarkerKind:
    name: str
    rank: int
    pattern: re.Pattern
    on_half_width: bool


MARKER_KINDS = [
    MarkerKind("chapter", 0, re.compile(rf"^第({_NUMERAL})(部分|篇|章)\s*"), True),
    MarkerKind("section", 1, re.compile(rf"^第({_NUMERAL})节\s*"), True),
    MarkerKind("part", 2, re.compile(rf"^({_NUMERAL})\s*[、，,.]\s*"), True),
    MarkerKind("article", 3, re.compile(rf"^\(\s*({_NUMERAL})\s*\)\s*"), True),
    MarkerKind("item", 4, re.compile(r"^(\d{1,3})\s*[.、,，](?!\d)\s*"), True),
    MarkerKind("subitem", 5, re.compile(r"^\(\s*(\d{1,3})\s*\)\s*"), True),
    MarkerKind("subitem", 5, re.compile(r"^([\u2474-\u2487])\s*"), False),  # ⑴…⒇
    MarkerKind("circled", 6, re.compile(r"^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])\s*"), False),
]


@dataclass
class Marker:
    kind: str
    rank: int
    number: int
    written: str  # the marker as written, e.g. （一） or 1．
    label: str  # normalised for paths: 一, (一), 1, (1), ⑴, ①, 第一部分
    length: int  # characters of the line taken by the marker


def _circled_number(char: str) -> int:
    code = ord(char)
    if 0x2460 <= code <= 0x2473:
        return code - 0x2460 + 1
    if 0x2474 <= code <= 0x2487:
        return code - 0x2474 + 1
    if 0x3251 <= code <= 0x325F:
        return code - 0x3251 + 21
    return code - 0x32B1 + 36


# Circled and parenthesised digits first: NFKC would turn ⑴ into (1) and ① into 1.
_SEARCH_ORDER = sorted(MARKER_KINDS, key=lambda kind: kind.on_half_width)


def find_marker(line: str) -> Marker | None:
    """The structural marker at the start of `line`, if any (numbering not yet checked)."""
    head = line[:16]
    normalised = half_width(head)
    for kind in _SEARCH_ORDER:
        subject = normalised if kind.on_half_width else head
        match = kind.pattern.match(subject)
        if not match:
            continue
        raw_length = (
            _raw_length(line, match.end(), normalised) if kind.on_half_width else match.end()
        )
        token = match.group(1)
        ascii_digits = token.isascii() and token.isdigit()
        if kind.name in ("item", "subitem") and ascii_digits:
            number = int(token)
        elif kind.name in ("subitem", "circled") and not ascii_digits:
            number = _circled_number(token)
        else:
            number = chinese_number(token)
        if number <= 0:
            continue
        label = {
            "chapter": f"第{token}{match.group(2) if kind.name == 'chapter' else ''}",
            "section": f"第{token}节",
            "part": token,
            "article": f"({token})",
            "item": token,
            "subitem": f"({token})" if ascii_digits else token,
            "circled": token,
        }[kind.name]
        return Marker(kind.name, kind.rank, number, line[:raw_length].strip(), label, raw_length)
    return None


# 11.121人才梯队项目: an item whose title begins with digits (not a decimal, 1.5亿元).
_DIGIT_TITLED_ITEM = re.compile(r"^(\d{1,3})\s*[.、]\s*(?=\d)")


def digit_titled_item(line: str) -> Marker | None:
    """An item marker followed by digits; only the numbering can tell it from a decimal."""
    head = line[:16]
    normalised = half_width(head)
    match = _DIGIT_TITLED_ITEM.match(normalised)
    if not match:
        return None
    length = _raw_length(line, match.end(), normalised)
    token = match.group(1)
    return Marker("item", 4, int(token), line[:length].strip(), token, length)


def _raw_length(line: str, normalised_end: int, normalised: str) -> int:
    """How many characters of the raw line make up the first `normalised_end` normalised ones."""
    if len(normalised) == len(line[:16]):
        return normalised_end
    taken, consumed = 0, 0
    while consumed < normalised_end and taken < len(line):
        consumed += len(half_width(line[taken]))
        taken += 1
    return taken


@dataclass
class Node:
    marker: Marker | None
    paragraphs: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)
    heading_is_line: bool = False

    @property
    def rank(self) -> int:
        return self.marker.rank if self.marker else -1

    @property
    def path(self) -> str:
        labels, node = [], self
        while node is not None and node.marker is not None:
            labels.append(node.marker.label)
            node = node.parent
        return "/".join(reversed(labels))

    @property
    def level(self) -> int:
        return self.path.count("/") + 1 if self.marker else 0

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def heading(self) -> str:
        if not self.paragraphs:
            return ""
        first = self.paragraphs[0]
        if self.heading_is_line:
            return first.rstrip("：:")
        return heading_of(first)

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()


# A bracket that holds a list or a clause (an annotation such as （财政部牵头，…）), not a word.
_CLAUSE_BRACKET = re.compile(r"[（(][^（）()]*[，,；;、：:][^（）()]*[)）]")


def heading_of(paragraph: str) -> str:
    """The first sentence, when it is short and comma-free enough to be a heading; a
    responsibility annotation closing it (强化执法监督（省司法厅牵头，…）。) is not part of it."""
    paragraph = _CLAUSE_BRACKET.sub("", paragraph)
    match = re.match(rf"^([^{SENTENCE_END}]{{2,40}}?)[{SENTENCE_END}]", paragraph)
    if not match:
        return ""
    sentence = match.group(1)
    if re.search(r"[，,；;]", sentence):
        return ""
    return sentence


def _is_heading_line(content: str) -> bool:
    """A marker line that holds only a heading: short, no sentence punctuation inside."""
    return 0 < len(content) <= 40 and not re.search(r"[。！？!?；;，,]", content.rstrip("：:"))


# A line (put in by layout.unflatten_tables) after which a table's numbering begins at the top.
TABLE_START = "\ue000"


class StructureBuilder:
    """Feed cleaned lines in order; it builds the tree and joins wrapped lines into paragraphs."""

    def __init__(self, wrap_width: int = 0) -> None:
        self.root = Node(marker=None)
        self.stack: list[Node] = [self.root]
        self.last_number: dict[str, int] = {}
        self.open_paragraph = False
        self.wrap_width = wrap_width
        self.last_line = ""  # the line fed before this one

    def accepts(self, marker: Marker) -> bool:
        if marker.number == 1 or self.last_number.get(marker.kind, 0) + 1 == marker.number:
            return True
        if marker.kind not in self.last_number and (
            not self.open_paragraph
            or (len(self.last_line) <= 20 and _is_heading_line(self.last_line))
        ):
            # An excerpt quoting a document from its middle (二、… then （五）…, or （二十四）…
            # after a heading): the first marker of its kind may have any number where a
            # paragraph begins.
            return True
        siblings = [n for n in self.stack if n.marker and n.marker.kind == marker.kind]
        return bool(siblings) and siblings[-1].marker.number + 1 == marker.number

    def _continues_numbering(self, marker: Marker) -> bool:
        """Strictly the next number of its kind (no fresh start at 1, no excerpt's jump)."""
        if self.last_number.get(marker.kind, 0) + 1 == marker.number:
            return True
        siblings = [n for n in self.stack if n.marker and n.marker.kind == marker.kind]
        return bool(siblings) and siblings[-1].marker.number + 1 == marker.number

    def feed(self, line: str) -> None:
        if line == TABLE_START:
            self.stack = [self.root]
            self.last_number = {}
            self.open_paragraph = False
            return
        marker = find_marker(line)
        accepted = marker is not None and self.accepts(marker)
        # The line before must have ended a sentence: a heading line (1.新增就业达到) may not.
        # (Or a wrapped line that happens to end on 。 or an annotation's bracket.)
        if (
            marker is None
            and self.last_line.endswith(tuple(PARAGRAPH_END))
            and (not self.open_paragraph or self.last_line.endswith(("。", ")", "）")))
        ):
            digits = digit_titled_item(line)
            if digits is not None and digits.number > 1 and self._continues_numbering(digits):
                marker, accepted = digits, True
        self.last_line = line
        if accepted:
            self._open(marker, line[marker.length :].strip(), wrapped=self._is_wrapped(line))
            return
        current = self.stack[-1]
        # 牵头单位：… opens a line of its own: it never carries on the sentence above it, unless
        # a bracket is open there (〔牵头单位:市发改委;⏎责任单位:…〕 wrapped inside the bracket).
        if (
            self.open_paragraph
            and current.paragraphs
            and (not LABEL_LINE.match(to_simplified(line)) or _bracket_open(current.paragraphs[-1]))
        ):
            current.paragraphs[-1] = _join(current.paragraphs[-1], line)
        else:
            current.paragraphs.append(line)
        self.open_paragraph = self._continues(line) or _bracket_open(current.paragraphs[-1])

    def _open(self, marker: Marker, content: str, wrapped: bool = False) -> None:
        while self.stack[-1].rank >= marker.rank:
            self.stack.pop()
        parent = self.stack[-1]
        node = Node(marker=marker, parent=parent)
        parent.children.append(node)
        self.stack.append(node)
        self.last_number[marker.kind] = marker.number
        if not content:
            node.heading_is_line = True
            self.open_paragraph = True
            return
        node.paragraphs.append(content)
        node.heading_is_line = not wrapped and _is_heading_line(content)
        self.open_paragraph = (
            wrapped
            or (not node.heading_is_line and self._continues(content))
            or _bracket_open(content)
        )

    def _is_wrapped(self, line: str) -> bool:
        return bool(self.wrap_width) and len(line) >= self.wrap_width * 0.9

    def _continues(self, line: str) -> bool:
        """Whether the next line carries on this paragraph (the line was wrapped, not ended)."""
        return self._is_wrapped(line) or not line.endswith(tuple(PARAGRAPH_END))


_OPENING = "（(〔[［"
_CLOSING = "）)〕]］"


def _bracket_open(paragraph: str) -> bool:
    """Whether the last bracket opened in the paragraph's last 80 characters is still open (an
    annotation broken across lines: `…新制度。〔责任单位:` ⏎ `省市场监管局〕`)."""
    tail = paragraph[-80:]
    opened = max(tail.rfind(char) for char in _OPENING)
    return opened >= 0 and not any(char in tail[opened:] for char in _CLOSING)


def _join(previous: str, line: str) -> str:
    """Join a wrapped line: no space between Chinese characters, one between Latin words."""
    if (
        previous
        and line
        and previous[-1].isascii()
        and line[0].isascii()
        and previous[-1].isalnum()
        and line[0].isalnum()
    ):
        return f"{previous} {line}"
    return previous + line


def typical_wrap_width(lines: list[str]) -> int:
    """The printed line width of text that was hard-wrapped (PDF, e-mail), or 0 if it was not.

    Wrapped text has most lines within a few characters of one width; paragraphs do not.
    """
    lengths = sorted(len(line) for line in lines if len(line) >= 15)
    if len(lengths) < 12:
        return 0
    high = lengths[int(len(lengths) * 0.8)]
    near = sum(1 for length in lengths if abs(length - high) <= max(2, high // 12))
    return high if near >= len(lengths) * 0.5 and high <= 120 else 0

"""Sentences, clauses and paragraphs of a text, and the off-topic tail of a news page.

News pages often carry other articles after the main one: headlines under "相关阅读", or an
article whose headline line is printed twice (as in seed 001). Everything from the first such
boundary on is off-topic; the extractor leaves its figures out unless asked to keep them."""

import bisect
import re

SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=\s)|\.$")
ABBREVIATIONS = {
    "co",
    "ltd",
    "no",
    "mr",
    "ms",
    "dr",
    "inc",
    "st",
    "vs",
    "u.s",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "e.g",
    "i.e",
    "etc",
}
CLAUSE_END = re.compile(r"[；;。！？!?\n]")
RELATED_MARKER = re.compile(
    r"^\s*(?:相关(?:阅读|新闻|链接|报道)|推荐阅读|延伸阅读|热点推荐|猜你喜欢|更多(?:新闻|精彩)|往期回顾"
    r"|责任编辑|编辑[:：]|【纠错】|Related(?: (?:News|Articles|Stories))?:?\s*$|Read more|More from|Editor:)",
    re.MULTILINE | re.IGNORECASE,
)


class Layout:
    """Sentence and clause boundaries of one text, searched by offset."""

    def __init__(self, text: str):
        self.text = text
        ends = []
        for match in SENTENCE_END.finditer(text):
            if match.group() == ".":
                word = re.search(r"([A-Za-z.]+)$", text[max(0, match.start() - 8) : match.start()])
                if word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                    continue
            ends.append(match.end())
        self.sentence_ends = ends
        self.clause_ends = [match.end() for match in CLAUSE_END.finditer(text)]
        self.paragraph_ends = [match.end() for match in re.finditer(r"\n", text)]
        self.topic_end = off_topic_start(text)

    @staticmethod
    def _span(ends, offset, length):
        index = bisect.bisect_right(ends, offset)
        start = ends[index - 1] if index else 0
        end = ends[index] if index < len(ends) else length
        return start, end

    def sentence(self, offset: int) -> tuple[int, int]:
        start, end = self._span(self.sentence_ends, offset, len(self.text))
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def clause(self, offset: int) -> tuple[int, int]:
        return self._span(self.clause_ends, offset, len(self.text))

    def paragraph(self, offset: int) -> tuple[int, int]:
        return self._span(self.paragraph_ends, offset, len(self.text))


def off_topic_start(text: str) -> int:
    """Offset where unrelated content begins, or len(text) when the page holds one article."""
    candidates = [len(text)]
    marker = RELATED_MARKER.search(text, min(len(text), 200))
    if marker:
        candidates.append(marker.start())
    lines = [(match.start(), match.group().strip()) for match in re.finditer(r"[^\n]+", text)]
    lines = [(start, line) for start, line in lines if line]
    for (start, line), (_, following) in zip(lines[3:], lines[4:], strict=False):
        # A headline printed twice in a row past the article's opening lines.
        if line == following and len(line) >= 8:
            candidates.append(start)
            break
    return min(candidates)


def title_of(text: str) -> tuple[int, int]:
    """The first non-empty line: the headline of an article or the title of a report."""
    match = re.search(r"[^\n]*\S[^\n]*", text)
    return (match.start(), match.end()) if match else (0, 0)

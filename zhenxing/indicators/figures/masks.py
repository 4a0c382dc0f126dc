"""What looks like a number but is no figure: dates and times, phone numbers, ordinals and
ranks (第三, 32nd), article and edition numbers, list markers, footnote marks, page counters,
generations (85后), names (COVID-19, Fortune 500) and idioms (千家万户). Their spans are masked
before numbers are read."""

import bisect
import re

from zhenxing.indicators.figures.periods import MONTH_NAME

IDIOMS = "千家万户|千方百计|千千万万|万众一心|千军万马|四面八方|五湖四海|三番五次|一五一十|十全十美|七上八下|九牛一毛|百花齐放|万无一失|一心一意|三心二意|五花八门|十之八九|千丝万缕|万紫千红|百尺竿头|千里之行|一带一路|三农|一把手|二把手|五位一体|四个全面|两个确保|三个务必"
MASK = re.compile(
    # The lookahead lets the scan skip, in one test, every character no mask starts with.
    r"(?=[0-9A-Za-z._%+\-\[［【〔(（ \t第阅点浏访电热传手联前千万四五三一十七九百二两])"
    r"(?:"
    r"https?://\S+|www\.\S+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z.]+"
    r"|(?:\+?86[-\s]?)?(?:\(?0\d{2,3}\)?[-\s]?\d{7,8}|(?<!\d)1[3-9]\d{9})(?!\d)"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|(?:19|20)\d{2}\s*[-–—]\s*\d{2}(?![\d.])"
    r"|(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*[月日号]"
    rf"|\b{MONTH_NAME}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"(?:\s*(?:to|-|–|—|and)\s*\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+(?:19|20)\d{2}\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAME}\b(?:,?\s+(?:19|20)\d{{2}}\b)?"
    rf"|\b{MONTH_NAME}\.?,?\s+(?:19|20)\d{{2}}\b"
    r"|\d+(?:st|nd|rd|th)\b"
    r"|第\s*[\d零〇一二两三四五六七八九十百千]+"
    r"|\b(?:No|Article|Section|Chapter|Issue|Vol|Volume|Page|Phase|Grade|Level|Line|Version|Room|Item|Clause|Paragraph|Part|Annex|Number|Top|Level|Route|Gate)\.?\s*\d+"
    r"|^[ \t]*[(（]?\d{1,2}[.、)）](?!\d)|[(（]\d{1,2}[)）]"
    r"|[\d.]+(?=\s*(?:后|世纪|年代)(?!\d))"
    r"|(?:阅读量?|阅读数|点击量?|点击数|浏览量?|浏览次数|访问量)\s*[:：]?\s*\d+"
    r"|[\[［]\d{1,2}[\]］]|\b[A-Za-z]+-\d+(?![\d.])"  # footnote marks [2]; COVID-19, Chang'e-5
    r"|\d+(?=\s*强)|\b(?:Fortune|Global|Top|top)\s+\d+\b"
    r"|前\d{1,2}(?=个月)"
    r"|(?:电话|热线|传真|手机|联系方式|Tel|Fax|Phone)[^\n]{0,40}"
    rf"|{IDIOMS}"
    r")",
    re.MULTILINE,
)


def masked_spans(text: str) -> tuple[list, list]:
    starts, ends = [], []
    for match in MASK.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def inside(spans, start: int, end: int) -> bool:
    starts, ends = spans
    index = bisect.bisect_right(starts, start) - 1
    return index >= 0 and ends[index] > start

"""Periods named in a text (2023年, 1—7月, 前三季度, the first half of this year, 十四五) and the
document's own date, resolved to labels: 2023, 2023Q1, 2023-07, 2023-01/2023-07, 2021/2025."""

import bisect
import datetime
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_NAME = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
CHINESE_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
WORD_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
WORD_COUNTS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
}
CHINESE_MONTH_COUNTS = {
    word: number
    for number, word in enumerate(
        ["一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"], start=1
    )
} | {"二": 2}
FIVE_YEAR_PLANS = {"十三五": 2016, "十四五": 2021, "十五五": 2026}
DASH = r"\s*[-—–~～至到]\s*"
COMPARED_WITH = re.compile(
    r"(?:(?:比|较|与|同|same period(?: of)?)\s?"
    r"|\b(?:than|compared (?:with|to)|from|recorded in|versus)\b[^.;,。；，\n]{0,40})$"
)

PERIOD = re.compile(
    # The lookahead lets the scan skip, in one test, every position no period can start at.
    r"(?=[\dA-Za-z十今本当去上前明下第一二三四全])"
    rf"(?:(?P<plan>十三五|十四五|十五五)"
    rf"|(?P<year>(?:19|20)\d{{2}})\s*年(?:度)?"
    rf"|(?P<relative>今年|本年|当年|去年|上年|前年|明年)"
    rf"|(?P<from_month>\d{{1,2}})\s*月?{DASH}(?P<to_month>\d{{1,2}})\s*月"
    rf"|前(?P<quarters>[一二三])季度"
    rf"|前(?P<first_months>\d{{1,2}}|[两二三四五六七八九十]{{1,2}})个?月"
    rf"|(?P<half>[上下])半年"
    rf"|第?(?P<quarter>[一二三四1-4])季度"
    rf"|(?P<month>\d{{1,2}})\s*月(?:份)?(?!\s*\d{{1,2}}\s*日)"
    rf"|全年"
    rf"|(?i:(?P<en_half>first|second) half(?: of)?)"
    rf"|(?i:(?P<en_quarter>first|second|third|fourth) quarter(?: of)?)"
    rf"|(?i:first (?P<en_quarters>two|three) quarters(?: of)?)"
    rf"|(?i:first (?P<en_months>two|three|four|five|six|seven|eight|nine|ten|eleven) months(?: of)?)"
    rf"|\b(?:from )?(?P<en_from>{MONTH_NAME})\.?(?:{DASH}|\s+(?:to|through)\s+)(?P<en_to>{MONTH_NAME})\b\.?"
    rf"|\b(?P<en_relative>(?i:this|last|next) year)\b"
    rf"|\b(?P<en_since>(?i:since)) (?P<since_year>(?:19|20)\d{{2}})\b"
    rf"|\b(?P<en_year>(?:19|20)\d{{2}})\b(?![-/.,]?\d|\s*年)"
    rf"|\bQ(?P<en_q>[1-4])\b"
    rf"|\bH(?P<en_h>[12])\b"
    r")"
)
DATE = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<month>\d{1,2})\s*(?:月|[-/.])\s*(?P<day>\d{1,2})"
    rf"|(?P<month_name>{MONTH_NAME})\.? (?P<en_day>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<en_year>(?:19|20)\d{{2}})"
)
DATELINE = re.compile(
    rf"(?:(?P<month_name>{MONTH_NAME})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*\((?:Xinhua|Reuters)"
    rf"|(?:Beijing|[A-Z][a-z]+), (?P<month_name2>{MONTH_NAME})\.? (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"|电[（(]?记者|新华社\w{0,6}(?P<cn_month>\d{1,2})月(?P<cn_day>\d{1,2})日电)"
)


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    label: str
    year: int  # the year it sets as current for later months and quarters
    local: bool = False  # "since 2021" covers its own sentence only


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3] if name.lower() not in MONTHS else name.lower()]


def document_date(text: str) -> datetime.date | None:
    """The date the document gives near its top (release time, 发布时间, a dateline).

    A repost keeps the original dateline: "Beijing, September 9th" under "Release time: Apr 16,
    2024" was written in September 2023, so a dateline later in the year than the release date
    moves the document to the year before."""
    head = text[:1500]
    released = None
    for match in DATE.finditer(head):
        try:
            if match.group("year"):
                released = datetime.date(
                    int(match.group("year")), int(match.group("month")), int(match.group("day"))
                )
            else:
                released = datetime.date(
                    int(match.group("en_year")),
                    month_number(match.group("month_name")),
                    int(match.group("en_day")),
                )
        except ValueError:
            continue
        break
    if released is None:
        return None
    dateline = DATELINE.search(head)
    if dateline:
        month_name = dateline.group("month_name") or dateline.group("month_name2")
        if month_name:
            month, day = (
                month_number(month_name),
                int(dateline.group("day") or dateline.group("day2")),
            )
        elif dateline.group("cn_month"):
            month, day = int(dateline.group("cn_month")), int(dateline.group("cn_day"))
        else:
            return released
        try:
            dated = datetime.date(released.year, month, day)
        except ValueError:
            return released
        if dated > released:
            return dated.replace(year=released.year - 1)
        return dated
    return released


def own_periods(text: str):
    """The period matches that say when a figure is, not what it is compared with."""
    date_starts, date_ends = [], []
    for date in DATE.finditer(text):
        date_starts.append(date.start())
        date_ends.append(date.end())
    for match in PERIOD.finditer(text):
        index = bisect.bisect_right(date_starts, match.start()) - 1
        if index >= 0 and date_ends[index] > match.start():
            continue  # "Release time: Apr 16, 2024" dates the page, not the figures
        since = text.startswith("以来", match.end()) and not match.group("relative")
        if (
            COMPARED_WITH.search(text, max(0, match.start() - 50), match.start())
            or since
            or text.startswith("同期", match.end())
        ):
            continue  # 比上年增长, 与2008年同期相比, 自2013年以来: the base of a comparison
        yield match


def month_range(year: int, first: int, last: int) -> str:
    if first == last:
        return f"{year}-{first:02d}"
    return f"{year}-{first:02d}/{year}-{last:02d}"


def period_mentions(text: str, document_year: int | None) -> list[PeriodMention]:
    """Every period named in `text`, in order, each resolved against the year current there."""
    mentions = []
    matches = list(own_periods(text))
    if document_year is None:
        # An undated page: the latest year it names is the year it speaks of ("今年" included).
        years = [
            int(m.group("year") or m.group("en_year"))
            for m in matches
            if m.group("year") or m.group("en_year")
        ]
        document_year = max(years) if years else None
    current = document_year
    for match in matches:
        group = match.lastgroup
        found = match.groupdict()
        label = None
        year = current
        if found["plan"]:
            first = FIVE_YEAR_PLANS[found["plan"]]
            label = f"{first}/{first + 4}"
        elif found["year"] or found["en_year"]:
            year = int(found["year"] or found["en_year"])
            label = str(year)
        elif found["since_year"]:
            since = int(found["since_year"])
            label = (
                f"{since}/{document_year}"
                if document_year and document_year > since
                else str(since)
            )
        elif found["relative"] or found["en_relative"]:
            if document_year is None:
                continue
            word = (found["relative"] or found["en_relative"]).lower()
            offset = {"去": -1, "上": -1, "前": -2, "明": 1, "la": -1, "ne": 1}.get(word[:2], 0)
            offset = {"去年": -1, "上年": -1, "前年": -2, "明年": 1}.get(word, offset)
            year = document_year + offset
            label = str(year)
        elif year is None:
            continue
        elif found["from_month"]:
            first, last = int(found["from_month"]), int(found["to_month"])
            if not 1 <= first < last <= 12:
                continue
            label = month_range(year, first, last)
        elif found["first_months"]:
            written = found["first_months"]
            count = int(written) if written.isdigit() else CHINESE_MONTH_COUNTS.get(written, 0)
            if not 1 <= count <= 12:
                continue
            label = month_range(year, 1, count)
        elif found["quarters"] or found["en_quarters"]:
            count = (
                CHINESE_ORDINALS.get(found["quarters"] or "")
                or WORD_COUNTS[found["en_quarters"].lower()]
            )
            label = month_range(year, 1, 3 * count)
        elif found["half"] or found["en_half"] or found["en_h"]:
            first_half = (
                found["half"] == "上"
                or (found["en_half"] or "").lower() == "first"
                or found["en_h"] == "1"
            )
            label = month_range(year, 1, 6) if first_half else month_range(year, 7, 12)
        elif found["quarter"] or found["en_quarter"] or found["en_q"]:
            number = (
                CHINESE_ORDINALS.get(found["quarter"] or "")
                or WORD_ORDINALS.get((found["en_quarter"] or "").lower())
                or int(found["en_q"])
            )
            label = f"{year}Q{number}"
        elif found["en_months"]:
            label = month_range(year, 1, WORD_COUNTS[found["en_months"].lower()])
        elif found["month"]:
            month = int(found["month"])
            if not 1 <= month <= 12:
                continue
            label = f"{year}-{month:02d}"
        elif found["en_from"]:
            first, last = month_number(found["en_from"]), month_number(found["en_to"])
            if first >= last:
                continue
            label = month_range(year, first, last)
        elif group is None:
            label = str(year)  # 全年
        if label is None:
            continue
        if found["year"] or found["en_year"]:
            current = year  # "last year" names a period without moving the story there
        mentions.append(
            PeriodMention(match.start(), match.end(), label, year, local=bool(found["since_year"]))
        )
    return merge_year_and_part(mentions)


def merge_year_and_part(mentions: list[PeriodMention]) -> list[PeriodMention]:
    """2023年 directly followed by 1—7月 or 上半年: one mention, the part (already in that year)."""
    merged = []
    for mention in mentions:
        if (
            merged
            and len(mention.label) == 4
            and len(merged[-1].label) > 4
            and 0 <= mention.start - merged[-1].end <= 1
            and "/" not in merged[-1].label[:5]
        ):
            # "the first half of this year", "first quarter of 2023": the part, in that year.
            part = merged[-1]
            label = part.label.replace(str(part.year), mention.label)
            merged[-1] = PeriodMention(part.start, mention.end, label, mention.year)
            continue
        if (
            merged
            and mention.start - merged[-1].end <= 1
            and "/" not in merged[-1].label
            and len(merged[-1].label) == 4
            and mention.label != merged[-1].label
            and mention.label.startswith(merged[-1].label)
        ):
            merged[-1] = PeriodMention(merged[-1].start, mention.end, mention.label, mention.year)
            continue
        merged.append(mention)
    return merged

"""The extractor: numbers found, read with their units, placed in a region and a period.

Offsets (`start`, `end`) index the text as given: the plain text of the file after decoding
(see reader.read_document). The text is normalised character for character (full-width to
half-width, traditional to simplified) so that the offsets hold for the original."""

import bisect
import datetime
import re
from collections import Counter
from dataclasses import asdict, dataclass
from decimal import Decimal

from zhenxing.indicators.figures.masks import inside, masked_spans
from zhenxing.indicators.figures.normalise import normalise
from zhenxing.indicators.figures.numbers import NUMBER, arabic_value, chinese_value, plain
from zhenxing.indicators.figures.periods import PeriodMention, document_date, period_mentions
from zhenxing.indicators.figures.regions import PROVINCE_REFERENCE, choose, gazetteer
from zhenxing.indicators.figures.sentences import Layout, title_of
from zhenxing.indicators.figures.units import Tail, chinese_tail, english_tail

CURRENCY_BEFORE = re.compile(r"(?:US\$|HK\$|\$|USD|RMB|CNY|¥|€|EUR)\s?$")
CURRENCY_CODES = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "HK$": "HKD",
    "RMB": "CNY",
    "CNY": "CNY",
    "¥": "CNY",
    "€": "EUR",
    "EUR": "EUR",
}
APPROXIMATE_BEFORE = re.compile(
    r"(?:大约|约为|(?<![签合条公预节制契])约|将近|接近|近|超过|超|逾|多于|不少于|不低于|至少|不到|不足|高达|"
    r"(?i:about|around|approximately|nearly|almost|more than|over|roughly|some|at least|close to|less than|under|up to|upwards of|over|above|below))\s?$"
)
APPROXIMATE_AFTER = re.compile(r"\s?(?:以上|左右|上下|以下|以内|有余|多|余|(?i: or more| or so))")
MONEY_BEFORE = re.compile(
    r"(?:(?:投资|投资额|金额|资金|收入|产值|总值|总额|签约额|引资|营业额|销售额|贸易额)[约达超过逾近为了:：\s]*"
    r"|\b(?:investments? of|worth|valued at|amount(?:ing)? (?:of|to)|revenue of)\s(?:about |over |more than )?)$"
)
LIST_JOIN = re.compile(r"\s*(?:[,，、/~\-—–～]|and|or|to|至|到|和|及|与|或)\s*$")
LETTER_AFTER = re.compile(r"[A-Za-z]")
ENGLISH_NEXT = re.compile(r"\s?-?[A-Za-z]")
CLAUSE_BREAK = re.compile(r"[，,]")
MONEY = {"CNY", "USD", "EUR", "HKD", "JPY", "GBP"}
# 2000 households is a count; 2024 achievements and "in 2023, the province" are years.
COUNTABLE_AFTER_YEAR = MONEY | {
    "percent",
    "percentage_points",
    "times",
    "households",
    "people",
    "enterprises",
    "companies",
    "projects",
    "jobs",
    "units",
    "families",
    "residents",
    "workers",
    "students",
    "tons",
    "vehicles",
    "firms",
    "items",
    "villages",
    "communities",
    "市场主体",
    "吨",
    "个",
    "人次",
}
LOOKBACK = 600
LEAD = 500
# "7.9% for Jilin and 6.7% for Heilongjiang": the place right after the figure is its own.
REGION_FOLLOWS = re.compile(r"\s*(?:for|in)\s+(?:the\s+)?")
# "grew 5.2 percent in 2023": an English period right after the figure is the figure's own.
PERIOD_FOLLOWS = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:in|for|during|over)\s+(?:the\s+)?")


@dataclass
class Figure:
    quantity: str
    value: int | float
    unit: str | None
    region: str | None
    period: str | None
    sentence: str
    start: int
    end: int
    approximate: bool
    province: str | None
    off_topic: bool

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Candidate:
    start: int
    end: int
    number: Decimal
    tail: Tail
    approximate: bool
    bare: bool


def read_candidates(text: str, place_spans) -> list[Candidate]:
    spans = masked_spans(text)
    found = []
    for match in NUMBER.finditer(text):
        start, end = match.span()
        if inside(spans, start, end):
            continue
        written = match.group("arabic")
        chinese = written is None
        if chinese:
            if inside(place_spans, start, end):
                continue
            number = chinese_value(match.group("chinese"))
            if number is None:
                continue
        else:
            number = arabic_value(written)
        before = text[max(0, start - 14) : start]
        english = False
        currency = CURRENCY_BEFORE.search(before)
        if currency:
            tail, english = english_tail(text, end), True
            tail.unit = CURRENCY_CODES[currency.group().strip()]
            start -= len(currency.group())
            before = before[: -len(currency.group())]
        elif not chinese and ENGLISH_NEXT.match(text, end):
            tail, english = english_tail(text, end), True
        else:
            tail = chinese_tail(text, end, chinese_numeral=chinese, number_start=match.start())
        if tail.reject:
            continue
        if (
            not chinese
            and tail.unit is None
            and tail.multiplier == 1
            and LETTER_AFTER.match(text, end)
        ):
            continue  # 5G, 3D, 4K: names, not quantities
        if chinese and not acceptable_chinese(match.group("chinese"), number, tail):
            continue
        if (
            tail.unit is None
            and tail.multiplier >= 10000
            and MONEY_BEFORE.search(text, max(0, start - 24), start)
        ):
            tail.unit = "CNY"  # 总投资约3700亿: headlines drop the 元
        bare = tail.unit is None and tail.multiplier == 1
        if (
            not chinese
            and (english or tail.unit is None)
            and tail.unit not in COUNTABLE_AFTER_YEAR
            and "," not in written
            and "." not in written
            and len(written) == 4
            and 1900 <= number <= 2100
        ):
            continue  # a year standing alone ("in 2023", "2024 achievements")
        if start > 0 and text[start - 1] in "-−" and (start < 2 or not text[start - 2].isalnum()):
            number, start, before = -number, start - 1, before[:-1]
        approximate = tail.approximate
        marker = APPROXIMATE_BEFORE.search(before)
        if marker:
            approximate, start = True, start - len(marker.group())
        after = APPROXIMATE_AFTER.match(text, tail.end)
        if after and not tail.approximate:
            approximate, tail.end = True, after.end()
        found.append(Candidate(start, tail.end, number, tail, approximate, bare))
    inherit_list_units(text, found)
    inherit_counted_things(text, found)
    return found


def inherit_counted_things(text: str, found: list[Candidate]) -> None:
    """总数达1022922个，比上年增加15377个: a count whose thing is unnamed counts what the count
    before it in the same sentence, with the same measure word, counted."""
    for previous, candidate in zip(found, found[1:], strict=False):
        counter = candidate.tail.counter
        if (
            counter
            and previous.tail.unit
            and previous.tail.unit != counter
            and text.endswith(counter, previous.start, previous.end)
            and not re.search(r"[。！？!?\n]", text[previous.end : candidate.start])
        ):
            candidate.tail.unit = previous.tail.unit


def acceptable_chinese(written: str, number: Decimal, tail: Tail) -> bool:
    """Chinese numerals are words as often as quantities: 一批, 三省, 两个确保. Keep amounts with a
    multiplier or a money, percent or times unit, and counts of ten or more."""
    if number < 2 or (len(written) == 1 and written in "百千" and tail.unit is None):
        return False  # 百亿级, 千亿斤粮食: orders of magnitude, not amounts
    if (
        tail.multiplier != 1
        or tail.unit in MONEY
        or tail.unit in ("percent", "percentage_points", "times")
    ):
        return True
    return number >= 10 and (len(written) >= 2 or tail.approximate)


def inherit_list_units(text: str, found: list[Candidate]) -> None:
    """ "1.5, 0.8 and 2.1 percentage points", "3、5、8亿元": the unit written once serves all."""
    for index in range(len(found) - 2, -1, -1):
        candidate, following = found[index], found[index + 1]
        if candidate.tail.unit is not None or following.tail.unit is None:
            continue
        if following.start - candidate.end > 8 or not LIST_JOIN.fullmatch(
            text[candidate.end : following.start]
        ):
            continue
        # 422.3亿、294.4亿、290.7亿元: the multiplier written with each stays its own.
        multiplier = candidate.tail.multiplier
        if candidate.bare:
            multiplier = following.tail.multiplier
        candidate.tail = Tail(candidate.tail.end, multiplier, following.tail.unit)
        candidate.bare = False
    for candidate in found:
        if not candidate.bare:
            candidate.number = candidate.number * (
                candidate.tail.multiplier if candidate.tail.end else 1
            )


def nearest(items, starts, low: int, high: int, *, before: bool):
    """The item nearest to the end of [low, high) when `before`, else nearest to its start."""
    if before:
        index = bisect.bisect_left(starts, high) - 1
        while index >= 0 and items[index].end > high:
            index -= 1
        if index >= 0 and items[index].start >= low:
            return items[index]
        return None
    index = bisect.bisect_left(starts, low)
    if index < len(items) and items[index].start < high:
        return items[index]
    return None


def context_lookup(items, starts, layout: Layout, start: int, end: int, lookback=LOOKBACK):
    """The mention nearest the figure: same clause before it, same clause after it (when no comma
    intervenes), same sentence before it, then up to LOOKBACK characters back."""
    clause_start, clause_end = layout.clause(start)
    found = nearest(items, starts, clause_start, start, before=True)
    if found:
        return found
    found = nearest(items, starts, end, clause_end, before=False)
    if found and not CLAUSE_BREAK.search(layout.text, end, found.start):
        return found
    sentence_start, _ = layout.sentence(start)
    found = nearest(items, starts, min(sentence_start, clause_start), start, before=True)
    if found:
        return found
    return nearest(items, starts, max(0, start - lookback), start, before=True)


def extract_figures(
    text: str, *, today: datetime.date | None = None, include_off_topic: bool = False
) -> list[Figure]:
    """Every figure in `text`, in order. Off-topic figures are left out unless asked for."""
    normalised = normalise(text)
    places = gazetteer()
    layout = Layout(normalised)
    mentions = places.mentions(normalised)
    place_spans = ([m.start for m in mentions], [m.end for m in mentions])
    context_codes = {
        m.places[0].province_code
        for m in mentions
        if m.start < layout.topic_end and m.places and m.places != PROVINCE_REFERENCE
    }
    dated = document_date(normalised) or today
    periods = period_mentions(normalised, dated.year if dated else None)
    period_starts = [p.start for p in periods]
    mention_starts = place_spans[0]
    title_start, title_end = title_of(normalised)
    title_place = nearest(mentions, mention_starts, title_start, title_end, before=True)
    title_period = nearest(periods, period_starts, title_start, title_end, before=True)
    lasting = [period for period in periods if not period.local]
    lasting_starts = [period.start for period in lasting]
    # The period a report or article opens with ("2022年，全省…", "achievements of 2024") holds
    # for figures far from any other.
    lead_period = next((p for p in lasting if p.start < LEAD), None)
    # A dated page with no period in sight: the figure is of the page's year (签约35个项目).
    dated_year = PeriodMention(0, 0, str(dated.year), dated.year) if dated else None
    dominant = dominant_province(mentions, layout.topic_end)
    referred = provinces_referred_to(mentions, context_codes)
    if title_place is not None and title_place.places == PROVINCE_REFERENCE:
        title_place = None
    title_province = (
        places.places.get(choose(title_place.places, context_codes).province_code)
        if title_place and title_place.places
        else None
    )
    figures = []
    for candidate in read_candidates(normalised, place_spans):
        off_topic = candidate.start >= layout.topic_end
        if off_topic and not include_off_topic:
            continue
        start, end = candidate.start, candidate.end
        sentence_start, sentence_end = layout.sentence(start)
        mention = nearest(mentions, mention_starts, end, end + 16, before=False)
        if mention is None or not REGION_FOLLOWS.fullmatch(normalised, end, mention.start):
            mention = context_lookup(mentions, mention_starts, layout, start, end)
            if mention is not None and not mention.places and mention.start < sentence_start:
                mention = None  # "the nation" paragraphs back says nothing of this figure
            mention = mention or title_place
        if mention is not None and mention.places == PROVINCE_REFERENCE:
            place = referred.get(mention.start) or title_province or dominant
        else:
            place = choose(mention.places, context_codes) if mention else None
        if mention is None and dominant:
            place = dominant
        period = nearest(periods, period_starts, end, end + 24, before=False)
        if period is None or not PERIOD_FOLLOWS.fullmatch(normalised, end, period.start):
            period = context_lookup(periods, period_starts, layout, start, end)
        if period is not None and period.local and period.start < sentence_start:
            period = context_lookup(lasting, lasting_starts, layout, start, end)
        period = period or title_period or lead_period or dated_year
        figures.append(
            Figure(
                quantity=text[start:end],
                value=plain(candidate.number),
                unit=candidate.tail.unit,
                region=place.name if place else None,
                period=period.label if period else None,
                sentence=text[sentence_start:sentence_end],
                start=start,
                end=end,
                approximate=candidate.approximate,
                province=places.province_of(place),
                off_topic=off_topic,
            )
        )
    return figures


def provinces_referred_to(mentions, context_codes) -> dict:
    """全省, 该省, "the province": the province of the place named last before it."""
    referred = {}
    last = None
    for mention in mentions:
        if mention.places == PROVINCE_REFERENCE:
            if last is not None:
                referred[mention.start] = gazetteer().places.get(last.province_code)
        elif mention.places:
            last = choose(mention.places, context_codes)
    return referred


def dominant_province(mentions, topic_end: int):
    """The province that at least 70 % of the article's place mentions fall in, if any."""
    counts = Counter(
        m.places[0].province_code
        for m in mentions
        if m.places and m.places != PROVINCE_REFERENCE and m.start < topic_end
    )
    total = sum(counts.values())
    if not total:
        return None
    code, count = counts.most_common(1)[0]
    if count / total >= 0.7 and total >= 2:
        return gazetteer().places.get(code)
    return None

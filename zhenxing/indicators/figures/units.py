"""What follows a number: its multiplier, its unit (money, percent, points, times, a measure)
and the thing it counts, in Chinese (224个项目, 1234户) and in English (3,000 households)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from zhenxing.indicators.figures.numbers import CHINESE_MULTIPLIERS, ENGLISH_MULTIPLIERS

CURRENCIES_CHINESE = {
    "美元": "USD",
    "元人民币": "CNY",
    "元": "CNY",
    "人民币": "CNY",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}
COUNTERS = (
    "人次",
    "个",
    "家",
    "户",
    "项",
    "名",
    "人",
    "位",
    "座",
    "所",
    "台",
    "辆",
    "套",
    "件",
    "次",
    "条",
    "处",
    "栋",
    "间",
    "张",
    "只",
    "头",
    "株",
    "棵",
    "场",
    "列",
    "架",
    "艘",
    "款",
    "宗",
    "笔",
    "份",
    "起",
    "种",
    "类",
    "批",
    "支",
    "部",
    "例",
    "对",
    "趟",
    "班",
    "片",
)
MEASURES = (
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "千瓦时",
    "公里",
    "千米",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "标准箱",
    "标箱",
    "公顷",
    "千克",
    "公斤",
    "吨",
    "万斤",
    "斤",
    "亩",
    "米",
    "度",
    "升",
    "小时",
    "个小时",
    "天",
    "个月",
    "个季度",
    "周",
    "TEU",
)
# Not quantities: what these follow is a date, an age, a rank, a code or an edition.
NOT_FIGURE_AFTER = re.compile(
    r"[年月日号时岁]|周岁|届|期|版|章|节|款|季度|世纪|年代|后(?![，,])|点(?!\d)|分钟|秒|楼|层|路|线|号线|大街"
)
CHINESE_NOUNS = {
    "项目": "projects",
    "企业": "enterprises",
    "公司": "enterprises",
    "家庭": "households",
    "农户": "households",
    "住户": "households",
    "居民户": "households",
    "人": "people",
    "人口": "people",
}
NOUN_STOP = re.compile(
    r"[^\u4e00-\u9fff]|的|和|及|与|在|是|为|以上|左右|等|同比|比|增长|下降|达|共|累计|其中|实现"
    r"|完成|分别|占|约|超|个|，|。|、|；|中|将|已|被|到|从|对|向|让|给|使|由|后|前"
    r"|当|倒|里|都|也|只|还|就|又|再|而|并|或|即|均|以|所|排|居|位列"
)
NOUN_BEFORE = re.compile(
    r"(项目|企业|市场主体|经营主体|家庭|农户|住户|人口|人员|人才|社区|小区|村|学校|医院|机构|平台|园区)"
)

ENGLISH_TAIL = re.compile(
    r"(?P<mult>[\s-]?(?:trillion|billion|million|thousand|hundred|bln|mln|bn)\b|(?<=\d)[mkb]\b)?"
    r"(?P<approx>\s?(?:-plus|plus)\b)?"
    r"(?P<unit>\s?%|[\s-]?(?:percent|per cent|pct)\b|\s(?:percentage points?|basis points?)\b"
    r"|\s(?:(?:U\.S\.|US|American) )?dollars\b|[\s-](?:yuan|RMB|renminbi)\b|\s(?:euros?)\b"
    r"|\s(?:USD|CNY|EUR)\b"
    r"|\s?times\b|\s?-?fold\b)?"
)
ENGLISH_UNITS = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    "percentage point": "percentage_points",
    "percentage points": "percentage_points",
    "basis point": "basis_points",
    "basis points": "basis_points",
    "dollars": "USD",
    "usd": "USD",
    "cny": "CNY",
    "yuan": "CNY",
    "rmb": "CNY",
    "renminbi": "CNY",
    "euro": "EUR",
    "euros": "EUR",
    "times": "times",
    "fold": "times",
}
ENGLISH_WORD = re.compile(r"[ -]([A-Za-z][A-Za-z'-]*)")
ENGLISH_STOP = {
    "in",
    "of",
    "to",
    "that",
    "which",
    "with",
    "from",
    "by",
    "for",
    "at",
    "on",
    "as",
    "is",
    "was",
    "were",
    "are",
    "have",
    "has",
    "had",
    "the",
    "a",
    "an",
    "year-on-year",
    "yoy",
    "compared",
    "than",
    "this",
    "last",
    "over",
    "since",
    "during",
    "or",
    "and",
    "while",
    "per",
    "each",
    "into",
    "after",
    "before",
    "between",
    "up",
    "down",
    "its",
    "their",
    "his",
    "her",
}
ENGLISH_NOT_PLURAL = {
    "this",
    "was",
    "has",
    "is",
    "its",
    "plus",
    "less",
    "across",
    "as",
    "gas",
    "us",
    "yes",
    "process",
    "business",
    "express",
    "bus",
    "campus",
    "status",
    "progress",
    "access",
}
ENGLISH_COLLECTIVE = {
    "kw",
    "kwh",
    "mw",
    "gw",
    "km",
    "kg",
    "ton",
    "tonne",
    "kilowatt",
    "kilometer",
    "kilometre",
    "kilogram",
    "hectare",
    "meter",
    "metre",
    "square",
    "people",
    "personnel",
    "staff",
    "children",
    "cattle",
    "livestock",
    "mu",
    "hectares",
    "teu",
    "tons",
    "tonnes",
}


@dataclass
class Tail:
    end: int
    multiplier: Decimal
    unit: str | None
    approximate: bool = False
    reject: bool = False
    counter: str | None = None  # the measure word (个, 张), when the thing counted is unknown


def chinese_tail(text: str, start: int, *, chinese_numeral: bool, number_start: int) -> Tail:
    """Read the multiplier, unit and counted noun written after a number ending at `start`."""
    position = start
    multiplier = Decimal(1)
    approximate = False
    if text.startswith(("多", "余"), position):
        approximate, position = True, position + 1
    for word, factor in CHINESE_MULTIPLIERS.items():
        if text.startswith(word, position) and not (
            word == "千" and text.startswith(("千米", "千瓦", "千克"), position)
        ):
            multiplier, position = factor, position + len(word)
            break
    if text.startswith(("多", "余"), position):
        approximate, position = True, position + 1
    if text.startswith("级", position):
        return Tail(position, multiplier, None, reject=True)  # 百亿级项目: a class, not an amount
    while text.startswith(" ", position):
        position += 1
    if multiplier == 1 and NOT_FIGURE_AFTER.match(text, position):
        return Tail(position, multiplier, None, reject=True)
    for word in ("%", "‰"):
        if text.startswith(word, position):
            return Tail(
                position + 1, multiplier, "percent" if word == "%" else "permille", approximate
            )
    for word in ("个百分点", "百分点"):
        if text.startswith(word, position):
            return Tail(position + len(word), multiplier, "percentage_points", approximate)
    for word, code in CURRENCIES_CHINESE.items():
        if text.startswith(word, position):
            return Tail(position + len(word), multiplier, code, approximate)
    if text.startswith("倍", position):
        return Tail(position + 1, multiplier, "times", approximate)
    for word in MEASURES:
        if text.startswith(word, position):
            return Tail(position + len(word), multiplier, word, approximate)
    for counter in COUNTERS:
        if text.startswith(counter, position):
            return counted(text, number_start, position, counter, multiplier, approximate)
    # 1.2万余人 and 100多人 have been read above; a multiplier alone (3万) counts what comes before.
    if chinese_numeral and multiplier == 1:
        return Tail(position, multiplier, None, reject=True)
    return Tail(position if multiplier != 1 else start, multiplier, noun_before(text, number_start))


def counted(text, number_start, position, counter, multiplier, approximate) -> Tail:
    end = position + len(counter)
    if counter == "位" and re.search(r"排|居|列", text[max(0, number_start - 12) : number_start]):
        return Tail(end, multiplier, None, reject=True)  # 排名在30位以后: a rank
    if counter == "批" or (counter == "次" and text.startswith("会议", end)):
        return Tail(end, multiplier, None, reject=True)
    window = re.match(r"[\u4e00-\u9fff]{0,8}", text[end : end + 8]).group()
    known = [
        (window.find(word), word) for word in CHINESE_NOUNS if len(word) > 1 and word in window
    ]
    stop = NOUN_STOP.search(text, end, min(end + 8, len(text)))
    noun = text[end : stop.start() if stop else min(end + 8, len(text))]
    if stop and stop.start() == end:
        noun = ""
    if known:
        # 300家重点外贸企业, 一百个新增外贸重大项目: the known noun closing the phrase.
        found, word = min(known)
        noun = window[: found + len(word)]
    if noun:
        for word in CHINESE_NOUNS:
            found = noun.find(word)
            if found >= 0:
                noun = noun[: found + len(word)]
                break
        for word, english in CHINESE_NOUNS.items():
            if noun.endswith(word) or noun == word:
                if counter in ("家", "户") and word in ("企业", "公司"):
                    return Tail(end + len(noun), multiplier, "enterprises", approximate)
                return Tail(end + len(noun), multiplier, english, approximate)
        if counter in ("人", "名", "位") and noun.endswith(("员", "者", "工", "生", "人")):
            return Tail(end + len(noun), multiplier, "people", approximate)
        return Tail(end + len(noun), multiplier, noun, approximate)
    before = noun_before(text, number_start)
    if counter in ("人", "名", "位", "人次"):
        unit = "people" if counter != "人次" else "人次"
    elif counter == "户":
        unit = "enterprises" if before in ("enterprises",) else before if before else "households"
    elif counter == "家":
        unit = before or "enterprises"
    else:
        thing = thing_before(text, number_start)
        unit = plain_noun(thing) if thing else before
        if unit is None:
            return Tail(end, multiplier, counter, approximate, counter=counter)
    return Tail(end, multiplier, unit, approximate)


def plain_noun(thing: str) -> str:
    """合作项目 → projects, 外贸企业 → enterprises; other nouns as written."""
    for word, english in CHINESE_NOUNS.items():
        if len(word) > 1 and thing.endswith(word):
            return english
    return thing


# Verbs and quantifiers that open the phrase before a count: 建设公共租赁住房8300套 → 公共租赁住房.
LEADING_WORDS = re.compile(
    r".*(?:建设|新建|新增|改造|撤并|完成|实施|还有|共有|拥有|累计|签约|开工|引进|培育|打造|建成|推进"
    r"|各类|全部|新开工|竣工|投产|达到|其中|涉及|达成|形成|推动|洽谈|对接|举办|组织|开展|落地)"
)


TRAILING_WORDS = re.compile(
    r"(?:总数|总量|数量|规模|数)?(?:达到|达|为|有|增加|减少|新增|超过|超|突破|共计|合计|共|是|(?<![签合条公预节制契])约|近)+$"
)
AREA_WORDS = re.compile(r"^(?:全国|全省|全市|全区|全州|我国|我省|我市|本省|本市)")


def thing_before(text: str, number_start: int) -> str | None:
    """The Chinese noun right before a count whose measure word names no thing (套, 座, 台):
    建设公共租赁住房8300套 → 公共租赁住房, 医疗卫生机构总数达1022922个 → 医疗卫生机构."""
    run = re.search(r"[\u4e00-\u9fff]{2,12}$", text[max(0, number_start - 12) : number_start])
    if not run:
        return None
    thing = TRAILING_WORDS.sub("", run.group())
    thing = AREA_WORDS.sub("", LEADING_WORDS.sub("", thing))
    if len(thing) < 2 or re.search(r"上年|去年|同期|比|较", thing):
        return None  # 比上年增加15377个: the thing is the one counted just before
    return thing


def noun_before(text: str, number_start: int) -> str | None:
    """签约项目224个: the noun named before the number in the same clause."""
    window_start = max(0, number_start - 30)
    clause_start = max(
        [text.rfind(mark, window_start, number_start) for mark in "，。；、,;\n"]
        + [window_start - 1]
    )
    found = NOUN_BEFORE.findall(text, clause_start + 1, number_start)
    if not found:
        return None
    noun = found[-1]
    return CHINESE_NOUNS.get(noun, noun)


def english_tail(text: str, start: int) -> Tail:
    match = ENGLISH_TAIL.match(text, start)
    multiplier = Decimal(1)
    if match.group("mult"):
        multiplier = ENGLISH_MULTIPLIERS[match.group("mult").strip(" -").lower()]
    approximate = bool(match.group("approx"))
    unit_written = match.group("unit")
    if unit_written:
        key = unit_written.strip(" -").lower()
        key = re.sub(r"^(?:u\.s\.|us|american) ", "", key)
        return Tail(match.end(), multiplier, ENGLISH_UNITS.get(key, key), approximate)
    position = match.end()
    if re.match(r"[\s-]years?[\s-]old\b|-year-old", text[position : position + 12]):
        return Tail(position, multiplier, None, reject=True)
    noun, end = english_noun(text, position)
    return Tail(end if noun else position, multiplier, noun, approximate)


def english_noun(text: str, position: int) -> tuple[str | None, int]:
    """224 cooperation projects → projects: the first plural word of the noun phrase."""
    for _ in range(6):
        word = ENGLISH_WORD.match(text, position)
        if not word:
            return None, position
        lower = word.group(1).lower()
        if lower in ENGLISH_STOP and lower != "and":
            return None, position
        if lower in ENGLISH_COLLECTIVE or (
            lower.endswith("s")
            and len(lower) > 3
            and lower not in ENGLISH_NOT_PLURAL
            and not lower.endswith("ss")
        ):
            written = word.group(1)
            if any(char.isupper() for char in written[1:]):
                return written, word.end()  # kW, MW, TEU keep their case
            return ("people" if lower == "persons" else lower), word.end()
        position = word.end()
    return None, position

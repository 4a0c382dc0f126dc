"""Places named in a text, looked up in the shipped gazetteer (data/gazetteer.json: every
province, prefecture and county with its standard full name, short forms and English names)."""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAZETTEER = Path(__file__).parent / "data" / "gazetteer.json"

# Short forms that are ordinary words far more often than the place (朝阳产业, 长治久安, 东方, 白银).
AMBIGUOUS_SHORT_FORMS = {
    "朝阳",
    "长治",
    "东方",
    "白银",
    "大理",
    "普洱",
    "北海",
    "海西",
    "大同",
    "红河",
    "阿里",
    "文山",
    "海东",
    "吉",
    "辽",
    "黑",
    "蒙",
    "京",
    "津",
    "冀",
    "晋",
    "沪",
    "苏",
    "浙",
    "皖",
    "闽",
    "赣",
    "鲁",
    "豫",
    "鄂",
    "湘",
    "粤",
    "桂",
    "琼",
    "渝",
    "川",
    "黔",
    "滇",
    "藏",
    "陕",
    "甘",
    "青",
    "宁",
    "新",
    "台",
    "港",
    "澳",
    "玉树",
    "和田",
    "兴安",
    "中山",
    "阳江",
    "清远",
    "安顺",
    "新乡",
    "宜春",
    "永州",
    "通化县",
}
# Wholes that stand for no single place: a figure about them has no region.
AGGREGATES_CHINESE = (
    "东北三省",
    "东北四省区",
    "三省一区",
    "东北地区",
    "全国",
    "各省",
    "三省",
    "四省区",
)
# 全省, 该省, "the province": the province named last (or in the title), resolved by the extractor.
PROVINCE_REFERENCES = re.compile(
    r"全省|该省|本省|我省|全区|自治区|\b[Tt]he (?:autonomous )?region(?:'s)?\b|[Tt]he province(?:'s)?(?! of)|provincial"
)
PROVINCE_REFERENCE = ("province",)
AGGREGATES_ENGLISH = re.compile(
    r"\b(?:(?:three|four) (?:north-?eastern )?provinces|north-?east(?:ern)? (?:China|region|provinces)"
    r"|the Northeast|China(?:'s)?(?! (?:Northeast|Germany|South Korea))|the country|the nation's)\b"
)
ENGLISH_NAME = re.compile(
    r"\b(?P<name>Inner Mongolia|Hong Kong|[A-Z][a-z]+)(?:'s)?"
    r"(?: (?P<suffix>Province|City|District|County|Banner|Autonomous Region|Prefecture|League))?\b"
)
# What may stand between a place and the place around it: nothing, a comma, "in", "of".
NESTING_GAP = re.compile(r"\s*|\s*,\s*|\s+(?:in|of)\s+(?:the\s+)?|\s*[(（]")
DATELINE = re.compile(r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)")
COMPARISON = re.compile(
    r"(?:在|居|位居|高于|低于|快于|慢于|超过|超出|比|较|than(?: the)?|above(?: the)?|below(?: the)?|of the)\s?$"
)
CHINESE_CHARACTER = re.compile(r"[\u4e00-\u9fff]")
NORTHEAST = ("210000", "220000", "230000", "150000")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    province_code: str

    @property
    def level(self) -> int:
        if self.code.endswith("0000"):
            return 1
        return 2 if self.code.endswith("00") else 3


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    places: tuple  # candidates, best first; empty for an aggregate (东北三省, the country)


class Gazetteer:
    def __init__(self, entries):
        self.places = {}
        self.chinese = {}
        self.english = {}
        for code, name, province_code, short_forms, english_names in entries:
            place = Place(code, name, province_code)
            self.places[code] = place
            level = place.level
            keys = [(name, 0)]
            keys += [(form, level) for form in short_forms if form not in AMBIGUOUS_SHORT_FORMS]
            for key, rank in keys:
                self.chinese.setdefault(key, []).append((rank, level, place))
            for english in english_names:
                self.english.setdefault(english, []).append((level, place))
                if level < 3:
                    suffix = "Province" if level == 1 else "City"
                    self.english.setdefault(f"{english} {suffix}", []).append((0, place))
        for table in (self.chinese, self.english):
            for key, candidates in table.items():
                candidates.sort(key=lambda item: item[:-1])
                table[key] = tuple(place for *_, place in candidates)
        for aggregate in AGGREGATES_CHINESE:
            self.chinese[aggregate] = ()
        self.province_names = {p.code: p.name for p in self.places.values() if p.level == 1}
        self.lengths = {}
        for key in self.chinese:
            self.lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {char: sorted(sizes, reverse=True) for char, sizes in self.lengths.items()}

    def province_of(self, place: Place | None) -> str | None:
        return self.province_names.get(place.province_code) if place else None

    def mentions(self, text: str) -> list[Mention]:
        """Every place or aggregate named in `text` (normalised), longest match first."""
        found = []
        position = 0
        lengths = self.lengths
        chinese = self.chinese
        for match in CHINESE_CHARACTER.finditer(text):
            start = match.start()
            if start < position:
                continue
            for size in lengths.get(text[start], ()):
                candidates = chinese.get(text[start : start + size])
                if candidates is not None and DATELINE.match(text, start + size):
                    position = start + size
                    break  # 新华社北京3月14日电: where the reporter filed, not what the figures are about
                if candidates is not None:
                    found.append(Mention(start, start + size, candidates))
                    position = start + size
                    break
        for match in ENGLISH_NAME.finditer(text):
            name, suffix = match.group("name"), match.group("suffix")
            candidates = self.english.get(f"{name} {suffix}") if suffix else None
            if candidates is None:
                candidates = self.english.get(name)
            if candidates is None:
                continue
            found.append(Mention(match.start(), match.end(), candidates))
        for match in AGGREGATES_ENGLISH.finditer(text):
            found.append(Mention(match.start(), match.end(), ()))
        for match in PROVINCE_REFERENCES.finditer(text):
            found.append(Mention(match.start(), match.end(), PROVINCE_REFERENCE))
        found.sort(key=lambda mention: mention.start)
        # 高于全国0.1个百分点, "above the national average": the figure is still about the place.
        found = [
            mention
            for mention in found
            if mention.places
            or not COMPARISON.search(text, max(0, mention.start - 10), mention.start)
        ]
        return drop_appositions(text, combine_adjacent(text, found))


def combine_adjacent(text: str, mentions: list[Mention]) -> list[Mention]:
    """吉林省长春市, "Shenyang, Liaoning", "Chaoyang in Liaoning": the more specific place,
    checked against the other."""
    combined = []
    for mention in mentions:
        if (
            combined
            and mention.places
            and combined[-1].places
            and PROVINCE_REFERENCE not in (mention.places, combined[-1].places)
        ):
            previous = combined[-1]
            if NESTING_GAP.fullmatch(text, previous.end, mention.start):
                merged = merge(previous.places, mention.places)
                if merged:
                    combined[-1] = Mention(previous.start, mention.end, merged)
                    continue
        combined.append(mention)
    return combined


def drop_appositions(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Heilongjiang, China's northernmost province": the aggregate describes the place."""
    kept = []
    for mention in mentions:
        if (
            not mention.places
            and kept
            and kept[-1].places
            and 0 <= mention.start - kept[-1].end <= 25
            and not re.search(r"[.;。；!?]", text[kept[-1].end : mention.start])
        ):
            continue
        kept.append(mention)
    return kept


def merge(first: tuple, second: tuple) -> tuple:
    for outer, inner in ((first, second), (second, first)):
        for broad in outer:
            for narrow in inner:
                if narrow.level > broad.level and narrow.code.startswith(
                    broad.code[: 2 if broad.level == 1 else 4]
                ):
                    return (narrow,)
    return ()


def choose(candidates: tuple, context_codes: set) -> Place | None:
    """The candidate in a province already named in the text, else in the Northeast, else first."""
    if not candidates:
        return None
    for candidate in candidates:
        if candidate.province_code in context_codes:
            return candidate
    for candidate in candidates:
        if candidate.province_code in NORTHEAST:
            return candidate
    return candidates[0]


@cache
def gazetteer() -> Gazetteer:
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    return Gazetteer(data["entries"])

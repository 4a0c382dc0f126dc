"""Lead-unit suggestions: explicit mentions of units, then subject matter against duties.

The knowledge is data, not code: unit aliases (orgs.UnitAlias), each unit's responsibilities
(orgs.Unit.responsibilities, phrases separated by ；) and collective names such as
东北各省区 (orgs.UnitGroup). The secretariat extends all three in the admin.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field

from zhenxing.policies.parser.text import matching_form

EXCLUDED_KINDS = {"leading_group", "internal_department"}
MENTION_SCORE = 4.0
PLACE_MENTION_SCORE = 1.0  # 辽宁, 大连: a place is named, not necessarily its government
REPEAT_MENTION_SCORE = 1.0
SUBJECT_BONUS = 2.0
SUBJECT_FOLLOWERS = re.compile(r"^(?:要|应|牵头|负责|会同|抓紧|加强|进一步|继续|研究|组织|按照)")
KEYWORD_SPLIT = re.compile(r"[；;、,，\n]+")


@dataclass
class CandidateUnit:
    unit_id: int
    full_name: str
    kind: str
    region_code: str = ""
    keywords: list[str] = field(default_factory=list)


@dataclass
class Suggestion:
    unit_id: int
    unit: str
    score: float
    reason: str

    def as_dict(self) -> dict:
        return {"unit": self.unit, "score": self.score, "reason": self.reason}


class SuggestionRegistry:
    """Units, the names they are written under, collective names and duty keywords, in memory."""

    def __init__(
        self,
        units: list[CandidateUnit],
        names: dict[str, list[int]],
        groups: dict[str, list[int]],
        region_code: str = "",
        place_names: set[str] | None = None,
    ) -> None:
        self.place_names = {matching_form(name).casefold() for name in place_names or ()}
        self.units = {unit.unit_id: unit for unit in units}
        self.names = {
            matching_form(name).casefold(): ids for name, ids in names.items() if len(name) >= 2
        }
        self.groups = {matching_form(name).casefold(): ids for name, ids in groups.items()}
        self.region_code = region_code
        self.keywords: dict[str, list[int]] = defaultdict(list)
        for unit in units:
            if unit.kind in EXCLUDED_KINDS:
                continue
            for keyword in unit.keywords:
                key = matching_form(keyword)
                if len(key) >= 2 and unit.unit_id not in self.keywords[key]:
                    self.keywords[key].append(unit.unit_id)
        self._mention_pattern = _alternation(list(self.names) + list(self.groups))
        self._keyword_pattern = _alternation(list(self.keywords))

    @classmethod
    def empty(cls) -> "SuggestionRegistry":
        return cls([], {}, {})

    def is_unit(self, name: str) -> bool:
        key = matching_form(name).casefold()
        return key in self.names or key in self.groups

    def resolve(self, name: str) -> list[int]:
        """Units a name stands for: its own units, or a collective name's members."""
        key = matching_form(name).casefold()
        ids = self.names.get(key) or self.groups.get(key) or []
        if len(ids) > 1 and self.region_code and key in self.names:
            inside = [i for i in ids if _within(self.units[i].region_code, self.region_code)]
            ids = inside or ids
        return ids

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Ranked units for `text`, each with the words that matched."""
        subject = matching_form(text).casefold()
        scores: dict[int, float] = defaultdict(float)
        mentioned: dict[int, list[str]] = defaultdict(list)
        matched_keywords: dict[int, list[str]] = defaultdict(list)
        if self._mention_pattern is not None:
            for match in self._mention_pattern.finditer(subject):
                name = match.group(0)
                ids = self.groups.get(name) or self._resolve_mention(name)
                follows_as_subject = bool(SUBJECT_FOLLOWERS.match(subject[match.end() :]))
                for unit_id in ids:
                    if self.units[unit_id].kind in EXCLUDED_KINDS:
                        continue
                    first = name not in mentioned[unit_id]
                    if name in self.place_names:
                        scores[unit_id] += PLACE_MENTION_SCORE if first else 0.0
                    elif not mentioned[unit_id]:
                        scores[unit_id] += MENTION_SCORE
                    elif first or len(mentioned[unit_id]) < 3:
                        scores[unit_id] += REPEAT_MENTION_SCORE
                    if follows_as_subject:
                        scores[unit_id] += SUBJECT_BONUS
                    if first:
                        mentioned[unit_id].append(name)
        if self._keyword_pattern is not None:
            counts: dict[str, int] = defaultdict(int)
            for match in self._keyword_pattern.finditer(subject):
                counts[match.group(0)] += 1
            for keyword, count in counts.items():
                sharing = self.keywords[keyword]
                weight = (
                    (1 + 0.5 * (min(count, 3) - 1)) * min(len(keyword), 4) / 2 / len(sharing) ** 0.5
                )
                for unit_id in sharing:
                    scores[unit_id] += weight
                    matched_keywords[unit_id].append(keyword)
        ranked = sorted(scores.items(), key=lambda item: (-item[1], self.units[item[0]].full_name))
        suggestions = []
        for unit_id, score in ranked[:limit]:
            reasons = []
            if mentioned[unit_id]:
                reasons.append("提及：" + "、".join(mentioned[unit_id]))
            if matched_keywords[unit_id]:
                reasons.append("职责匹配：" + "、".join(matched_keywords[unit_id][:8]))
            suggestions.append(
                Suggestion(
                    unit_id, self.units[unit_id].full_name, round(score, 2), "；".join(reasons)
                )
            )
        return suggestions

    def _resolve_mention(self, name: str) -> list[int]:
        ids = self.resolve(name)
        # A name shared by several provinces' units, with no issuer to decide: mention none.
        return ids if len(ids) == 1 or len({self.units[i].region_code for i in ids}) == 1 else []


def _within(code: str, context: str) -> bool:
    if not code or not context:
        return False
    prefix = context.rstrip("0")
    prefix += "0" * (len(prefix) % 2)
    return code.startswith(prefix)


def _alternation(words: list[str]) -> re.Pattern | None:
    """One pattern finding any of `words`, the longest at each place (as an alternation sorted
    longest first would), built as a trie: the engine follows one character at a time instead
    of trying a thousand names at every character of the text."""
    trie: dict = {}
    for word in {w for w in words if w}:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}  # a word ends here
    if not trie:
        return None
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(c) + _trie_pattern(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def registry_from_database(
    *, on_date: datetime.date | None = None, region_code: str = ""
) -> SuggestionRegistry:
    """Build the registry from the unit tables (a few queries); names of dissolved units
    resolve to their successors in force on `on_date`."""
    from zhenxing.orgs.models import Region, Unit, UnitAlias, UnitGroup
    from zhenxing.orgs.selectors import UnitNameIndex

    units = [
        CandidateUnit(
            unit_id=unit.pk,
            full_name=unit.full_name,
            kind=unit.kind,
            region_code=(
                unit.region.code
                if unit.region_id
                else (unit.parent.region.code if unit.parent_id and unit.parent.region_id else "")
            ),
            keywords=[k.strip() for k in KEYWORD_SPLIT.split(unit.responsibilities) if k.strip()],
        )
        for unit in Unit.objects.select_related("region", "parent__region")
    ]
    current_ids = set(Unit.objects.current(on_date).values_list("pk", flat=True))
    units = [unit for unit in units if unit.unit_id in current_ids]
    index = UnitNameIndex()
    names: dict[str, list[int]] = {}
    for name in set(UnitAlias.objects.values_list("name", flat=True)):
        ids = index.resolve_ids(name, on_date=on_date)
        if ids:
            names[name] = ids
    groups = {
        group.name: [unit.pk for unit in group.units.all()]
        for group in UnitGroup.objects.prefetch_related("units")
    }
    known = {unit.unit_id for unit in units}
    names = {name: [i for i in ids if i in known] for name, ids in names.items()}
    places = {
        name for pair in Region.objects.values_list("name", "short_name") for name in pair if name
    }
    return SuggestionRegistry(
        units, {n: ids for n, ids in names.items() if ids}, groups, region_code, place_names=places
    )

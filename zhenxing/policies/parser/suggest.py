"""Lead-unit suggestions: explicit mentions of units, then subject matter against duties.

The knowledge is data, not code: unit aliases (orgs.UnitAlias), each unit's responsibilities
(orgs.Unit.responsibilities, phrases separated by ；), collective names such as 东北各省区
(orgs.UnitGroup) and the division plans already held (who led which task). The secretariat
extends all of them in the admin or by its own plans.

Evidence, strongest first: the unit is named in the text (提及); a phrase of its duties appears
in it (职责匹配, weighted by length and by how many units share the phrase); it led a similar task
in a plan already held (曾牵头类似任务); where fewer than three units have such direct evidence,
the text shares rare words with its duties (职责相近: character pairs weighted by rarity, cosine
similarity; the reason names the duty phrases nearest the text); a State Council bureau's managing
ministry (国家中医药局 → 国家卫生健康委, 国家能源局 → 国家发展改革委) follows it with half its
score, as division plans often name the ministry first (主管部门). Three suggestions are always
returned; when the evidence names fewer, general coordinating units (those whose duties include
综合协调, then those that led most tasks held) fill the list, marked as such.
Drafting or revising a law or regulation (修订著作权法) counts as the duty phrase 立法, whatever
the law is about. Units with equal evidence keep the registry's order (its sort order), as
division plans name the comprehensive departments first.
"""

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from zhenxing.policies.parser.text import matching_form

EXCLUDED_KINDS = {"leading_group", "internal_department"}
LOCAL_DEPARTMENT = "local_department"  # a department of a local government (辽宁省财政厅)
# Enterprises carry work out; departments and governments lead it. Subject-matter evidence for an
# enterprise counts for less (a mention by name counts in full).
EXECUTOR_KINDS = {"central_enterprise", "enterprise"}
EXECUTOR_FACTOR = 0.4
MENTION_SCORE = 4.0
PLACE_MENTION_SCORE = 1.0  # 辽宁, 大连: a place is named, not necessarily its government
REPEAT_MENTION_SCORE = 1.0
SUBJECT_BONUS = 2.0
SUBJECT_FOLLOWERS = re.compile(r"^(?:要|应|牵头|负责|会同|抓紧|加强|进一步|继续|研究|组织|按照)")
# 各省区政府, 各省(区、市)人民政府, 各省级人民政府: every provincial government.
PROVINCES_COLLECTIVE = re.compile(
    r"^各(?:省|省区|省区市|省\(区、市\)|省、自治区、直辖市|省级)(?:人民)?政府$"
)
# A department named without its 省 in a province's list (省发展改革委、财政厅、国土资源厅).
PROVINCE_PREFIX_DROPPED = re.compile(r"^[\u4e00-\u9fff]{1,10}(?:厅|委|局|办)$")
KEYWORD_SPLIT = re.compile(r"[；;、,，\n]+")
# 修订著作权法、专利代理条例: drafting or revising a law or regulation is legislative work, whatever
# the law is about; the units whose duties say 立法 (司法部) have that evidence (not 办法, 依法, 执法).
LEGISLATIVE_WORK = re.compile(
    r"(?:制定|制订|修订|修改|起草|废止)[^，,。；;]{0,20}?(?:(?<![方办做依合执非违司])法(?![规律治人院官])|条例)"
)
LEGISLATIVE_DUTY = "立法"
SIMILARITY_WEIGHT = 3.0
PRECEDENT_WEIGHT = 4.0
PRECEDENT_MIN_SIMILARITY = 0.3
FALLBACK_SCORE = 0.1
COORDINATING_DUTY = "综合协调"  # a unit whose duties say so fills the list first
NEAREST_DUTIES = 3  # duty phrases named in a 职责相近 reason
MINISTRY_SHARE = 0.5  # of a managed bureau's score, for the ministry that manages it
MINISTRY_KIND = "central_department"
MIN_SUGGESTIONS = 3
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")


def character_pairs(text: str) -> set[str]:
    """The overlapping pairs of Chinese characters in `text` (simplified), its words' trace."""
    return _pairs_of(matching_form(text))


def _pairs_of(matching_text: str) -> set[str]:
    pairs = set()
    for run in _HAN.findall(matching_text):
        pairs.update(map("".join, zip(run, run[1:], strict=False)))
    return pairs


@dataclass
class Precedent:
    """A task of a division plan already held, and the unit that led it."""

    text: str
    lead_unit_id: int


@dataclass
class CandidateUnit:
    unit_id: int
    full_name: str
    kind: str
    region_code: str = ""
    keywords: list[str] = field(default_factory=list)
    sort_order: int = 1000
    parent_id: int | None = None  # the ministry managing a State Council bureau


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
        precedents: list[Precedent] | None = None,
    ) -> None:
        self.place_names = {matching_form(name).casefold() for name in place_names or ()}
        self.units = {unit.unit_id: unit for unit in units}
        self.names = {
            matching_form(name).casefold(): ids for name, ids in names.items() if len(name) >= 2
        }
        self.groups = {matching_form(name).casefold(): ids for name, ids in groups.items()}
        self.region_code = region_code
        self.duty_units = _duty_units(units, region_code)
        self.keywords: dict[str, list[int]] = defaultdict(list)
        self.keyword_display: dict[str, str] = {}  # 5g → 5G, as the duties write it
        for unit in units:
            if unit.unit_id not in self.duty_units:
                continue
            for keyword in unit.keywords:
                key = matching_form(keyword).casefold()  # as the text is: 5G in 5g网络
                if len(key) >= 2 and unit.unit_id not in self.keywords[key]:
                    self.keywords[key].append(unit.unit_id)
                    self.keyword_display.setdefault(key, keyword)
        self._mention_pattern = _alternation(list(self.names) + list(self.groups))
        self._keyword_pattern = _alternation(list(self.keywords))
        self.subject_factor = {
            unit.unit_id: EXECUTOR_FACTOR if unit.kind in EXECUTOR_KINDS else 1.0 for unit in units
        }
        self._index_duties()
        self._index_precedents(precedents or [])

    def _index_duties(self) -> None:
        """Character pairs of each unit's duties, weighted by rarity (inverse document frequency)."""
        duty_pairs = {
            unit.unit_id: character_pairs("；".join(unit.keywords))
            for unit in self.units.values()
            if unit.unit_id in self.duty_units and unit.keywords
        }
        frequency: dict[str, int] = defaultdict(int)
        for pairs in duty_pairs.values():
            for pair in pairs:
                frequency[pair] += 1
        total = len(duty_pairs) + 1
        # Pairs in more than one unit's duties in sixteen say little and cost the most to follow.
        self.rarity = {
            pair: math.log(total / count)
            for pair, count in frequency.items()
            if count <= max(2, total // 16)
        }
        self.rarity_squared = {pair: value * value for pair, value in self.rarity.items()}
        self.pair_units: dict[str, list[int]] = defaultdict(list)
        self.duty_norm: dict[int, float] = {}
        self.duty_phrases = {
            unit_id: [
                (keyword, character_pairs(keyword)) for keyword in self.units[unit_id].keywords
            ]
            for unit_id in duty_pairs
        }
        for unit_id, pairs in duty_pairs.items():
            pairs = {pair for pair in pairs if pair in self.rarity}
            for pair in pairs:
                self.pair_units[pair].append(unit_id)
            self.duty_norm[unit_id] = math.sqrt(sum(self.rarity[p] ** 2 for p in pairs)) or 1.0

    def _index_precedents(self, precedents: list[Precedent]) -> None:
        self.precedents = [p for p in precedents if p.lead_unit_id in self.units]
        self.precedent_pairs = [character_pairs(p.text) for p in self.precedents]
        self.precedent_index: dict[str, list[int]] = defaultdict(list)
        for index, pairs in enumerate(self.precedent_pairs):
            for pair in pairs:
                self.precedent_index[pair].append(index)
        led: dict[int, int] = defaultdict(int)
        for precedent in self.precedents:
            led[precedent.lead_unit_id] += 1
        self.fallback_order = sorted(
            (
                u
                for u in self.units.values()
                if u.kind not in EXCLUDED_KINDS and (u.unit_id in self.duty_units or not u.keywords)
            ),
            key=lambda u: (
                not _within(u.region_code, self.region_code) if self.region_code else False,
                u.kind in EXECUTOR_KINDS,
                COORDINATING_DUTY not in u.keywords,
                -led[u.unit_id],
                u.sort_order,
                u.full_name,
            ),
        )

    @classmethod
    def empty(cls) -> "SuggestionRegistry":
        return cls([], {}, {})

    def is_unit(self, name: str) -> bool:
        key = matching_form(name).casefold()
        return key in self.names or key in self.groups or bool(PROVINCES_COLLECTIVE.match(key))

    def resolve(self, name: str) -> list[int]:
        """Units a name stands for: its own units, or a collective name's members; in a
        province's document, 财政厅 in a list of 省… units is that province's 省财政厅."""
        key = matching_form(name).casefold()
        ids = self.names.get(key) or self.groups.get(key) or []
        if not ids and PROVINCES_COLLECTIVE.match(key):
            ids = [u.unit_id for u in self.units.values() if u.kind == "provincial_government"]
        if not ids and self.region_code and PROVINCE_PREFIX_DROPPED.match(key):
            ids = [
                i
                for i in self.names.get("省" + key, [])
                if _within(self.units[i].region_code, self.region_code)
            ]
        if len(ids) > 1 and self.region_code and key in self.names:
            inside = [i for i in ids if _within(self.units[i].region_code, self.region_code)]
            ids = inside or ids
        return ids

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Ranked units for `text`, each with the words that matched."""
        if not self.units:
            return []
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
            if LEGISLATIVE_DUTY in self.keywords and LEGISLATIVE_WORK.search(subject):
                counts[LEGISLATIVE_DUTY] = counts.get(LEGISLATIVE_DUTY) or 1
            for keyword, count in counts.items():
                sharing = self.keywords[keyword]
                weight = (
                    (1 + 0.5 * (min(count, 3) - 1)) * min(len(keyword), 4) / 2 / len(sharing) ** 0.5
                )
                factor = self.subject_factor
                for unit_id in sharing:
                    scores[unit_id] += weight * factor[unit_id]
                    matched_keywords[unit_id].append(self.keyword_display[keyword])
        # Rare shared words and precedents weigh in where names and duty phrases say little.
        direct = sum(1 for score in scores.values() if score >= 1.0)
        pairs = _pairs_of(subject) if direct < MIN_SUGGESTIONS or self.precedents else set()
        similar = self._similar_duties(pairs) if direct < MIN_SUGGESTIONS else {}
        for unit_id, (similarity, _words) in similar.items():
            scores[unit_id] += SIMILARITY_WEIGHT * similarity * self.subject_factor[unit_id]
        precedents = self._similar_precedents(pairs) if self.precedents else {}
        for unit_id, (similarity, _title) in precedents.items():
            scores[unit_id] += PRECEDENT_WEIGHT * similarity
        managed = self._managing_ministries(scores)
        for ministry_id, (share, _bureau) in managed.items():
            scores[ministry_id] += share
        for position, unit in enumerate(self.fallback_order):
            if len(scores) >= min(MIN_SUGGESTIONS, limit):
                break
            # Just below one another, so that the list keeps the fill's order.
            scores.setdefault(unit.unit_id, FALLBACK_SCORE - position / 1000)
        # Equal evidence: the registry's order (the comprehensive departments first), not the name.
        units = self.units
        ranked = sorted(
            scores.items(),
            key=lambda item: (-item[1], units[item[0]].sort_order, units[item[0]].full_name),
        )
        suggestions = []
        for unit_id, score in ranked[:limit]:
            reasons = []
            if mentioned[unit_id]:
                reasons.append("提及：" + "、".join(mentioned[unit_id]))
            if matched_keywords[unit_id]:
                reasons.append("职责匹配：" + "、".join(matched_keywords[unit_id][:8]))
            if unit_id in precedents:
                reasons.append("曾牵头类似任务：" + precedents[unit_id][1])
            if unit_id in managed:
                reasons.append("主管部门：管理" + self.units[managed[unit_id][1]].full_name)
            if unit_id in similar and not matched_keywords[unit_id]:
                reasons.append("职责相近：" + "、".join(self._nearest_duties(unit_id, similar)))
            if not reasons:
                reasons.append("综合协调单位（没有更具体的依据，请确认）")
            suggestions.append(
                Suggestion(
                    unit_id, self.units[unit_id].full_name, round(score, 2), "；".join(reasons)
                )
            )
        return suggestions

    def _similar_duties(self, pairs: set[str]) -> dict[int, tuple[float, list[str]]]:
        """Cosine similarity of the text's rare character pairs with each unit's duties."""
        squared, pair_units = self.rarity_squared, self.pair_units
        overlap: dict[int, float] = defaultdict(float)
        shared: dict[int, list[str]] = defaultdict(list)
        text_squared = 0.0
        for pair in pairs:
            weight = squared.get(pair)
            if weight is None:
                continue
            text_squared += weight
            for unit_id in pair_units[pair]:
                overlap[unit_id] += weight
                shared[unit_id].append(pair)
        text_norm = math.sqrt(text_squared) or 1.0
        result = {}
        for unit_id, words in shared.items():
            if len(words) < 2:  # one pair in common (工作, 发展) is chance, not subject matter
                continue
            similarity = overlap[unit_id] / (text_norm * self.duty_norm[unit_id])
            if similarity >= 0.05:
                result[unit_id] = (similarity, words)
        return result

    def _managing_ministries(self, scores: dict[int, float]) -> dict[int, tuple[float, int]]:
        """For each ministry managing a bureau with evidence, a share of the bureau's score
        (the best-scored bureau's, if it manages several) and that bureau."""
        managed: dict[int, tuple[float, int]] = {}
        for unit_id, score in scores.items():
            unit = self.units[unit_id]
            ministry = self.units.get(unit.parent_id) if unit.parent_id else None
            if unit.kind != MINISTRY_KIND or ministry is None or ministry.kind != MINISTRY_KIND:
                continue
            share = MINISTRY_SHARE * score
            if share > managed.get(ministry.unit_id, (0.0, 0))[0]:
                managed[ministry.unit_id] = (share, unit_id)
        return managed

    def _nearest_duties(self, unit_id: int, similar: dict) -> list[str]:
        """The unit's duty phrases sharing the rarest words with the text (readable, unlike the
        character pairs themselves)."""
        shared = set(similar[unit_id][1])
        weighted = [
            (sum(self.rarity[pair] for pair in pairs & shared), keyword)
            for keyword, pairs in self.duty_phrases.get(unit_id, ())
        ]
        nearest = sorted((item for item in weighted if item[0] > 0), key=lambda item: -item[0])
        return [keyword for _weight, keyword in nearest[:NEAREST_DUTIES]]

    def _similar_precedents(self, pairs: set[str]) -> dict[int, tuple[float, str]]:
        """For each unit, its most similar task in the plans already held (Jaccard of pairs)."""
        counts: dict[int, int] = defaultdict(int)
        for pair in pairs:
            for index in self.precedent_index.get(pair, ()):
                counts[index] += 1
        best: dict[int, tuple[float, str]] = {}
        for index, common in counts.items():
            similarity = common / len(pairs | self.precedent_pairs[index])
            if similarity < PRECEDENT_MIN_SIMILARITY:
                continue
            precedent = self.precedents[index]
            if similarity > best.get(precedent.lead_unit_id, (0.0, ""))[0]:
                best[precedent.lead_unit_id] = (similarity, precedent.text[:30])
        return best

    def _resolve_mention(self, name: str) -> list[int]:
        ids = self.resolve(name)
        # A name shared by several provinces' units, with no issuer to decide: mention none.
        return ids if len(ids) == 1 or len({self.units[i].region_code for i in ids}) == 1 else []


def _duty_units(units: list[CandidateUnit], region_code: str) -> set[int]:
    """The units whose duties a text is matched against. A province's departments (省财政厅)
    answer for its own documents, in place of the State Council's; elsewhere they do not count
    (a national task is not the 辽宁省财政厅's)."""
    candidates = [unit for unit in units if unit.kind not in EXCLUDED_KINDS]
    local = [
        unit
        for unit in candidates
        if unit.kind == LOCAL_DEPARTMENT
        and unit.keywords
        and _within(unit.region_code, region_code)
    ]
    if local:
        return {unit.unit_id for unit in candidates if _within(unit.region_code, region_code)}
    return {unit.unit_id for unit in candidates if unit.kind != LOCAL_DEPARTMENT}


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
            sort_order=unit.sort_order,
            parent_id=unit.parent_id,
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
        units,
        {n: ids for n, ids in names.items() if ids},
        groups,
        region_code,
        place_names=places,
        precedents=held_precedents(),
    )


def held_precedents(limit: int = 5000) -> list[Precedent]:
    """Tasks of the division plans already held, with the unit that leads each (newest first)."""
    from zhenxing.policies.models import Task

    rows = (
        Task.objects.filter(lead_unit__isnull=False)
        .order_by("-pk")
        .values_list("title", "description", "lead_unit_id")[:limit]
    )
    return [
        Precedent(text=description or title, lead_unit_id=lead) for title, description, lead in rows
    ]

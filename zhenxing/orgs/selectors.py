"""Reads for units: exact lookup by any alias, with region and date context."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from zhenxing.orgs.models import Region, Unit, UnitAlias, normalize_name

_UNIT_FIELDS = (
    "id",
    "region__code",
    "parent__region__code",
    "valid_from",
    "valid_to",
    "succeeded_by_id",
)


@dataclass(frozen=True)
class _Entry:
    unit_id: int
    region_code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    succeeded_by_id: int | None


def _entry(row) -> _Entry:
    unit_id, region, parent_region, valid_from, valid_to, successor = row
    return _Entry(unit_id, region or parent_region or "", valid_from, valid_to, successor)


class UnitNameIndex:
    """An in-memory alias index: build it once per job (the policy parser), then look up freely.

    `names` limits it to those names (a single lookup); it does not see later changes.
    """

    def __init__(self, names: list[str] | None = None) -> None:
        self._by_name: dict[str, list[_Entry]] = defaultdict(list)
        self._entries: dict[int, _Entry] = {}
        aliases = UnitAlias.objects.all()
        if names is not None:
            aliases = aliases.filter(normalized_name__in=[normalize_name(n) for n in names])
        fields = tuple(f"unit__{field}" for field in _UNIT_FIELDS)
        for name, *unit_row in aliases.values_list("normalized_name", *fields):
            entry = _entry(unit_row)
            self._by_name[name].append(entry)
            self._entries[entry.unit_id] = entry

    def resolve_ids(
        self, name: str, *, region_code: str = "", on_date: datetime.date | None = None
    ) -> list[int]:
        """Unit ids written as `name`, best first; dissolved units handed to successors.

        Inside `region_code` wins when several match; otherwise central units come first.
        """
        on_date = on_date or timezone.localdate()
        resolved: list[_Entry] = []
        for entry in self._by_name.get(normalize_name(name), []):
            entry = self._successor_on(entry, on_date)
            if entry not in resolved:
                resolved.append(entry)
        if region_code and len(resolved) > 1:
            inside = [e for e in resolved if region_within(e.region_code, region_code)]
            # A city's documents name its own province's bodies (大连 → 辽宁省发展改革委).
            around = [e for e in resolved if region_within(region_code, e.region_code)]
            resolved = inside or around or resolved
        resolved.sort(key=lambda e: bool(e.region_code))
        return [entry.unit_id for entry in resolved]

    def _successor_on(self, entry: _Entry, on_date: datetime.date) -> _Entry:
        seen = set()
        while (
            entry.valid_to is not None
            and entry.valid_to <= on_date
            and entry.succeeded_by_id is not None
            and entry.unit_id not in seen
        ):
            seen.add(entry.unit_id)
            entry = self._entry_for(entry.succeeded_by_id)
        return entry

    def _entry_for(self, unit_id: int) -> _Entry:
        if unit_id not in self._entries:
            row = Unit.objects.filter(pk=unit_id).values_list(*_UNIT_FIELDS).get()
            self._entries[unit_id] = _entry(row)
        return self._entries[unit_id]


def region_prefix(code: str) -> str:
    """The code prefix shared by a region and every region under it (GB/T 2260): 21 for
    210000, 2109 for 210900, the whole code for a county."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_within(unit_region: str, context_region: str) -> bool:
    """Whether a region code lies inside another (GB/T 2260 prefixes: 210000 holds 210200)."""
    if not unit_region or not context_region:
        return False
    prefix = context_region.rstrip("0")
    if len(prefix) % 2:
        prefix += "0"
    return unit_region.startswith(prefix)


def region_code_of(subject: Unit | Region | None) -> str:
    """The region code of a region, or of a unit (a department takes its parent's)."""
    if subject is None:
        return ""
    if isinstance(subject, Region):
        return subject.code
    if subject.region_id:
        return subject.region.code
    if subject.parent_id and subject.parent.region_id:
        return subject.parent.region.code
    return ""


def find_units(
    name: str, *, within: Unit | Region | None = None, on_date: datetime.date | None = None
) -> list[Unit]:
    """Units written as `name` (exact after normalisation), best first.

    `within` (the issuing unit or a region) prefers that region's units, so a province's
    documents resolve 省发展改革委 to its own commission.
    """
    index = UnitNameIndex(names=[name])
    ids = index.resolve_ids(name, region_code=region_code_of(within), on_date=on_date)
    units = Unit.objects.select_related("region", "parent").in_bulk(ids)
    return [units[unit_id] for unit_id in ids]


def find_unit(name: str, **context) -> Unit | None:
    """The best unit written as `name`, or None."""
    units = find_units(name, **context)
    return units[0] if units else None

"""Reads of designations: the filtered list, counts by type and province, and the regions of a
type (what other apps' filters use)."""

from collections import Counter

from django.db.models import QuerySet

from zhenxing.orgs.models import Region
from zhenxing.programmes.models import Designation


def province_of(region: Region) -> Region:
    """The province a region lies in (the region itself at province level)."""
    while region.parent_id is not None:
        region = region.parent
    return region


def designations_filtered(
    *, kind: str = "", province_code: str = "", year: int | None = None
) -> QuerySet[Designation]:
    """Designations of a type, in a province (by its GB/T 2260 code) and in force in a year."""
    designations = Designation.objects.select_related("region__parent__parent")
    if kind:
        designations = designations.filter(kind=kind)
    if province_code:
        designations = designations.filter(region__code__startswith=province_code[:2])
    if year is not None:
        designations = designations.filter(first_year__lte=year).exclude(last_year__lt=year)
    return designations


def designation_counts(designations) -> dict:
    """How many designations each type has in each province: rows by type, one column per
    province, with totals; only provinces and types that have some."""
    cells = Counter()
    provinces = {}
    for designation in designations:
        province = province_of(designation.region)
        provinces[province.code] = province
        cells[designation.kind, province.code] += 1
    columns = [provinces[code] for code in sorted(provinces)]
    rows = []
    for kind, label in Designation.Kind.choices:
        counts = [cells[kind, province.code] for province in columns]
        if any(counts):
            rows.append({"kind": kind, "label": label, "counts": counts, "total": sum(counts)})
    totals = [sum(row["counts"][index] for row in rows) for index in range(len(columns))]
    return {"provinces": columns, "rows": rows, "totals": totals, "total": sum(totals)}


def region_codes_of_kind(kind: str) -> list[str]:
    """The GB/T 2260 codes of the regions that carry a type (any years)."""
    return sorted(set(Designation.objects.filter(kind=kind).values_list("region__code", flat=True)))

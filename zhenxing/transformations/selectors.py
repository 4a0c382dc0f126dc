"""Reads of the transformation evaluation: the cities evaluated in a year, and the scores.

The rule (shown on the evaluation's page): for each indicator, the values of the cities that
have one are normalised to 0–100 — (value − lowest) / (highest − lowest) × 100 where higher is
better, (highest − value) / (highest − lowest) × 100 where lower is better, 100 for all when
every city has the same value; a city without a value scores 0 on that indicator. A city's
score is the sum over indicators of weight × normalised score / total weight: out of 100
whatever the weights add up to (the shipped set's weights add up to 100). Cities are ranked by score; equal scores share a
rank (1, 2, 2, 4)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.models import Region
from zhenxing.orgs.selectors import region_prefix
from zhenxing.programmes.models import Designation
from zhenxing.transformations.models import Evaluation, EvaluationIndicator

HUNDRED = Decimal(100)
POINT = Decimal("0.01")


def cities(evaluation: Evaluation) -> list[Region]:
    """The resource-exhausted cities (programmes' designations in force in the year) in the
    evaluation mechanism's region, by code."""
    designations = Designation.objects.filter(
        kind=Designation.Kind.RESOURCE_EXHAUSTED_CITY, first_year__lte=evaluation.year
    ).exclude(last_year__lt=evaluation.year)
    regions = Region.objects.filter(pk__in=designations.values("region_id"))
    mechanism = evaluation.mechanism
    if mechanism is not None and mechanism.region_id is not None:
        regions = regions.filter(code__startswith=region_prefix(mechanism.region.code))
    return list(regions.order_by("code"))


@dataclass
class CityScore:
    region: Region
    score: Decimal = Decimal(0)
    rank: int = 0
    groups: dict = field(default_factory=dict)  # group → points
    values: dict = field(default_factory=dict)  # indicator code → value
    normalised: dict = field(default_factory=dict)  # indicator code → 0–100

    @property
    def missing(self) -> int:
        return len(self.normalised) - len(self.values)


def normalise(value: Decimal, lowest: Decimal, highest: Decimal, direction: str) -> Decimal:
    if highest == lowest:
        return HUNDRED
    if direction == EvaluationIndicator.Direction.LOWER:
        return (highest - value) / (highest - lowest) * HUNDRED
    return (value - lowest) / (highest - lowest) * HUNDRED


def scores(evaluation: Evaluation) -> list[CityScore]:
    """Every city of the evaluation scored and ranked (best first)."""
    indicators = list(EvaluationIndicator.objects.all())
    total_weight = sum((indicator.weight for indicator in indicators), Decimal(0))
    rows = {region.pk: CityScore(region=region) for region in cities(evaluation)}
    by_indicator = defaultdict(dict)
    for region_id, indicator_id, value in evaluation.values.values_list(
        "region_id", "indicator_id", "value"
    ):
        if region_id in rows:
            by_indicator[indicator_id][region_id] = value
    for indicator in indicators:
        values = by_indicator[indicator.pk]
        lowest, highest = (min(values.values()), max(values.values())) if values else (0, 0)
        for region_id, row in rows.items():
            if region_id in values:
                row.values[indicator.code] = values[region_id]
                points = normalise(values[region_id], lowest, highest, indicator.direction)
            else:
                points = Decimal(0)
            row.normalised[indicator.code] = points.quantize(POINT)
            weighted = points * indicator.weight / total_weight if total_weight else Decimal(0)
            row.groups[indicator.group] = row.groups.get(indicator.group, Decimal(0)) + weighted
            row.score += weighted
    ranked = sorted(rows.values(), key=lambda row: (-row.score, row.region.code))
    for position, row in enumerate(ranked, start=1):
        row.score = row.score.quantize(POINT)
        row.groups = {key: value.quantize(POINT) for key, value in row.groups.items()}
        previous = ranked[position - 2] if position > 1 else None
        row.rank = previous.rank if previous and previous.score == row.score else position
    return ranked


def group_weights() -> list[dict]:
    """The indicator set by group, with each group's weight."""
    groups = []
    for value, label in EvaluationIndicator.Group.choices:
        members = [i for i in EvaluationIndicator.objects.all() if i.group == value]
        if members:
            weight = sum((i.weight for i in members), Decimal(0))
            groups.append({"group": value, "label": label, "weight": weight, "indicators": members})
    return groups


def visible_evaluations(queryset: QuerySet[Evaluation], *, drafts: bool) -> QuerySet[Evaluation]:
    return queryset if drafts else queryset.filter(status=Evaluation.Status.PUBLISHED)


def report_evaluation(*, mechanism, year: int) -> Evaluation | None:
    """The mechanism's published evaluation of `year`, or else of the year before (the
    report's part on transformation)."""
    published = within_mechanism(
        Evaluation.objects.filter(status=Evaluation.Status.PUBLISHED), mechanism
    )
    return published.filter(year__in=(year, year - 1)).order_by("-year").first()

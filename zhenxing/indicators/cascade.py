"""Targets cascade (issue 17): an annual target split among the regions below it (the nation's
among provinces, a province's among its cities), each share a `Target` of its own with the
target it came from as `parent`, the lower mechanism that holds it and, for rates, a weight.

The roll-up rule is the indicator's (`Indicator.aggregation`): levels and counts add up, rates
take the mean weighted by the shares' weights (e.g. base-year GDP). The tree shows for every
target (a) the allocation gap: its value minus what its children's targets roll up to, and
(b) the achievement gap: its value minus the actual, the latest current observation of its
region in the year or, where the region has none, the children's actuals rolled up by the same
rule, with which region said what (provenance). The light compares the actual with what the
target expects by then (a milestone, the rate itself, or a level's share of the months gone)
through the warning rules "below trajectory" (rates: percentage points; levels: per cent).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from zhenxing.indicators.models import Aggregation, Indicator, Observation, Target, WarningRule
from zhenxing.indicators.selectors import plain
from zhenxing.lib.colours import Colour
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.models import Region

MAX_DEPTH = 6
CENT = Decimal("0.0001")
LIMIT = Decimal(10) ** 16  # Target.value and weight: 20 digits, 4 of them decimals


def rolled(indicator: Indicator, pairs: list[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """`pairs` of (value, weight) rolled up by the indicator's rule; None if nothing to roll or
    a weight is missing for a weighted mean."""
    if not pairs:
        return None
    if indicator.aggregation == Aggregation.SUM:
        return sum((value for value, _weight in pairs), Decimal(0))
    if any(weight is None for _value, weight in pairs):
        return None
    total = sum((weight for _value, weight in pairs), Decimal(0))
    if not total:
        return None
    return (sum((value * weight for value, weight in pairs), Decimal(0)) / total).quantize(CENT)


def child_regions(target: Target):
    """The regions a target may be split among: the provinces for a national target, the
    region's own subdivisions otherwise."""
    if target.region_id is None:
        return Region.objects.filter(level=Region.Level.PROVINCE).order_by("code")
    return Region.objects.filter(parent=target.region_id).order_by("code")


def holding_mechanism(region: Region, above: Mechanism | None) -> Mechanism | None:
    """The mechanism that holds a region's share: the region's own mechanism below `above`
    if it has one, else the one above keeps it (and may split it further)."""
    own = Mechanism.objects.filter(region=region).exclude(level=Mechanism.Level.NATIONAL)
    return own.order_by("pk").first() or above


@dataclass
class Share:
    """One row of a split: a region's value and (for rates) its weight."""

    region: Region
    value: Decimal
    weight: Decimal | None = None


@transaction.atomic
def target_split(*, target: Target, shares: list[Share], allow_gap: bool = False) -> list[Target]:
    """Split `target` among regions: each share becomes (or updates) the region's target for
    the year with `target` as parent; shares left out are removed unless split further.
    Nothing is written unless every row is valid; errors name the row (1-based)."""
    target = Target.objects.select_for_update().select_related("indicator").get(pk=target.pk)
    indicator = target.indicator
    allowed = {region.pk for region in child_regions(target)}
    errors, seen = [], set()
    if not shares:
        errors.append("请至少填写一个地区的分解值。")
    for number, share in enumerate(shares, start=1):
        name = share.region.name
        if share.region.pk not in allowed:
            errors.append(f"第{number}行：{name}不是{_place(target)}的下一级地区。")
        if share.region.pk in seen:
            errors.append(f"第{number}行：{name}重复填写。")
        seen.add(share.region.pk)
        if not share.value.is_finite() or abs(share.value) >= LIMIT:
            errors.append(f"第{number}行：{name}的分解值不是有效数字或超出范围。")
        elif share.value < 0 and indicator.aggregation == Aggregation.SUM:
            errors.append(f"第{number}行：{name}的分解值不能为负数。")
        if indicator.aggregation == Aggregation.WEIGHTED_MEAN:
            if share.weight is None:
                errors.append(f"第{number}行：{name}缺少权数（速度、比重类指标按权数加权平均）。")
            elif not share.weight.is_finite() or share.weight <= 0 or share.weight >= LIMIT:
                errors.append(f"第{number}行：{name}的权数应大于零且在允许范围内。")
    existing = {child.region_id: child for child in target.children.all()}
    dropped = [child for region, child in existing.items() if region not in seen]
    for child in dropped:
        if child.children.exists():
            errors.append(f"{child.region.name}的目标已继续分解，不能从本次分解中移出。")
    for share in shares:
        other = (
            Target.objects.filter(indicator=indicator, region=share.region, year=target.year)
            .exclude(parent=target)
            .exclude(parent__isnull=True)
            .first()
        )
        if other:
            errors.append(f"{share.region.name}的目标已由其他上级目标分解而来。")
    if not errors:
        allocated = rolled(indicator, [(share.value, share.weight) for share in shares])
        gap = target.value - allocated if allocated is not None else None
        if gap and not allow_gap:
            kind = "未分足" if gap > 0 else "超额分解"
            errors.append(
                f"分解后合计为{plain(allocated)}，与目标{plain(target.value)}相差{plain(abs(gap))}"
                f"（{kind}，规则：{indicator.get_aggregation_display()}）。"
                "如确需保留差额，请勾选“允许差额”。"
            )
    if errors:
        raise ValidationError(errors)
    for child in dropped:
        child.delete()
    written = []
    for share in shares:
        child, _created = Target.objects.update_or_create(
            indicator=indicator,
            region=share.region,
            year=target.year,
            defaults={
                "value": share.value,
                "weight": share.weight,
                "parent": target,
                "mechanism": holding_mechanism(share.region, target.mechanism),
                "comparison": target.comparison,
                "status": Target.Status.CONFIRMED,
                "source_text": f"由{_place(target)}{target.year}年目标分解",
            },
        )
        written.append(child)
    return written


def _place(target: Target) -> str:
    return target.region.name if target.region_id else "全国"


# --- reading the tree ----------------------------------------------------------------------


@dataclass
class Actual:
    value: Decimal
    period: str
    period_start: datetime.date
    period_end: datetime.date
    rolled_up: bool = False
    partial: bool = False
    # (region name, value or None, period) of each child, for a rolled-up actual
    provenance: list[tuple[str, Decimal | None, str]] = field(default_factory=list)


@dataclass
class TargetNode:
    target: Target
    depth: int
    children: list["TargetNode"] = field(default_factory=list)
    allocated: Decimal | None = None
    actual: Actual | None = None
    expected: Decimal | None = None
    colour: str = ""
    shortfall: Decimal | None = None

    @property
    def place(self) -> str:
        return _place(self.target)

    @property
    def allocation_gap(self) -> Decimal | None:
        """Target minus what the children's targets roll up to (positive: under-allocated)."""
        if not self.children or self.allocated is None:
            return None
        return self.target.value - self.allocated

    @property
    def achievement_gap(self) -> Decimal | None:
        """Target minus actual (positive: still below the target)."""
        return None if self.actual is None else self.target.value - self.actual.value

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def as_dict(self) -> dict:
        actual = self.actual
        return {
            "id": self.target.pk,
            "region_code": self.target.region.code if self.target.region_id else None,
            "region": self.place,
            "mechanism": self.target.mechanism.code if self.target.mechanism_id else None,
            "value": self.target.value,
            "weight": self.target.weight,
            "allocated": self.allocated,
            "allocation_gap": self.allocation_gap,
            "actual": actual.value if actual else None,
            "actual_period": actual.period if actual else None,
            "actual_rolled_up": actual.rolled_up if actual else False,
            "actual_partial": actual.partial if actual else False,
            "provenance": [
                {"region": name, "value": value, "period": period}
                for name, value, period in (actual.provenance if actual else [])
            ],
            "expected": self.expected,
            "achievement_gap": self.achievement_gap,
            "colour": self.colour,
            "children": [child.as_dict() for child in self.children],
        }


def target_roots(indicator: Indicator, year: int, mechanism: Mechanism | None):
    """The targets the mechanism holds at its top: held by it, and not split from a target it
    also holds (the nation: its own targets; a province: the shares it was given)."""
    held = within_mechanism(Target.objects.filter(indicator=indicator, year=year), mechanism)
    return (
        held.exclude(parent__in=held.values("pk"))
        .select_related("region", "mechanism")
        .prefetch_related("milestones")
    )


def target_tree(indicator: Indicator, year: int, mechanism: Mechanism | None) -> list[TargetNode]:
    """The mechanism's targets of the indicator in the year with every share below them, their
    allocation, actual, gaps and light (see the module's docstring)."""
    roots = list(target_roots(indicator, year, mechanism).order_by("region__code"))
    nodes = [TargetNode(root, 0) for root in roots]
    frontier = {node.target.pk: node for node in nodes}
    everything = list(nodes)
    for depth in range(1, MAX_DEPTH):
        if not frontier:
            break
        children = (
            Target.objects.filter(parent__in=list(frontier))
            .select_related("region", "mechanism")
            .prefetch_related("milestones")
        )
        below = {}
        for child in children.order_by("region__code"):
            node = TargetNode(child, depth)
            frontier[child.parent_id].children.append(node)
            below[child.pk] = node
        everything.extend(below.values())
        frontier = below
    latest = _latest_actuals(indicator, year, [node.target for node in everything])
    rules = _trajectory_rules(indicator)
    for node in nodes:
        _fill(node, indicator, latest, rules)
    return nodes


def _latest_actuals(indicator: Indicator, year: int, targets) -> dict:
    """Region id (None: the country) → the latest current observation in the year; for
    year-to-date indicators only those from January (1—3月, 1—6月, …), which compare."""
    regions = {target.region_id for target in targets}
    wanted = Q(region__in=[region for region in regions if region])
    if None in regions:
        wanted |= Q(region__isnull=True)
    observations = Observation.objects.filter(
        indicator=indicator, is_current=True, period_end__year=year
    ).filter(wanted)
    if indicator.frequency == Indicator.Frequency.CUMULATIVE:
        observations = observations.filter(period_start=datetime.date(year, 1, 1))
    latest = {}
    for observation in observations.order_by("period_end"):
        latest[observation.region_id] = observation
    return {
        region: Actual(o.value, o.period, o.period_start, o.period_end)
        for region, o in latest.items()
    }


def _trajectory_rules(indicator: Indicator) -> list[WarningRule]:
    return list(
        WarningRule.objects.filter(is_active=True, kind=WarningRule.Kind.BELOW_TRAJECTORY).filter(
            Q(indicator=indicator) | Q(indicator__isnull=True)
        )
    )


def _fill(node: TargetNode, indicator: Indicator, latest: dict, rules) -> None:
    for child in node.children:
        _fill(child, indicator, latest, rules)
    if node.children:
        node.allocated = rolled(
            indicator, [(child.target.value, child.target.weight) for child in node.children]
        )
    node.actual = latest.get(node.target.region_id) or _rolled_actual(node, indicator)
    if node.actual is not None:
        node.expected = _expected(indicator, node.target, node.actual)
        node.shortfall, node.colour = _light(indicator, node.expected, node.actual.value, rules)


def _rolled_actual(node: TargetNode, indicator: Indicator) -> Actual | None:
    """The children's actuals of their latest common period, rolled up by the rule."""
    reported = [child for child in node.children if child.actual is not None]
    if not reported:
        return None
    last = max(child.actual.period_end for child in reported)
    counted = [child for child in reported if child.actual.period_end == last]
    value = rolled(indicator, [(child.actual.value, child.target.weight) for child in counted])
    if value is None:
        return None
    first = counted[0].actual
    provenance = [
        (
            child.place,
            child.actual.value if child in counted else None,
            child.actual.period if child.actual else "",
        )
        for child in node.children
    ]
    return Actual(
        value,
        first.period,
        first.period_start,
        last,
        rolled_up=True,
        partial=len(counted) < len(node.children),
        provenance=provenance,
    )


def _expected(indicator: Indicator, target: Target, actual: Actual) -> Decimal:
    """What the target expects by the actual's period: its milestone, the rate itself, or a
    level's share of the year's months covered (a whole-year figure: the target)."""
    milestone = target.milestone_for(actual.period)
    if milestone is not None:
        return milestone
    if indicator.aggregation == Aggregation.WEIGHTED_MEAN:
        return target.value
    months = (actual.period_end.year - actual.period_start.year) * 12 + (
        actual.period_end.month - actual.period_start.month + 1
    )
    return (target.value * min(months, 12) / 12).quantize(CENT)


def _light(indicator: Indicator, expected: Decimal, actual: Decimal, rules) -> tuple:
    """(shortfall, colour): how far the actual is behind what is expected, in percentage
    points for rates and per cent of the expected for levels, lit by the warning rules."""
    behind = expected - actual
    if indicator.direction == Indicator.Direction.LOWER_IS_BETTER:
        behind = -behind
    if indicator.aggregation == Aggregation.SUM:
        behind = (behind / abs(expected) * 100).quantize(CENT) if expected else Decimal(0)
    colour = Colour.GREEN
    for rule in rules:
        if behind > 0 and behind >= rule.threshold:
            colour = min(colour, rule.colour, key=Colour.ORDER.__getitem__)
    return behind, colour


def tree_rows(nodes: list[TargetNode]) -> list[TargetNode]:
    """The tree flattened for tables and exports, each node after its parent."""
    rows = []
    for node in nodes:
        rows.extend(node.walk())
    return rows

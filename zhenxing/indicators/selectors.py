"""Reads of the results side: the region × period table, a value's history, and the operation
analysis of one indicator in one region (trend, target trajectory, last year, ranking, the
national figure, warnings and a drafted paragraph)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from zhenxing.indicators.models import (
    AnalysisNote,
    Indicator,
    Observation,
    Target,
    WarningRule,
)
from zhenxing.indicators.periods import period_caption, same_period_last_year
from zhenxing.lib.colours import Colour
from zhenxing.lib.i18n import in_chinese
from zhenxing.orgs.models import Region

SEVERITY = {Colour.GREEN: 0, Colour.YELLOW: 1, Colour.RED: 2}


def current_observations(indicator: Indicator):
    return Observation.objects.filter(indicator=indicator, is_current=True)


@dataclass
class Matrix:
    periods: list[str]
    rows: list[tuple[str, str, list]]  # (region code or "", region name, cells by period)


def observation_matrix(
    indicator: Indicator, *, first_year: int, last_year: int, level: str = ""
) -> Matrix:
    """Current values by region (rows, the country first) and period (columns) over the years."""
    observations = current_observations(indicator).filter(
        period_end__gte=datetime.date(first_year, 1, 1),
        period_end__lte=datetime.date(last_year, 12, 31),
    )
    if level:
        observations = observations.filter(Q(region__level=level) | Q(region__isnull=True))
    values = list(
        observations.values_list("region_id", "period", "period_end", "value", "vintage", "pk")
    )
    periods = sorted({(end, period) for _r, period, end, _v, _g, _p in values})
    labels = [period for _end, period in periods]
    column = {label: index for index, label in enumerate(labels)}
    cells: dict[int | None, list] = {}
    for region_id, period, _end, value, vintage, pk in values:
        row = cells.setdefault(region_id, [None] * len(labels))
        row[column[period]] = {"value": plain(value), "vintage": vintage, "pk": pk}
    regions = {r.pk: r for r in Region.objects.filter(pk__in=[k for k in cells if k])}
    ordered = sorted(cells, key=lambda key: "" if key is None else regions[key].code)
    rows = [
        ("", "全国", cells[key])
        if key is None
        else (regions[key].code, regions[key].name, cells[key])
        for key in ordered
    ]
    return Matrix(labels, rows)


def observation_history(observation: Observation):
    """Every vintage of the same indicator, region and period, newest first."""
    return (
        Observation.objects.filter(
            indicator=observation.indicator_id,
            region=observation.region_id,
            period=observation.period,
        )
        .select_related("recorded_by")
        .order_by("-recorded_at", "-pk")
    )


@dataclass
class Warning:
    colour: str
    rule: str
    message: str


@dataclass
class Analysis:
    indicator: Indicator
    region: Region | None
    year: int
    periods: list[str] = field(default_factory=list)
    values: list[Decimal | None] = field(default_factory=list)
    last_year: list[Decimal | None] = field(default_factory=list)
    national: list[Decimal | None] = field(default_factory=list)
    trajectory: list[Decimal | None] = field(default_factory=list)
    target: Target | None = None
    ranking: list[tuple[str, str, Decimal]] = field(default_factory=list)
    rank: int | None = None
    warnings: list[Warning] = field(default_factory=list)
    colour: str = Colour.GREEN
    paragraph: str = ""
    note: AnalysisNote | None = None

    @property
    def latest_period(self) -> str | None:
        filled = [p for p, v in zip(self.periods, self.values, strict=True) if v is not None]
        return filled[-1] if filled else None

    def rows(self) -> list[dict]:
        """One row per period for the page's table."""

        def at(items, index):
            return items[index] if index < len(items) else None

        return [
            {
                "period": period,
                "value": plain(at(self.values, index)),
                "last_year": plain(at(self.last_year, index)),
                "national": plain(at(self.national, index)),
                "expected": plain(at(self.trajectory, index)),
            }
            for index, period in enumerate(self.periods)
        ]

    def chart(self) -> dict:
        """What the page's chart script draws (numbers as floats, missing as null)."""

        def numbers(items):
            return [None if item is None else float(item) for item in items]

        return {
            "periods": self.periods,
            "values": numbers(self.values),
            "last_year": numbers(self.last_year),
            "national": numbers(self.national),
            "trajectory": numbers(self.trajectory),
            "unit": self.indicator.unit,
        }


def _series(
    indicator: Indicator, region, year: int, until: datetime.date | None = None
) -> dict[str, Decimal]:
    """The year's current values in the region keyed by period (ending by `until` if given);
    for year-to-date indicators only the periods that start in January (1—3月, 1—6月, …),
    which compare with each other."""
    observations = current_observations(indicator).filter(region=region, period_end__year=year)
    if until is not None:
        observations = observations.filter(period_end__lte=until)
    if indicator.frequency == Indicator.Frequency.CUMULATIVE:
        observations = observations.filter(period_start=datetime.date(year, 1, 1))
    return {
        period: value
        for period, value in observations.order_by("period_end").values_list("period", "value")
    }


def operation_analysis(
    indicator: Indicator, region: Region | None, year: int, until: datetime.date | None = None
) -> Analysis:
    """The analysis of the year's values (those of periods ending by `until`, if given)."""
    analysis = Analysis(indicator, region, year)
    current = _series(indicator, region, year, until)
    previous = _series(indicator, region, year - 1)
    national = _series(indicator, None, year, until) if region else {}
    analysis.periods = list(current)
    analysis.values = list(current.values())
    analysis.last_year = [previous.get(same_period_last_year(p)) for p in current]
    analysis.national = [national.get(p) for p in current]
    analysis.target = (
        Target.objects.filter(indicator=indicator, region=region, year=year)
        .prefetch_related("milestones")
        .first()
    )
    if analysis.target:
        analysis.trajectory = [_expected(analysis.target, p) for p in current]
    latest = analysis.latest_period
    if latest:
        analysis.ranking = _ranking(indicator, region, latest)
        analysis.rank = _rank_of(analysis.ranking, region, indicator)
    analysis.warnings = evaluate_warnings(analysis)
    if analysis.warnings:
        analysis.colour = max((w.colour for w in analysis.warnings), key=SEVERITY.get)
    analysis.paragraph = draft_paragraph(analysis)
    if latest:
        analysis.note = AnalysisNote.objects.filter(
            indicator=indicator, region=region, period=latest
        ).first()
    return analysis


def _expected(target: Target, period: str) -> Decimal | None:
    milestone = target.milestone_for(period)
    if milestone is not None:
        return milestone
    if target.indicator.measure in (Indicator.Measure.GROWTH, Indicator.Measure.SHARE):
        return target.value  # a growth target holds for every year-to-date period
    return None


def _ranking(indicator: Indicator, region: Region | None, period: str):
    """(code, name, value) of the regions at the same level with a value for the period, best first."""
    level = region.level if region else Region.Level.PROVINCE
    rows = list(
        current_observations(indicator)
        .filter(period=period, region__level=level)
        .values_list("region__code", "region__name", "value")
    )
    reverse = indicator.direction == Indicator.Direction.HIGHER_IS_BETTER
    return sorted(rows, key=lambda row: row[2], reverse=reverse)


def _rank_of(ranking, region: Region | None, indicator: Indicator) -> int | None:
    """Competition ranking: one more than the regions strictly better (ties share a place)."""
    mine = [value for code, _name, value in ranking if region and code == region.code]
    if not mine:
        return None
    higher = indicator.direction == Indicator.Direction.HIGHER_IS_BETTER
    return 1 + sum(
        1 for *_rest, value in ranking if (value > mine[0] if higher else value < mine[0])
    )


def plain(value: Decimal | None) -> str:
    """A stored value as written, without the trailing zeros of four decimal places."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text


def _gaps_below(analysis: Analysis) -> list[tuple[str, Decimal]]:
    sign = 1 if analysis.indicator.direction == Indicator.Direction.HIGHER_IS_BETTER else -1
    return [
        (period, sign * (expected - value))
        for period, value, expected in zip(
            analysis.periods, analysis.values, analysis.trajectory, strict=False
        )
        if value is not None and expected is not None
    ]


def evaluate_warnings(analysis: Analysis) -> list[Warning]:
    """Apply the active warning rules for this indicator to the analysed series."""
    rules = WarningRule.objects.filter(is_active=True).filter(
        Q(indicator=analysis.indicator) | Q(indicator__isnull=True)
    )
    values = [v for v in analysis.values if v is not None]
    higher = analysis.indicator.direction == Indicator.Direction.HIGHER_IS_BETTER
    unit = "个百分点" if analysis.indicator.unit == "%" else analysis.indicator.unit
    warnings = []
    for rule in rules:
        if rule.kind == WarningRule.Kind.BELOW_TRAJECTORY:
            gaps = _gaps_below(analysis)
            if gaps and gaps[-1][1] >= rule.threshold and gaps[-1][1] > 0:
                warnings.append(
                    Warning(rule.colour, rule.name, f"低于目标进度{gaps[-1][1]:g}{unit}")
                )
        elif rule.kind == WarningRule.Kind.CONSECUTIVE_DECLINE:
            periods = int(rule.threshold) or 2
            tail = values[-(periods + 1) :]
            if len(tail) == periods + 1 and all(
                (b < a) if higher else (b > a) for a, b in zip(tail, tail[1:], strict=False)
            ):
                warnings.append(Warning(rule.colour, rule.name, f"连续{periods}期走低"))
        elif rule.kind == WarningRule.Kind.NATIONAL_GAP_WIDENING:
            pairs = [
                (v, n)
                for v, n in zip(analysis.values, analysis.national, strict=False)
                if v is not None and n is not None
            ]
            if len(pairs) >= 2:
                before = pairs[-2][1] - pairs[-2][0]
                now = pairs[-1][1] - pairs[-1][0]
                if not higher:
                    before, now = -before, -now
                if now > 0 and now - before >= rule.threshold:
                    warnings.append(
                        Warning(rule.colour, rule.name, f"与全国差距扩大{now - before:g}{unit}")
                    )
    return warnings


def _number(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


@in_chinese
def draft_paragraph(analysis: Analysis) -> str:
    """One paragraph from the figures, in the style of an operation analysis, for editing."""
    latest = analysis.latest_period
    if not latest:
        return ""
    indicator = analysis.indicator
    index = analysis.periods.index(latest)
    value = analysis.values[index]
    place = analysis.region.name if analysis.region else "全国"
    growth = indicator.measure == Indicator.Measure.GROWTH
    if growth:
        verb = "增长" if value >= 0 else "下降"
        subject = indicator.name.removesuffix("增速")
        parts = [f"{period_caption(latest)}，{place}{subject}同比{verb}{_number(abs(value))}%"]
    else:
        parts = [
            f"{period_caption(latest)}，{place}{indicator.name}{_number(value)}{indicator.unit}"
        ]
        last = analysis.last_year[index]
        if last:
            change = (value - last) / abs(last) * 100
            parts.append(f"比上年同期{'增长' if change >= 0 else '下降'}{abs(change):.1f}%")
    national = analysis.national[index] if analysis.national else None
    if growth and national is not None and analysis.region:
        gap = value - national
        if gap == 0:
            parts.append("与全国持平")
        else:
            parts.append(f"{'高于' if gap > 0 else '低于'}全国{_number(abs(gap))}个百分点")
    if growth and index > 0 and analysis.values[index - 1] is not None:
        before = analysis.values[index - 1]
        if before != value:
            parts.append(
                f"比{period_caption(analysis.periods[index - 1]).removeprefix(str(analysis.year) + '年')}"
                f"{'加快' if value > before else '回落'}{_number(abs(value - before))}个百分点"
            )
    expected = analysis.trajectory[index] if analysis.trajectory else None
    if expected is not None and analysis.target:
        target_text = f"{_number(analysis.target.value)}{indicator.unit}{analysis.target.get_comparison_display()}"
        gap = value - expected
        if growth:
            if gap >= 0:
                parts.append(f"达到年度目标（{target_text}）进度要求")
            else:
                parts.append(f"低于年度目标（{target_text}）{_number(abs(gap))}个百分点")
        else:
            parts.append(f"完成进度目标的{value / expected * 100:.1f}%")
    if analysis.rank and len(analysis.ranking) > 1:
        tied = sum(1 for *_rest, other in analysis.ranking if other == value) > 1
        place = f"{'并列' if tied else '居'}第{analysis.rank}位"
        parts.append(f"在{len(analysis.ranking)}个有数据的地区中{place}")
    paragraph = "，".join(parts) + "。"
    if analysis.warnings:
        paragraph += "需关注：" + "；".join(w.message for w in analysis.warnings) + "。"
    return paragraph


def active_indicators(codes) -> list[Indicator]:
    """The active indicators of these codes, in the order of the codes."""
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes, is_active=True)}
    return [by_code[code] for code in codes if code in by_code]


def provinces_with_values(
    indicators: list[Indicator], *, year: int, period_end: datetime.date
) -> list[Region]:
    """Provinces, by code, with a current value of any of the indicators in `year` up to
    `period_end`."""
    return list(
        Region.objects.filter(
            level=Region.Level.PROVINCE,
            observations__indicator__in=indicators,
            observations__is_current=True,
            observations__period_end__year=year,
            observations__period_end__lte=period_end,
        )
        .distinct()
        .order_by("code")
    )

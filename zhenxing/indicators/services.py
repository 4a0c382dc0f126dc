"""Writes of the results side: the shipped catalogue, observations (never overwritten: a revision
is a new row), targets and their trajectory, targets proposed from texts, analysis notes."""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from zhenxing.indicators.models import (
    AnalysisNote,
    Indicator,
    Observation,
    Target,
    TargetMilestone,
    WarningRule,
)
from zhenxing.indicators.periods import observation_period

CATALOGUE = Path(__file__).resolve().parent / "data" / "catalogue.json"


@transaction.atomic
def catalogue_load_shipped() -> int:
    """Create the shipped indicators and warning rules that are missing; edits are kept.
    Returns how many indicators were added."""
    data = json.loads(CATALOGUE.read_text("utf-8"))
    added = 0
    for position, values in enumerate(data["indicators"], start=1):
        _indicator, created = Indicator.objects.get_or_create(
            code=values["code"],
            defaults={**{k: v for k, v in values.items() if k != "code"}, "position": position},
        )
        added += created
    if not WarningRule.objects.exists():
        for rule in data["warning_rules"]:
            WarningRule.objects.create(**rule)
    return added


@dataclass
class Recorded:
    """What recording one value did: created a first value, a revision, or nothing new."""

    observation: Observation
    outcome: str  # "created", "revised" or "unchanged"


def observation_record(
    *,
    indicator: Indicator,
    region,
    period: str,
    value: Decimal,
    vintage: str = Observation.Vintage.PRELIMINARY,
    source_kind: str = Observation.SourceKind.MANUAL,
    source_reference: str = "",
    source_url: str = "",
    source_sentence: str = "",
    note: str = "",
    user=None,
) -> Recorded:
    """Record a value. The same value and vintage as the current one changes nothing; anything
    else becomes the new current value and the old one stays as its history."""
    label, start, end = observation_period(period)
    value = Decimal(value).quantize(Decimal("0.0001"))
    with transaction.atomic():
        # ordered by the key alone: the model's ordering joins the (nullable) region, and
        # PostgreSQL locks no row on the nullable side of an outer join
        current = (
            Observation.objects.select_for_update()
            .filter(indicator=indicator, region=region, period=label, is_current=True)
            .order_by("pk")
            .first()
        )
        if current and current.value == value and current.vintage == vintage:
            return Recorded(current, "unchanged")
        if current:
            current.is_current = False
            current.save(update_fields=["is_current"])
        observation = Observation(
            indicator=indicator,
            region=region,
            period=label,
            period_start=start,
            period_end=end,
            value=value,
            vintage=vintage,
            source_kind=source_kind,
            source_reference=source_reference[:300],
            source_url=source_url[:500],
            source_sentence=source_sentence,
            note=note[:300],
            recorded_by=user,
        )
        observation.full_clean()
        observation.save()
    return Recorded(observation, "revised" if current else "created")


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    region,
    year: int,
    value: Decimal,
    comparison: str = Target.Comparison.AT_LEAST,
    milestones: dict[str, Decimal] | None = None,
    status: str = Target.Status.CONFIRMED,
    source_task=None,
    source_text: str = "",
) -> Target:
    """Create or change the annual target and replace its trajectory (period → expected value)."""
    target, _created = Target.objects.update_or_create(
        indicator=indicator,
        region=region,
        year=year,
        defaults={
            "value": value,
            "comparison": comparison,
            "status": status,
            "source_task": source_task,
            "source_text": source_text[:500],
        },
    )
    if milestones is not None:
        target.milestones.all().delete()
        for period, expected in sorted(milestones.items()):
            label, start, _end = observation_period(period)
            if start.year != year:
                raise ValueError(f"进度期间 {label} 不在 {year} 年内。")
            TargetMilestone.objects.create(target=target, period=label, value=expected)
    return target


def target_confirm(*, target: Target) -> Target:
    """A proposed target (read from a plan) becomes a confirmed one."""
    target.status = Target.Status.CONFIRMED
    target.save(update_fields=["status"])
    return target


@dataclass
class Proposal:
    indicator: Indicator
    value: Decimal
    comparison: str
    sentence: str
    task: object = None


@dataclass
class Proposals:
    created: list[Target] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def target_proposals_from_text(text: str, indicators) -> list[Proposal]:
    """Targets a text states, such as 地区生产总值增长6%以上 or 增长11%左右: a percentage in a
    sentence that names a growth indicator (by its name or keywords)."""
    from zhenxing.indicators.figures import extract_figures

    growth = [indicator for indicator in indicators if indicator.measure == "growth"]
    proposals = []
    for figure in extract_figures(text):
        if figure.unit != "percent":
            continue
        window = text[max(0, figure.start - 40) : figure.start]
        best = None
        for indicator in growth:
            for word in indicator.keyword_list():
                base = word.removesuffix("增速").removesuffix("增长")
                position = window.rfind(base) if base else -1
                if position >= 0 and (best is None or position > best[0]):
                    best = (position, indicator)
        if best is None:
            continue
        after = text[figure.end : figure.end + 4]
        quantity = figure.quantity + after
        comparison = Target.Comparison.AT_LEAST
        if "左右" in quantity or "约" in quantity:
            comparison = Target.Comparison.ABOUT
        elif "以内" in quantity or "以下" in quantity:
            comparison = Target.Comparison.AT_MOST
        proposals.append(Proposal(best[1], Decimal(str(figure.value)), comparison, figure.sentence))
    return proposals


@transaction.atomic
def targets_propose_from_plan(*, plan, region, year: int) -> Proposals:
    """Read each task of a division plan for targets and propose them for confirmation; a
    target already held for that indicator, region and year is left alone."""
    indicators = list(Indicator.objects.filter(is_active=True))
    result = Proposals()
    for task in plan.tasks.all():
        text = f"{task.title}。{task.description}"
        for proposal in target_proposals_from_text(text, indicators):
            exists = Target.objects.filter(
                indicator=proposal.indicator, region=region, year=year
            ).exists()
            if exists:
                result.skipped.append(proposal.sentence)
                continue
            result.created.append(
                target_set(
                    indicator=proposal.indicator,
                    region=region,
                    year=year,
                    value=proposal.value,
                    comparison=proposal.comparison,
                    status=Target.Status.PROPOSED,
                    source_task=task,
                    source_text=proposal.sentence,
                )
            )
    return result


def analysis_note_save(
    *, indicator: Indicator, region, period: str, text: str, user
) -> AnalysisNote:
    """Keep the edited analysis paragraph for the report."""
    note, _created = AnalysisNote.objects.update_or_create(
        indicator=indicator,
        region=region,
        period=period,
        defaults={"text": text.strip(), "edited_by": user},
    )
    return note


def indicator_labels() -> list[str]:
    """How a unit names a catalogue indicator in its report: 地区生产总值增速（%）."""
    return [
        f"{indicator.name}（{indicator.unit}）"
        for indicator in Indicator.objects.filter(is_active=True)
    ]


def _reported_indicator(label: str, indicators: dict[str, Indicator]) -> Indicator | None:
    """The indicator a figure's label names: its code, its name, or its name with the unit."""
    key = label.strip().replace("(", "（").replace(")", "）")
    name = key.split("（", 1)[0].strip()
    return indicators.get(key) or indicators.get(name)


def _reported_value(text: str) -> Decimal | None:
    """A figure as units type it (5.3、5.3%、1,234.5、约5.3) or None if it is no number."""
    cleaned = (
        text.strip()
        .replace(",", "")
        .replace("，", "")
        .removesuffix("%")
        .removesuffix("％")
        .removeprefix("约")
        .strip()
    )
    try:
        return Decimal(cleaned)
    except ArithmeticError:
        return None


def _reported_period(indicator: Indicator, first_day, last_day, label: str) -> str:
    """A year-to-date indicator reported in a round covers January to the period's end (1—9月
    in the third quarter's round); other indicators cover the round's period as it is."""
    if indicator.frequency == Indicator.Frequency.CUMULATIVE and (
        first_day.month,
        last_day.month,
    ) != (1, 12):
        return f"{last_day.year}-01/{last_day.year}-{last_day.month:02d}"
    return label


def observations_from_report(
    *, figures: dict[str, str], region, period_label: str, source_reference: str, user
) -> list[Recorded]:
    """Accepted report figures that name catalogue indicators become observations of the
    unit's region (none: national) for the round's period; other figures stay in the report."""
    from zhenxing.lib.periods import parse_period

    catalogue = {}
    for indicator in Indicator.objects.filter(is_active=True):
        for key in (indicator.code, indicator.name, f"{indicator.name}（{indicator.unit}）"):
            catalogue[key] = indicator
    try:
        _kind, first_day, last_day = parse_period(period_label)
    except ValueError:  # an ad hoc round names no period an observation could hold
        return []
    recorded = []
    for label, text in figures.items():
        indicator = _reported_indicator(label, catalogue)
        value = _reported_value(text) if indicator else None
        if value is None:
            continue
        recorded.append(
            observation_record(
                indicator=indicator,
                region=region,
                period=_reported_period(indicator, first_day, last_day, period_label),
                value=value,
                source_kind=Observation.SourceKind.UNIT_REPORT,
                source_reference=source_reference,
                source_sentence=f"{label}：{text}",
                user=user,
            )
        )
    return recorded


# How texts and tables name the whole country (compared case-folded).
NATIONAL_NAMES = {"全国", "全国合计", "全国总计", "中国", "china", "national"}
# Units that differ by a factor only: a value in one is converted to another by their ratio.
UNIT_FACTORS = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "美元": Decimal(1),
    "万美元": Decimal(10_000),
    "亿美元": Decimal(100_000_000),
    "人": Decimal(1),
    "万人": Decimal(10_000),
}
# A figure's base unit (figures extraction) → the catalogue units it converts to.
FIGURE_UNITS = {"CNY": {"元", "万元", "亿元"}, "USD": {"美元", "万美元", "亿美元"}}


def observation_from_figure(
    *,
    indicator: Indicator,
    value: Decimal,
    unit: str,
    region_name: str,
    period: str,
    sentence: str,
    quantity: str,
    source_url: str = "",
    user=None,
) -> Recorded:
    """Record a figure read from a text (figures extraction) as an observation of `indicator`,
    converted from base units to the indicator's unit, with its sentence as provenance."""
    from django.core.exceptions import ValidationError

    from zhenxing.orgs.models import Region

    if region_name.lower() in NATIONAL_NAMES:
        region = None
    else:
        region = Region.objects.filter(name=region_name).first()
        if region is None:
            raise ValidationError(
                f"数据所属地区“{region_name or '未识别'}”不在行政区划表中，请手工录入。"
            )
    if not period:
        raise ValidationError("未识别出数据所属期间，请手工录入。")
    if indicator.unit in FIGURE_UNITS.get(unit, ()):
        converted = Decimal(value) / UNIT_FACTORS[indicator.unit]
    elif unit == "percent" and indicator.unit == "%":
        converted = Decimal(value)
    elif unit not in (*FIGURE_UNITS, "percent", "percentage_points") and (
        indicator.measure == Indicator.Measure.COUNT
    ):
        converted = Decimal(value)  # a count: 224个项目, 1,234户
    else:
        raise ValidationError(
            f"该数据的单位（{unit}）与指标“{indicator.name}”的计量单位（{indicator.unit}）不符。"
        )
    return observation_record(
        indicator=indicator,
        region=region,
        period=period,
        value=converted,
        source_kind=Observation.SourceKind.TEXT,
        source_reference=quantity,
        source_url=source_url,
        source_sentence=sentence,
        user=user,
    )

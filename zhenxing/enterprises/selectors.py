"""Reads for key enterprises: the monthly figures with year-on-year growth and the reporting
state of each month (on time, late, missing, not yet due), exports and report figures."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from zhenxing.enterprises.models import (
    BenefitGrant,
    BenefitPolicy,
    Difficulty,
    Enterprise,
    MonthlyFigure,
)
from zhenxing.lib.colours import Colour

# A month's figures are due by this day of the following month.
REPORT_DAY = 10
MEASURES = ("output_value", "revenue", "orders", "employment")


def month_add(month: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after `month`'s (before, when negative)."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def report_due_date(month: datetime.date) -> datetime.date:
    return month_add(month, 1).replace(day=REPORT_DAY)


def growth(current, previous) -> Decimal | None:
    """Year-on-year growth in per cent, one decimal; None without a comparable base."""
    if current is None or previous in (None, 0):
        return None
    return (Decimal(current - previous) * 100 / Decimal(previous)).quantize(Decimal("0.1"))


class ReportState:
    """How a month's figures stand against their due date."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"
    LABELS = {
        ON_TIME: _("按时报送"),
        LATE: _("逾期报送"),
        MISSING: _("逾期未报"),
        NOT_DUE: _("未到期"),
    }
    COLOURS = {ON_TIME: Colour.GREEN, LATE: Colour.YELLOW, MISSING: Colour.RED, NOT_DUE: "grey"}


@dataclass
class MonthRow:
    month: datetime.date
    figure: MonthlyFigure | None
    state: str
    growth: dict = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple]:
        """(measure, value or None, year-on-year growth or None) for each measure."""
        return [
            (
                measure,
                getattr(self.figure, measure) if self.figure else None,
                self.growth.get(measure),
            )
            for measure in MEASURES
        ]

    @property
    def state_label(self) -> str:
        return ReportState.LABELS[self.state]

    @property
    def state_colour(self) -> str:
        return ReportState.COLOURS[self.state]


def month_state(month: datetime.date, figure: MonthlyFigure | None, today: datetime.date) -> str:
    due = report_due_date(month)
    if figure is None:
        return ReportState.MISSING if due < today else ReportState.NOT_DUE
    return ReportState.ON_TIME if figure.reported_at.date() <= due else ReportState.LATE


def recent_months(today: datetime.date, count: int = 12) -> list[datetime.date]:
    """The `count` months up to last month, oldest first (this month's figures are not due)."""
    last = month_add(today.replace(day=1), -1)
    return [month_add(last, -offset) for offset in range(count - 1, -1, -1)]


def enterprise_months(
    enterprise: Enterprise, *, today: datetime.date, count: int = 12
) -> list[MonthRow]:
    """The enterprise's last `count` months: figures, reporting state and growth on the same
    month a year before, for every measure."""
    months = recent_months(today, count)
    figures = {
        figure.month: figure
        for figure in enterprise.figures.filter(
            month__gte=month_add(months[0], -12), month__lte=months[-1]
        )
    }
    rows = []
    for month in months:
        figure, base = figures.get(month), figures.get(month_add(month, -12))
        rates = {
            measure: growth(
                getattr(figure, measure) if figure else None,
                getattr(base, measure) if base else None,
            )
            for measure in MEASURES
        }
        rows.append(MonthRow(month, figure, month_state(month, figure, today), rates))
    return rows


def chart_series(rows: list[MonthRow]) -> list[dict]:
    """The figures as the enterprise page's chart reads them (JSON-ready)."""
    return [
        {
            "month": f"{row.month:%Y-%m}",
            "output_value": float(row.figure.output_value) if row.figure else None,
            "revenue": float(row.figure.revenue) if row.figure else None,
            "growth": float(row.growth["output_value"])
            if row.growth["output_value"] is not None
            else None,
        }
        for row in rows
    ]


def missing_months(enterprises: QuerySet[Enterprise], *, today: datetime.date) -> dict[int, int]:
    """Per enterprise, how many of the last 12 months' figures are past due and not reported."""
    months = [m for m in recent_months(today) if report_due_date(m) < today]
    if not months:
        return {}
    reported = dict(
        MonthlyFigure.objects.filter(enterprise__in=enterprises, month__in=months)
        .values("enterprise")
        .annotate(count=Count("id"))
        .values_list("enterprise", "count")
    )
    return {
        pk: len(months) - reported.get(pk, 0) for pk in enterprises.values_list("pk", flat=True)
    }


def figures_for_year(enterprises: QuerySet[Enterprise], year: int) -> QuerySet[MonthlyFigure]:
    return (
        MonthlyFigure.objects.filter(enterprise__in=enterprises, month__year=year)
        .select_related("enterprise")
        .order_by("enterprise__name", "enterprise_id", "month")
    )


def difficulty_counts(difficulties: QuerySet[Difficulty], *, today: datetime.date) -> dict:
    return difficulties.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=Difficulty.OPEN_STATUSES)),
        late=Count("id", filter=Q(status=Difficulty.Status.ROUTED, due_date__lt=today)),
        escalated=Count("id", filter=Q(status=Difficulty.Status.ESCALATED)),
        closed=Count("id", filter=Q(status=Difficulty.Status.CLOSED)),
    )


@dataclass
class PeriodActivity:
    enterprise_count: int
    totals: dict
    previous_totals: dict
    difficulties: list[Difficulty]


def period_activity(
    *, period_start: datetime.date, period_end: datetime.date, mechanism
) -> PeriodActivity:
    """The report's figures: enterprises, summed figures of the period's months against the
    same months a year before, and the difficulties taken in during the period."""
    enterprises = Enterprise.objects.all()
    if mechanism is not None:
        enterprises = enterprises.filter(mechanism=mechanism)
    figures = MonthlyFigure.objects.filter(enterprise__in=enterprises)
    sums = {measure: Sum(measure) for measure in MEASURES}
    start = period_start.replace(day=1)
    totals = figures.filter(month__gte=start, month__lte=period_end).aggregate(**sums)
    previous_totals = figures.filter(
        month__gte=month_add(start, -12), month__lte=month_add(period_end.replace(day=1), -12)
    ).aggregate(**sums)
    difficulties = list(
        Difficulty.objects.filter(
            enterprise__in=enterprises,
            received_at__date__gte=period_start,
            received_at__date__lte=period_end,
        ).select_related("enterprise", "responsible_unit")
    )
    return PeriodActivity(enterprises.count(), totals, previous_totals, difficulties)


# --- 免申即享 ------------------------------------------------------------------------------------
Granted = BenefitGrant.Status


def policies_with_funnel(policies: QuerySet[BenefitPolicy]) -> QuerySet[BenefitPolicy]:
    """Each policy with its funnel: enterprises identified, notified (or further), granted,
    declined, and the money granted (yuan)."""
    return policies.select_related("issuing_unit", "region").annotate(
        identified=Count("grants"),
        notified=Count("grants", filter=Q(grants__status__in=(Granted.NOTIFIED, Granted.GRANTED))),
        granted=Count("grants", filter=Q(grants__status=Granted.GRANTED)),
        declined=Count("grants", filter=Q(grants__status=Granted.DECLINED)),
        money_granted=Sum("grants__amount", filter=Q(grants__status=Granted.GRANTED)),
    )


def funnel_steps(policy) -> list[tuple[str, int]]:
    """The funnel's steps of an annotated policy, for the page and the export."""
    return [
        (Granted.IDENTIFIED.label, policy.identified),
        (Granted.NOTIFIED.label, policy.notified),
        (Granted.GRANTED.label, policy.granted),
    ]


def eligible_enterprises(
    policy: BenefitPolicy, enterprises: QuerySet[Enterprise]
) -> QuerySet[Enterprise]:
    """Enterprises of the policy's mechanism that meet its simple criteria (region, including
    the regions below it; industry; size) and are not listed yet."""
    proposed = enterprises.filter(mechanism=policy.mechanism_id).exclude(
        benefit_grants__policy=policy
    )
    if policy.region_id:
        proposed = proposed.filter(
            Q(region=policy.region_id)
            | Q(region__parent=policy.region_id)
            | Q(region__parent__parent=policy.region_id)
        )
    if policy.industries:
        proposed = proposed.filter(industry__in=policy.industries)
    if policy.sizes:
        proposed = proposed.filter(size__in=policy.sizes)
    return proposed


def benefits_in_period(*, period_start: datetime.date, period_end: datetime.date, mechanism):
    """The report's 免申即享 lines: policies announced by the period's end, with their funnel
    and what was granted within the period."""
    policies = BenefitPolicy.objects.filter(announced_on__lte=period_end)
    if mechanism is not None:
        policies = policies.filter(mechanism=mechanism)
    in_period = Q(
        grants__status=Granted.GRANTED,
        grants__granted_on__gte=period_start,
        grants__granted_on__lte=period_end,
    )
    policies = policies_with_funnel(policies).annotate(
        granted_in_period=Count("grants", filter=in_period),
        money_in_period=Sum("grants__amount", filter=in_period),
    )
    return list(policies.order_by("announced_on", "pk"))

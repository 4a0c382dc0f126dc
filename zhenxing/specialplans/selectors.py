"""Reads of special plans: the filtered list, each kind's figures (relocation sites with their
running totals, compensation agreements with what was due and paid, reconstruction projects
with their progress), a one-line headline per plan and the report's rows.

Reconstruction progress: the share complete the responsible unit reported; until it reports,
the project library's completed investment over total investment (the source is shown)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from zhenxing.indicators.models import Observation
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs.selectors import region_prefix
from zhenxing.programmes.selectors import region_codes_of_kind
from zhenxing.specialplans.models import (
    CompensationAgreement,
    ReconstructionProject,
    RelocationSite,
    SpecialPlan,
)

HUNDRED = Decimal(100)


def plans_filtered(
    queryset: QuerySet[SpecialPlan],
    *,
    kind: str = "",
    region_code: str = "",
    region_kind: str = "",
    status: str = "",
) -> QuerySet[SpecialPlan]:
    """Plans of a kind and status, touching a region (it or a region under it) and touching a
    region that carries a designation type (programmes: 资源枯竭城市, 革命老区, …)."""
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if region_code:
        queryset = queryset.filter(regions__code__startswith=region_prefix(region_code))
    if region_kind:
        queryset = queryset.filter(regions__code__in=region_codes_of_kind(region_kind))
    return queryset.distinct()


def in_force(queryset: QuerySet[SpecialPlan], year: int) -> QuerySet[SpecialPlan]:
    return queryset.exclude(status=SpecialPlan.Status.DRAFT).filter(
        first_year__lte=year, last_year__gte=year
    )


@dataclass
class SiteState:
    site: RelocationSite
    households_moved: int
    people_moved: int
    homes_built: int
    people_employed: int
    funds_spent: Decimal

    @property
    def share_moved(self) -> Decimal:
        return (
            Decimal(self.people_moved) / self.site.people_planned
            if self.site.people_planned
            else Decimal(0)
        )

    @property
    def employment_rate(self) -> Decimal:
        return (
            Decimal(self.people_employed) / self.people_moved if self.people_moved else Decimal(0)
        )


def site_states(plan: SpecialPlan, up_to_year: int | None = None) -> list[SiteState]:
    """Each relocation site with its figures summed over the years up to `up_to_year` (all)."""
    years = Q() if up_to_year is None else Q(figures__year__lte=up_to_year)
    sites = plan.sites.select_related("region").annotate(
        sum_households=Sum("figures__households_moved", filter=years),
        sum_people=Sum("figures__people_moved", filter=years),
        sum_homes=Sum("figures__homes_built", filter=years),
        sum_employed=Sum("figures__people_employed", filter=years),
        sum_funds=Sum("figures__funds_spent", filter=years),
    )
    return [
        SiteState(
            site=site,
            households_moved=site.sum_households or 0,
            people_moved=site.sum_people or 0,
            homes_built=site.sum_homes or 0,
            people_employed=site.sum_employed or 0,
            funds_spent=site.sum_funds or Decimal(0),
        )
        for site in sites
    ]


def relocation_totals(states: list[SiteState]) -> dict:
    totals = {
        "households_planned": sum(s.site.households_planned for s in states),
        "people_planned": sum(s.site.people_planned for s in states),
        "funds_planned": sum((s.site.funds_planned for s in states), Decimal(0)),
        "households_moved": sum(s.households_moved for s in states),
        "people_moved": sum(s.people_moved for s in states),
        "homes_built": sum(s.homes_built for s in states),
        "people_employed": sum(s.people_employed for s in states),
        "funds_spent": sum((s.funds_spent for s in states), Decimal(0)),
    }
    totals["share_moved"] = (
        Decimal(totals["people_moved"]) / totals["people_planned"]
        if totals["people_planned"]
        else Decimal(0)
    )
    totals["employment_rate"] = (
        Decimal(totals["people_employed"]) / totals["people_moved"]
        if totals["people_moved"]
        else Decimal(0)
    )
    return totals


@dataclass
class AgreementState:
    agreement: CompensationAgreement
    due: Decimal
    paid: Decimal

    @property
    def share_paid(self) -> Decimal:
        return self.paid / self.due if self.due else Decimal(0)

    @property
    def in_arrears(self) -> bool:
        return self.paid < self.due


def agreement_states(plan: SpecialPlan, year: int) -> list[AgreementState]:
    """Each agreement with what was due for its years up to `year` and what was paid for them."""
    states = []
    agreements = plan.agreements.select_related("payer_region", "receiver_region")
    for agreement in agreements.annotate(
        sum_paid=Sum("payments__amount", filter=Q(payments__year__lte=year))
    ):
        years_due = max(0, min(year, agreement.last_year) - agreement.first_year + 1)
        states.append(
            AgreementState(
                agreement=agreement,
                due=agreement.annual_amount * years_due,
                paid=agreement.sum_paid or Decimal(0),
            )
        )
    return states


@dataclass
class ReconstructionState:
    reconstruction: ReconstructionProject
    share_complete: Decimal
    from_library: bool


def reconstruction_states(plan: SpecialPlan) -> list[ReconstructionState]:
    states = []
    for row in plan.reconstruction_projects.select_related("project__region"):
        if row.share_complete is not None:
            share, from_library = row.share_complete, False
        else:
            project = row.project
            share = (
                (project.investment_completed_total / project.total_investment * HUNDRED).quantize(
                    Decimal("0.1")
                )
                if project.total_investment
                else Decimal(0)
            )
            share, from_library = min(share, HUNDRED), True
        states.append(ReconstructionState(row, share, from_library))
    return states


def average_progress(states: list[ReconstructionState]) -> Decimal:
    """The funds-weighted share complete of a plan's reconstruction projects."""
    funds = sum((s.reconstruction.funds for s in states), Decimal(0))
    if not funds:
        return Decimal(0)
    weighted = sum((s.reconstruction.funds * s.share_complete for s in states), Decimal(0))
    return (weighted / funds).quantize(Decimal("0.1"))


def allocated_funds(plan: SpecialPlan) -> Decimal:
    return plan.allocations.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def headline(plan: SpecialPlan, year: int) -> str:
    """The plan's progress in one line, by kind."""
    if plan.kind == SpecialPlan.Kind.RELOCATION:
        totals = relocation_totals(site_states(plan, year))
        return (
            f"{totals['people_moved']}/{totals['people_planned']}人"
            f"（{totals['share_moved'] * HUNDRED:.1f}%）"
        )
    if plan.kind == SpecialPlan.Kind.ECOLOGICAL_COMPENSATION:
        states = agreement_states(plan, year)
        due = sum((s.due for s in states), Decimal(0))
        paid = sum((s.paid for s in states), Decimal(0))
        return f"{paid / due * HUNDRED:.1f}%" if due else "—"
    return f"{average_progress(reconstruction_states(plan))}%"


def report_plans(*, mechanism, period_end: datetime.date) -> list[SpecialPlan]:
    """The mechanism's plans in force in the period's year (the report's part on special plans)."""
    plans = in_force(within_mechanism(SpecialPlan.objects.all(), mechanism), period_end.year)
    return list(plans.select_related("responsible_unit").prefetch_related("regions"))


def indicator_figures(plan: SpecialPlan) -> list[dict]:
    """Each linked indicator with its latest current observation in each of the plan's regions."""
    rows = []
    regions = list(plan.regions.order_by("code"))
    for indicator in plan.indicators.order_by("code"):
        for region in regions:
            latest = (
                Observation.objects.filter(indicator=indicator, region=region, is_current=True)
                .order_by("-period_end", "-pk")
                .first()
            )
            if latest is not None:
                rows.append({"indicator": indicator, "region": region, "observation": latest})
    return rows

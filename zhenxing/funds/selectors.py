"""Reads of central funds: allocations with their latest reported disbursement, the share of
the year elapsed, and the slow-disbursement rule.

The rule: an allocation is slow when the share of it disbursed lags the share of its year
elapsed by more than SLOW_MARGIN (ten percentage points). By 1 July half the year has gone,
so an allocation with under 40 % disbursed is slow; a past year counts as wholly elapsed, a
future year as not begun. An allocation with no report counts as nothing disbursed.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from zhenxing.funds.models import Allocation, Disbursement, FundProgramme
from zhenxing.mechanisms.scope import within_mechanism

SLOW_MARGIN = Decimal("0.10")


def year_elapsed(year: int, today: datetime.date) -> Decimal:
    """The share of `year` gone by the end of `today` (0 to 1)."""
    if today.year < year:
        return Decimal(0)
    if today.year > year:
        return Decimal(1)
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Decimal((today - start).days + 1) / Decimal((end - start).days + 1)


def with_disbursement(queryset: QuerySet[Allocation], as_of: datetime.date) -> QuerySet:
    """`queryset` annotated with `disbursed`: the latest cumulative figure reported by `as_of`
    (0 without a report)."""
    latest = (
        Disbursement.objects.filter(allocation=OuterRef("pk"), as_of__lte=as_of)
        .order_by("-as_of", "-pk")
        .values("disbursed")[:1]
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    return queryset.annotate(
        disbursed=Coalesce(Subquery(latest, output_field=money), Decimal(0), output_field=money)
    )


@dataclass
class AllocationState:
    allocation: Allocation
    disbursed: Decimal
    share_disbursed: Decimal
    share_elapsed: Decimal

    @property
    def slow(self) -> bool:
        return self.share_disbursed < self.share_elapsed - SLOW_MARGIN


def allocation_states(
    queryset: QuerySet[Allocation], today: datetime.date
) -> list[AllocationState]:
    rows = with_disbursement(
        queryset.select_related("programme", "region", "responsible_unit"), today
    )
    return [
        AllocationState(
            allocation=row,
            disbursed=row.disbursed,
            share_disbursed=row.disbursed / row.amount,
            share_elapsed=year_elapsed(row.year, today),
        )
        for row in rows
    ]


def totals_by_kind(states: list[AllocationState]) -> list[dict]:
    """Allocated and disbursed money per kind of programme, in the kinds' order."""
    rows = {
        kind: {
            "kind": kind,
            "label": label,
            "count": 0,
            "amount": Decimal(0),
            "disbursed": Decimal(0),
            "slow": 0,
        }
        for kind, label in FundProgramme.Kind.choices
    }
    for state in states:
        row = rows[state.allocation.programme.kind]
        row["count"] += 1
        row["amount"] += state.allocation.amount
        row["disbursed"] += state.disbursed
        row["slow"] += state.slow
    return [row for row in rows.values() if row["count"]]


def funded_total(queryset: QuerySet[Allocation]) -> Decimal:
    return queryset.aggregate(total=Sum("funded__amount"))["total"] or Decimal(0)


def years(queryset: QuerySet[Allocation]) -> list[int]:
    return sorted(set(queryset.values_list("year", flat=True)), reverse=True)


def report_states(*, mechanism, year: int, as_of: datetime.date) -> list[AllocationState]:
    """The allocations of `mechanism` for `year` with their disbursement reported by `as_of`
    (the report's part on central funds)."""
    return allocation_states(
        within_mechanism(Allocation.objects.filter(year=year), mechanism), as_of
    )

"""Reads of pairing cooperation: one dashboard row per pair (counts, investment, parks,
exchanges, the latest evaluation) and the totals, for the page, the chart and the export."""

from decimal import Decimal

from django.db.models import Count, Sum

from zhenxing.pairings.models import (
    AnnualEvaluation,
    CadreExchange,
    CooperationProject,
    JointPark,
    Pairing,
)

ZERO = Decimal(0)


def _by_pairing(queryset, **aggregates) -> dict:
    return {row.pop("pairing"): row for row in queryset.values("pairing").annotate(**aggregates)}


def dashboard_rows(pairings=None) -> list[dict]:
    """Per pair: cooperation projects and the partner's investment in them (yuan), parks with
    their enterprises and investment, cadres exchanged (all years), the latest evaluation."""
    pairings = list(
        (pairings if pairings is not None else Pairing.objects.all()).select_related(
            "northeast_region", "partner_region"
        )
    )
    ids = [pairing.pk for pairing in pairings]
    projects = _by_pairing(
        CooperationProject.objects.filter(pairing__in=ids),
        count=Count("id"),
        investment=Sum("partner_investment"),
    )
    parks = _by_pairing(
        JointPark.objects.filter(pairing__in=ids),
        count=Count("id"),
        enterprises=Sum("enterprises"),
        investment=Sum("investment"),
    )
    exchanges = _by_pairing(CadreExchange.objects.filter(pairing__in=ids), people=Sum("people"))
    latest = {}
    for evaluation in AnnualEvaluation.objects.filter(pairing__in=ids).order_by("year"):
        latest[evaluation.pairing_id] = evaluation
    rows = []
    for pairing in pairings:
        project, park = projects.get(pairing.pk, {}), parks.get(pairing.pk, {})
        rows.append(
            {
                "pairing": pairing,
                "projects": project.get("count", 0),
                "partner_investment": project.get("investment") or ZERO,
                "parks": park.get("count", 0),
                "park_enterprises": park.get("enterprises") or 0,
                "park_investment": park.get("investment") or ZERO,
                "exchanged_people": (exchanges.get(pairing.pk) or {}).get("people") or 0,
                "evaluation": latest.get(pairing.pk),
            }
        )
    return rows


def dashboard_totals(rows: list[dict]) -> dict:
    """The sums of the dashboard's columns over all pairs."""
    return {
        "projects": sum(row["projects"] for row in rows),
        "partner_investment": sum((row["partner_investment"] for row in rows), ZERO),
        "parks": sum(row["parks"] for row in rows),
        "park_enterprises": sum(row["park_enterprises"] for row in rows),
        "park_investment": sum((row["park_investment"] for row in rows), ZERO),
        "exchanged_people": sum(row["exchanged_people"] for row in rows),
    }

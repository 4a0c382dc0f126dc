"""Reads of pilots: those in force in a period, a pilot's linked figures (the latest current
value of each linked indicator in the pilot's region) and its latest evaluation."""

import datetime

from django.db.models import Q, QuerySet

from zhenxing.indicators.models import Observation
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.pilots.models import Pilot


def in_force(queryset: QuerySet[Pilot], year: int) -> QuerySet[Pilot]:
    return queryset.filter(Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year)


def pilot_figures(pilot: Pilot) -> list[dict]:
    """Each linked indicator with its latest current observation in the pilot's region."""
    rows = []
    for indicator in pilot.indicators.order_by("code"):
        latest = (
            Observation.objects.filter(indicator=indicator, region=pilot.region, is_current=True)
            .order_by("-period_end", "-pk")
            .first()
        )
        rows.append({"indicator": indicator, "observation": latest})
    return rows


def report_rows(*, mechanism, period_start: datetime.date, period_end: datetime.date) -> list[dict]:
    """The mechanism's pilots in force in the period's year, with their task, project counts
    and the evaluation of that year or the one before (the report's part on pilots)."""
    pilots = in_force(within_mechanism(Pilot.objects.all(), mechanism), period_end.year)
    rows = []
    for pilot in pilots.select_related("region").prefetch_related("evaluations"):
        evaluation = next(
            (
                e
                for e in pilot.evaluations.all()
                if e.year in (period_end.year, period_end.year - 1)
            ),
            None,
        )
        rows.append(
            {
                "pilot": pilot,
                "tasks": pilot.tasks.count(),
                "projects": pilot.projects.count(),
                "evaluation": evaluation,
            }
        )
    return rows

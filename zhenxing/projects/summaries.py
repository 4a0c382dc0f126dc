"""Keeping the summary tables equal to the live GROUP BY over projects.

The dashboards read `ProjectSummary` (prefecture × industry × stage) and `ProjectFundingSummary`
(prefecture × funding source): a few thousand rows instead of a million projects. Every write
path (services, import) calls `summary_refresh` inside its transaction with the prefectures it
touched; the cells of those prefectures are recomputed from the projects, so the tables never
drift (a delta could). With no prefectures given, everything is recomputed (large imports).
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from zhenxing.projects.models import (
    FUNDING_BITS,
    Project,
    ProjectFundingSummary,
    ProjectSummary,
)

MONEY_COLUMNS = (
    "total_investment",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
)
CELL = ("province_code", "prefecture_code", "industry", "stage")


def _scope(places: set[tuple[str, str]] | None) -> Q:
    """Projects (or summary rows) in the given (province, prefecture) places."""
    if places is None:
        return Q()
    prefectures = sorted({prefecture for _province, prefecture in places if prefecture})
    provinces = sorted({province for province, prefecture in places if not prefecture})
    condition = Q(pk__in=[])
    if prefectures:
        condition |= Q(prefecture_code__in=prefectures)
    if provinces:
        condition |= Q(prefecture_code="", province_code__in=provinces)
    return condition


def live_cells(scope: Q | None = None):
    """The live GROUP BY that the summary stands in for (also the benchmark's baseline)."""
    projects = Project.objects.filter(scope or Q()).order_by()
    return projects.values(*CELL).annotate(
        project_count=Count("id"),
        started_count=Count("id", filter=Q(actual_start__isnull=False)),
        **{
            column: Coalesce(Sum(column), 0, output_field=Project._meta.get_field(column))
            for column in MONEY_COLUMNS
        },
    )


def live_funding_cells(scope: Q | None = None) -> list[dict]:
    """Projects and investment per (province, prefecture, funding source): one scan grouped by
    the flag combination, then spread over the sources in Python (a few hundred groups)."""
    projects = Project.objects.filter(scope or Q()).order_by()
    rows = []
    annotated = projects.values("province_code", "prefecture_code", "funding_sources").annotate(
        project_count=Count("id"),
        total=Coalesce(
            Sum("total_investment"), 0, output_field=Project._meta.get_field("total_investment")
        ),
    )
    cells: dict[tuple[str, str, str], list] = {}
    for row in annotated:
        for source, bit in FUNDING_BITS.items():
            if row["funding_sources"] & bit:
                key = (row["province_code"], row["prefecture_code"], source.value)
                cell = cells.setdefault(key, [0, 0])
                cell[0] += row["project_count"]
                cell[1] += row["total"]
    for (province, prefecture, source), (count, total) in sorted(cells.items()):
        rows.append(
            {
                "province_code": province,
                "prefecture_code": prefecture,
                "funding_source": source,
                "project_count": count,
                "total_investment": total,
            }
        )
    return rows


def summary_refresh(places: set[tuple[str, str]] | None = None) -> None:
    """Recompute the summary cells of `places` ((province, prefecture) pairs; None: all).

    Call inside the transaction that changed the projects.
    """
    if places is not None and not places:
        return
    scope = _scope(places)
    ProjectSummary.objects.filter(scope).delete()
    ProjectSummary.objects.bulk_create(
        [ProjectSummary(**cell) for cell in live_cells(scope)], batch_size=2000
    )
    ProjectFundingSummary.objects.filter(scope).delete()
    ProjectFundingSummary.objects.bulk_create(
        [ProjectFundingSummary(**cell) for cell in live_funding_cells(scope)], batch_size=2000
    )


def place_of(project) -> tuple[str, str]:
    return (project.province_code, project.prefecture_code)


class ImportAggregates:
    """Summary contributions of checked import rows, added up in Python while they are written.

    When every imported project is new (a first import: the common large case), adding these
    to the summary tables gives the same cells as recomputing them, without a GROUP BY over
    the whole table.
    """

    def __init__(self) -> None:
        self.cells: dict[tuple, list] = {}
        self.funding: dict[tuple, list] = {}

    def add(self, rows: list[tuple]) -> None:
        # Positions in importing.rows.STAGING_COLUMNS.
        cells, funding = self.cells, self.funding
        for row in rows:
            key = (row[4], row[5], row[6], row[8])
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = [0, 0, 0.0, 0.0, 0.0, 0.0]
            cell[0] += 1
            if row[15] is not None:
                cell[1] += 1
            cell[2] += row[9]
            cell[3] += row[10]
            cell[4] += row[11]
            cell[5] += row[12]
            if row[13]:
                key = (row[4], row[5], row[13])
                cell = funding.get(key)
                if cell is None:
                    cell = funding[key] = [0, 0.0]
                cell[0] += 1
                cell[1] += row[9]

    def apply(self) -> None:
        """Add the contributions to the summary tables (one statement per table)."""
        from django.db import connection

        summary = ProjectSummary._meta.db_table
        money = ", ".join(MONEY_COLUMNS)
        added = ", ".join(
            f"{column} = {summary}.{column} + excluded.{column}"
            for column in ("project_count", "started_count", *MONEY_COLUMNS)
        )
        rows = [(*key, *values) for key, values in self.cells.items()]
        funding_rows = {}
        for (province, prefecture, flags), (count, total) in self.funding.items():
            for source, bit in FUNDING_BITS.items():
                if flags & bit:
                    cell = funding_rows.setdefault((province, prefecture, source.value), [0, 0.0])
                    cell[0] += count
                    cell[1] += total
        funding_table = ProjectFundingSummary._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {summary} (province_code, prefecture_code, industry, stage, "  # nosec B608  # table and money columns from our models; values bound
                f"project_count, started_count, {money}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (province_code, prefecture_code, industry, stage) "
                f"DO UPDATE SET {added}",
                [_rounded(row) for row in rows],
            )
            cursor.executemany(
                f"INSERT INTO {funding_table} (province_code, prefecture_code, funding_source, "  # nosec B608  # table name from our model; values bound
                "project_count, total_investment) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (province_code, prefecture_code, funding_source) DO UPDATE SET "
                f"project_count = {funding_table}.project_count + excluded.project_count, "
                f"total_investment = {funding_table}.total_investment + excluded.total_investment",
                [_rounded((*key, *values)) for key, values in funding_rows.items()],
            )


def _rounded(row: tuple) -> tuple:
    from decimal import Decimal

    return tuple(
        Decimal(repr(round(value, 2))) if isinstance(value, float) else value for value in row
    )

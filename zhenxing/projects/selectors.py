"""Reads for the project library: list filters, the dashboard (from the summary tables), the
signing funnel and a project's time series."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from zhenxing.lib.money import YI, in_unit
from zhenxing.orgs.access import is_unit_person
from zhenxing.orgs.models import Region, Unit
from zhenxing.programmes.models import Designation
from zhenxing.programmes.selectors import region_codes_of_kind
from zhenxing.projects import access
from zhenxing.projects.models import (
    FundingSource,
    Industry,
    Project,
    ProjectFundingSummary,
    ProjectSummary,
    SignedProject,
)
from zhenxing.projects.summaries import MONEY_COLUMNS, live_funding_cells

SORTS = {
    "code": "national_code",
    "-code": "-national_code",
    "investment": "total_investment",
    "-investment": "-total_investment",
    "completed": "investment_completed_this_year",
    "-completed": "-investment_completed_this_year",
    "updated": "updated_at",
    "-updated": "-updated_at",
    "name": "name",
}
NORTHEAST_PROVINCES = ("210000", "220000", "230000", "150000")


# What the project list's rows (page and API) are read from: their cached copies
# (zhenxing/operations/list_cache.py) last until one of these tables is written.
LIST_MODELS = (Project, Region, Unit, Designation)


def filter_projects(projects: QuerySet[Project], data: dict) -> QuerySet[Project]:
    """Apply the list page's filters (a ProjectFilterForm's cleaned data) and sort."""
    if data.get("q"):
        text = data["q"].strip()
        projects = projects.filter(
            Q(national_code__startswith=text) | Q(name__contains=text) | Q(owner__contains=text)
        )
    if data.get("region"):
        projects = projects.within_region(data["region"])
    if data.get("industry"):
        projects = projects.filter(industry=data["industry"])
    if data.get("stage"):
        projects = projects.filter(stage=data["stage"])
    if data.get("region_type"):
        projects = projects.filter(_within_any(region_codes_of_kind(data["region_type"])))
    if data.get("funding_source"):
        projects = projects.with_funding_source(data["funding_source"])
    if data.get("responsible_unit"):
        projects = projects.filter(access.unit_and_departments(data["responsible_unit"]))
    if data.get("signing_event"):
        projects = projects.filter(signing_event=data["signing_event"])
    return projects.order_by(*project_ordering(data))


def project_ordering(data: dict) -> list[str]:
    """The list's sort: the chosen column, then the id (each has an index, Project.Meta)."""
    return [SORTS.get(data.get("sort") or "", "-total_investment"), "id"]


def _within_any(region_codes) -> Q:
    """Projects inside any of the regions (provinces, prefectures or counties); none when the
    list is empty."""
    scope = Q(pk__in=[])
    for code in region_codes:
        if code.endswith("0000"):
            scope |= Q(province_code=code)
        elif code.endswith("00"):
            scope |= Q(prefecture_code=code)
        else:
            scope |= Q(region__code=code)
    return scope


# -- dashboard -------------------------------------------------------------------------------
def _scope(region_code: str) -> Q:
    if not region_code:
        return Q()
    if region_code.endswith("0000"):
        return Q(province_code=region_code)
    return Q(province_code=region_code[:2] + "0000", prefecture_code=region_code[:4] + "00")


def regions_scope(region_codes) -> Q:
    """Projects (or summary rows) in any of the regions; none when the list is empty."""
    scope = Q(pk__in=[])
    for code in region_codes:
        scope |= _scope(code)
    return scope


def summary_cells(region_code: str = "") -> list[dict]:
    return list(
        ProjectSummary.objects.filter(_scope(region_code)).values(
            "province_code",
            "prefecture_code",
            "industry",
            "stage",
            "project_count",
            "started_count",
            *MONEY_COLUMNS,
        )
    )


def _grouped(source: QuerySet, dimension: str, *, summary: bool) -> dict[str, dict]:
    """Counts and sums by one dimension: over summary rows or, live, over projects."""
    if summary:
        counts = {"project_count": Sum("project_count"), "started_count": Sum("started_count")}
    else:
        counts = {
            "project_count": Count("id"),
            "started_count": Count("id", filter=Q(actual_start__isnull=False)),
        }
    rows = (
        source.order_by()
        .values(dimension)
        .annotate(**counts, **{column: Sum(column) for column in MONEY_COLUMNS})
    )
    return {
        row[dimension]: {
            "project_count": row["project_count"] or 0,
            "started_count": row["started_count"] or 0,
            **{column: Decimal(row[column] or 0) for column in MONEY_COLUMNS},
        }
        for row in rows
    }


def new_start_figures(projects: QuerySet, start: datetime.date, end: datetime.date) -> dict:
    """新开工率 of a period (one query): projects started ÷ projects planned to start in it.

    Planned: 计划开工日期 within the period. Started: of those, the ones with an 实际开工日期 on
    or before the period's last day (an early start counts). Projects with no planned start
    date are in neither count (docs/user-guide.md)."""
    row = projects.filter(planned_start__range=(start, end)).aggregate(
        planned=Count("id"), started=Count("id", filter=Q(actual_start__lte=end))
    )
    return {
        "new_start_planned": row["planned"],
        "new_start_started": row["started"],
        "new_start_rate": _rate(row["started"], row["planned"]),
    }


def dashboard(
    region_code: str = "", *, live: bool = False, projects=None, period=None, region_codes=None
) -> dict:
    """The statistics page's figures for a region ("" for the whole Northeast), or for several
    (`region_codes`, as a report of a mechanism asks).

    Read from the summary tables (a few thousand rows); `live=True` runs the same GROUP BYs
    over the projects (the benchmark's baseline, and the path for users whose visible projects
    are not a region, given as `projects`). The new-start rate is of `period` (first and last
    day; the current year by default), read from the projects.
    """
    if period is None:
        year = timezone.localdate().year
        period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    scope = _scope(region_code) if region_codes is None else regions_scope(region_codes)
    summary = not live and projects is None
    if summary:
        source = ProjectSummary.objects.filter(scope)
        funding_rows = (
            ProjectFundingSummary.objects.filter(scope)
            .order_by()
            .values("funding_source")
            .annotate(project_count=Sum("project_count"), total_investment=Sum("total_investment"))
        )
        funding = {row["funding_source"]: row for row in funding_rows}
    else:
        source = (projects if projects is not None else Project.objects.all()).filter(scope)
        funding = {}
        for cell in live_funding_cells(
            Q(pk__in=source.values("pk")) if projects is not None else scope
        ):
            row = funding.setdefault(
                cell["funding_source"], {"project_count": 0, "total_investment": Decimal(0)}
            )
            row["project_count"] += cell["project_count"]
            row["total_investment"] += Decimal(cell["total_investment"] or 0)
    by_stage = _grouped(source, "stage", summary=summary)
    by_industry = _grouped(source, "industry", summary=summary)
    by_province = _grouped(source, "province_code", summary=summary)
    by_prefecture = _grouped(source, "prefecture_code", summary=summary)
    by_prefecture.pop("", None)
    totals = _blank()
    for values in by_province.values():
        _add(totals, values)
    names = _region_names()
    starts = new_start_figures(
        (projects if projects is not None else Project.objects.all()).filter(scope), *period
    )
    suspended = by_stage.get(Project.Stage.SUSPENDED.value, _blank())["project_count"]
    resumed = by_stage.get(Project.Stage.RESUMED.value, _blank())["project_count"]
    return {
        "totals": totals,
        "completion_rate": _rate(
            totals["investment_completed_this_year"], totals["annual_planned_investment"]
        ),
        **starts,
        "new_start_year": period[0].year,
        "resumption_rate": _rate(resumed, resumed + suspended),
        "suspended_count": suspended,
        "resumed_count": resumed,
        "by_stage": [
            {"key": stage.value, "label": stage.label, **by_stage[stage.value]}
            for stage in Project.Stage
            if stage.value in by_stage
        ],
        "by_industry": sorted(
            (
                {"key": key, "label": Industry(key).label, **values}
                for key, values in by_industry.items()
            ),
            key=lambda row: -row["total_investment"],
        ),
        "by_province": [
            {"code": code, "name": names.get(code, code), **by_province[code]}
            for code in sorted(by_province)
        ],
        "by_prefecture": sorted(
            (
                {"code": code, "name": names.get(code, code), **values}
                for code, values in by_prefecture.items()
            ),
            key=lambda row: -row["total_investment"],
        ),
        "by_funding": [
            {
                "key": source_key.value,
                "label": source_key.label,
                "project_count": funding[source_key.value]["project_count"] or 0,
                "total_investment": Decimal(funding[source_key.value]["total_investment"] or 0),
            }
            for source_key in FundingSource
            if source_key.value in funding
        ],
    }


def dashboard_chart(figures: dict) -> dict:
    """The statistics page's map and charts as plain numbers (亿元), from `dashboard(...)`:
    the projects page and the open-data page draw it with the same script."""
    return {
        "prefectures": [
            {
                "code": row["code"],
                "name": row["name"],
                "value": float(in_unit(row["total_investment"], YI)),
                "count": row["project_count"],
            }
            for row in figures["by_prefecture"]
        ],
        "provinces": [
            {
                "code": row["code"],
                "name": row["name"],
                "value": float(in_unit(row["total_investment"], YI)),
                "count": row["project_count"],
            }
            for row in figures["by_province"]
        ],
        "stages": [
            {
                "name": str(row["label"]),
                "value": row["project_count"],
                "investment": float(in_unit(row["total_investment"], YI)),
            }
            for row in figures["by_stage"]
        ],
        "industries": [
            {
                "name": str(row["label"]),
                "value": float(in_unit(row["total_investment"], YI)),
                "count": row["project_count"],
            }
            for row in figures["by_industry"]
        ],
        "funding": [
            {
                "name": str(row["label"]),
                "value": float(in_unit(row["total_investment"], YI)),
                "count": row["project_count"],
            }
            for row in figures["by_funding"]
        ],
    }


def _region_names() -> dict[str, str]:
    return dict(
        Region.objects.filter(level__in=["province", "prefecture"]).values_list("code", "name")
    )


def _blank() -> dict:
    return {"project_count": 0, "started_count": 0, **{c: Decimal(0) for c in MONEY_COLUMNS}}


def _add(target: dict, cell: dict) -> None:
    target["project_count"] += cell["project_count"]
    target["started_count"] += cell.get("started_count", 0)
    for column in MONEY_COLUMNS:
        target[column] += Decimal(cell.get(column) or 0)


def _rate(part, whole) -> float | None:
    return round(float(part) * 100 / float(whole), 1) if whole else None


def totals_by_province_and_stage() -> dict:
    """`zhenxing projects stats --json`: projects and investment by province and stage."""
    cells = summary_cells()
    names = dict(Region.objects.filter(level="province").values_list("code", "name"))
    provinces: dict[str, dict] = {}
    for cell in cells:
        province = provinces.setdefault(
            cell["province_code"], {"stages": defaultdict(_blank), "total": _blank()}
        )
        _add(province["total"], cell)
        _add(province["stages"][cell["stage"]], cell)
    result = []
    grand = _blank()
    for code in sorted(provinces):
        total = provinces[code]["total"]
        _add(grand, total)
        result.append(
            {
                "code": code,
                "name": names.get(code, code),
                "project_count": total["project_count"],
                "total_investment_yi": float(in_unit(total["total_investment"], "亿元")),
                "stages": [
                    {
                        "stage": stage.value,
                        "label": str(stage.label),
                        "project_count": provinces[code]["stages"][stage.value]["project_count"],
                        "total_investment_yi": float(
                            in_unit(
                                provinces[code]["stages"][stage.value]["total_investment"], "亿元"
                            )
                        ),
                    }
                    for stage in Project.Stage
                    if stage.value in provinces[code]["stages"]
                ],
            }
        )
    return {
        "project_count": grand["project_count"],
        "total_investment_yi": float(in_unit(grand["total_investment"], "亿元")),
        "provinces": result,
    }


# -- funnel ----------------------------------------------------------------------------------
FUNNEL_STEPS = list(SignedProject.Stage)


def funnel(signed: QuerySet[SignedProject]) -> dict:
    """Counts and amounts at each step, and the rates the provinces report.

    履约率 performed/signed, 落地率 landed/signed, 开工率 started/signed, 资金到位率 funds in
    place/signed amount, 转化率 (conversion) signed projects that became projects in the
    library (with a national code)/signed.
    """
    order = {stage.value: index for index, stage in enumerate(FUNNEL_STEPS)}
    rows = (
        signed.order_by()
        .values("stage")
        .annotate(count=Count("id"), amount=Sum("signed_amount"), funds=Sum("funds_in_place"))
    )
    reached = [0] * len(FUNNEL_STEPS)
    amounts = [Decimal(0)] * len(FUNNEL_STEPS)
    funds = Decimal(0)
    for row in rows:
        for index in range(order[row["stage"]] + 1):
            reached[index] += row["count"]
            amounts[index] += Decimal(row["amount"] or 0)
        funds += Decimal(row["funds"] or 0)
    converted = signed.filter(project__isnull=False).count()
    signed_count, signed_amount = reached[0], amounts[0]
    return {
        "steps": [
            {
                "key": stage.value,
                "label": stage.label,
                "count": reached[index],
                "amount": amounts[index],
                "share": _rate(reached[index], signed_count),
            }
            for index, stage in enumerate(FUNNEL_STEPS)
        ],
        "signed_count": signed_count,
        "signed_amount": signed_amount,
        "funds_in_place": funds,
        "converted_count": converted,
        "rates": {
            "conversion": _rate(converted, signed_count),
            "performance": _rate(reached[1], signed_count),
            "landing": _rate(reached[2], signed_count),
            "start": _rate(reached[3], signed_count),
            "funding": _rate(funds, signed_amount),
        },
    }


def funnel_by_region(signed: QuerySet[SignedProject]) -> list[dict]:
    """The funnel's rates per province."""
    names = dict(Region.objects.filter(level="province").values_list("code", "name"))
    codes = signed.order_by().values_list("province_code", flat=True).distinct()
    return [
        {"code": code, "name": names.get(code, code), **funnel(signed.filter(province_code=code))}
        for code in sorted(set(codes))
    ]


def funnel_years(signed: QuerySet[SignedProject]) -> list[int]:
    return sorted({day.year for day in signed.order_by().values_list("signed_on", flat=True)})


# -- a project -------------------------------------------------------------------------------
def project_series(project: Project) -> list[dict]:
    """The project's reported figures per period (the latest report of each period)."""
    latest: dict[str, object] = {}
    for update in project.updates.select_related("reporting_round", "reported_by").order_by(
        "period_label", "reported_at", "id"
    ):
        latest[update.period_label] = update
    return [
        {
            "period": period,
            "stage": update.get_stage_display(),
            "annual": float(in_unit(update.annual_planned_investment, "万元")),
            "this_year": float(in_unit(update.investment_completed_this_year, "万元")),
            "total": float(in_unit(update.investment_completed_total, "万元")),
        }
        for period, update in sorted(latest.items())
    ]


# -- for the progress report (reports.sections.projects) ---------------------------------------
def report_projects(*, period_end: datetime.date, region_codes=None) -> QuerySet[Project]:
    """The library as a report at `period_end` counts it: the projects in the regions (None:
    everywhere), leaving out those that started after that day."""
    projects = Project.objects.exclude(actual_start__gt=period_end)
    return projects if region_codes is None else projects.filter(regions_scope(region_codes))


def report_figures(
    *, period_start: datetime.date, period_end: datetime.date, region_codes=None
) -> dict:
    """The dashboard's figures of `report_projects`, with the period's new-start rate and
    `new_starts_by_province` (projects at the new-start stage). From the summary tables while no
    project in the regions started after the period's end (the period still running, as a
    rule), so as fast at a million projects as at a hundred; otherwise live over the projects.
    Each `by_province` row gains its `completion_rate`."""
    scope = Q() if region_codes is None else regions_scope(region_codes)
    if Project.objects.filter(scope, actual_start__gt=period_end).exists():
        projects = report_projects(period_end=period_end, region_codes=region_codes)
        figures = dashboard(projects=projects, period=(period_start, period_end))
        new_starts = projects.filter(stage=Project.Stage.NEW_START).values("province_code")
        new_starts = new_starts.annotate(count=Count("id"))
    else:
        figures = dashboard(region_codes=region_codes, period=(period_start, period_end))
        new_starts = ProjectSummary.objects.filter(scope, stage=Project.Stage.NEW_START)
        new_starts = new_starts.values("province_code").annotate(count=Sum("project_count"))
    # Planned to start in the period and started after it: planned, not started (not left out).
    figures.update(new_start_figures(Project.objects.filter(scope), period_start, period_end))
    figures["new_starts_by_province"] = {
        row["province_code"]: row["count"] for row in new_starts.order_by()
    }
    for row in figures["by_province"]:
        row["completion_rate"] = _rate(
            row["investment_completed_this_year"], row["annual_planned_investment"]
        )
    return figures


def signed_in_period(
    *, period_start: datetime.date, period_end: datetime.date, region_codes=None
) -> QuerySet[SignedProject]:
    """Projects signed at the signing events that began in the period, in the regions (None:
    everywhere)."""
    signed = SignedProject.objects.filter(
        event__start_date__gte=period_start, event__start_date__lte=period_end
    )
    if region_codes is None:
        return signed
    scope = Q(pk__in=[])
    for code in region_codes:
        if code.endswith("0000"):
            scope |= Q(province_code=code)
        else:
            scope |= Q(province_code=code[:2] + "0000", region__code__startswith=code[:4])
    return signed.filter(scope)


def home_panel(user) -> dict | None:
    """The project library's figures on the home page, for what the user may see (None: no
    panel): the same figures as the statistics page opens with."""
    if not access.may_read_projects(user):
        return None
    if is_unit_person(user) and not access.region_code_of_user(user):
        figures = dashboard(projects=access.projects_visible_to(user))
    else:
        figures = dashboard(access.region_code_of_user(user))
    return {
        "project_count": figures["totals"]["project_count"],
        "total_investment": figures["totals"]["total_investment"],
        "completion_rate": figures["completion_rate"],
        "new_start_rate": figures["new_start_rate"],
    }

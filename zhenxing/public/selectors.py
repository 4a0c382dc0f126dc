"""The open-data site's datasets as plain data, cached: what the pages, the CSV and JSON files
and the open API show. Every dataset is read only through a `Publication` row, so nothing the
secretariat did not mark for publication can reach a public page or file."""

import datetime
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from zhenxing.indicators.models import Observation
from zhenxing.lib.colours import Colour
from zhenxing.lib.money import in_unit
from zhenxing.mechanisms.models import Mechanism, Membership
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.projects.selectors import dashboard, dashboard_chart
from zhenxing.public.models import Publication, Suggestion
from zhenxing.rounds.selectors import task_lights

GENERATION_KEY = "public:generation"
YI = "亿元"


@dataclass
class Dataset:
    """One machine-readable table: its name in URLs, its title, its columns and rows."""

    name: str
    title: str
    columns: list[tuple[str, str]]  # (key, Chinese heading)
    rows: list[dict]
    extra: dict | None = None  # what a page draws beside the table (the map's figures)


def generation() -> int:
    """The number that every cached dataset's key carries; a change of publication moves it on,
    so the cache never serves what was withdrawn."""
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def invalidate() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # nothing cached yet
        cache.set(GENERATION_KEY, 2, timeout=None)


def publishing_mechanisms():
    return Mechanism.objects.filter(publications__isnull=False).distinct().order_by("code")


def published_plans(mechanism: Mechanism):
    """Plans chosen for publication that are still published plans (never a draft)."""
    return DivisionPlan.objects.filter(
        publications__mechanism=mechanism, status=DivisionPlan.Status.PUBLISHED
    ).order_by("published_at", "pk")


def dataset_names(mechanism: Mechanism) -> list[str]:
    """The names of every dataset the mechanism publishes, in the order pages show them."""
    chosen = set(mechanism.publications.values_list("dataset", flat=True))
    names = []
    if Publication.Dataset.MEMBERS in chosen:
        names += ["members", "duties"]
    for dataset in (Publication.Dataset.PROGRESS, Publication.Dataset.PROJECTS):
        if dataset in chosen:
            names.append(dataset.value)
    if Publication.Dataset.INDICATORS in chosen:
        names.append("indicators")
    names += [f"plan-{pk}" for pk in published_plans(mechanism).values_list("pk", flat=True)]
    return names


def open_dataset(mechanism: Mechanism, name: str) -> Dataset | None:
    """A published dataset by name (None when it is not published), from the cache when fresh."""
    if name not in dataset_names(mechanism):
        return None
    key = f"public:{generation()}:{mechanism.code}:{name}"
    dataset = cache.get(key)
    if dataset is None:
        dataset = _build(mechanism, name)
        cache.set(key, dataset, timeout=settings.PUBLIC_CACHE_SECONDS)
    return dataset


def _build(mechanism: Mechanism, name: str) -> Dataset:
    if name.startswith("plan-"):
        return _plan(published_plans(mechanism).get(pk=int(name.removeprefix("plan-"))))
    return BUILDERS[name](mechanism)


def _members(mechanism: Mechanism) -> Dataset:
    memberships = mechanism.current_memberships().select_related("unit")
    rows = [
        {
            "unit": membership.unit.full_name,
            "role": membership.get_role_display(),
            "side": membership.get_side_display(),
        }
        for membership in memberships
    ]
    columns = [
        ("unit", gettext_noop("单位")),
        ("role", gettext_noop("角色")),
        ("side", gettext_noop("类别")),
    ]
    return Dataset("members", gettext_noop("成员单位"), columns, rows)


def _duties(mechanism: Mechanism) -> Dataset:
    rows = [
        {"position": duty.position, "kind": duty.get_kind_display(), "text": duty.text}
        for duty in mechanism.duties.all()
    ]
    columns = [
        ("position", gettext_noop("序号")),
        ("kind", gettext_noop("类别")),
        ("text", gettext_noop("内容")),
    ]
    return Dataset("duties", gettext_noop("主要职责"), columns, rows)


def _plan(plan: DivisionPlan) -> Dataset:
    tasks = list(plan.tasks.select_related("lead_unit").order_by("position"))
    lights = task_lights(tasks)
    rows = [
        {
            "code": task.code,
            "title": task.title,
            "lead_unit": task.lead_unit.full_name if task.lead_unit else task.lead_units_written,
            "deadline": task.due_date.isoformat() if task.due_date else task.deadline_text,
            "status": Colour.LABELS[lights[task.pk].colour],
            "status_code": lights[task.pk].colour,
        }
        for task in tasks
    ]
    columns = [
        ("code", gettext_noop("编号")),
        ("title", gettext_noop("重点任务")),
        ("lead_unit", gettext_noop("牵头单位")),
        ("deadline", gettext_noop("完成时限")),
        ("status", gettext_noop("进展状态")),
        ("status_code", gettext_noop("状态代码")),
    ]
    return Dataset(f"plan-{plan.pk}", plan.title, columns, rows, extra={"pk": plan.pk})


def _progress(mechanism: Mechanism) -> Dataset:
    """Task counts by light over the published plans only."""
    plans = list(published_plans(mechanism))
    tasks = list(Task.objects.filter(plan__in=plans).only("pk", "plan_id", "due_date"))
    lights = task_lights(tasks)
    rows = []
    for plan in [*plans, None]:
        counts = dict.fromkeys(Colour.ORDER, 0)
        for task in tasks:
            if plan is None or task.plan_id == plan.pk:
                counts[lights[task.pk].colour] += 1
        rows.append(
            {"plan": plan.title if plan else "合计", "total": sum(counts.values())} | counts
        )
    columns = [("plan", gettext_noop("分工方案")), ("total", gettext_noop("任务数"))] + [
        (colour, Colour.LABELS[colour]) for colour in Colour.ORDER
    ]
    return Dataset("progress", gettext_noop("总体进展"), columns, rows)


def region_codes_of(mechanism: Mechanism, on_date: datetime.date) -> list[str]:
    """The regions of the mechanism's local members: a mechanism's projects are theirs."""
    return sorted(
        set(
            mechanism.current_memberships(on_date)
            .filter(side=Membership.Side.LOCAL, unit__region__isnull=False)
            .values_list("unit__region__code", flat=True)
        )
    )


def _projects(mechanism: Mechanism) -> Dataset:
    figures = dashboard(region_codes=region_codes_of(mechanism, timezone.localdate()))
    rows = [
        {
            "region_code": row["code"],
            "region": row["name"],
            "project_count": row["project_count"],
            "total_investment_yi": float(in_unit(row["total_investment"], YI)),
        }
        for row in figures["by_prefecture"]
    ]
    columns = [
        ("region_code", gettext_noop("区划代码")),
        ("region", gettext_noop("地市")),
        ("project_count", gettext_noop("项目数")),
        ("total_investment_yi", gettext_noop("总投资（亿元）")),
    ]
    return Dataset(
        "projects", gettext_noop("项目统计"), columns, rows, extra=dashboard_chart(figures)
    )


def _indicators(mechanism: Mechanism) -> Dataset:
    """Each active indicator's latest current value for the country and the mechanism's regions."""
    regions = region_codes_of(mechanism, timezone.localdate())
    observations = (
        Observation.objects.filter(is_current=True, indicator__is_active=True)
        .filter(Q(region__isnull=True) | Q(region__code__in=regions))
        .select_related("indicator", "region")
        .order_by("period_end")
    )
    latest = {}
    for observation in observations:
        latest[(observation.indicator_id, observation.region_id)] = observation
    ordered = sorted(
        latest.values(),
        key=lambda o: (o.indicator.position, o.indicator.code, o.region.code if o.region else ""),
    )
    rows = [
        {
            "indicator": o.indicator.name,
            "region": o.region.name if o.region else "全国",
            "period": o.period,
            "value": float(o.value),
            "unit": o.indicator.unit,
        }
        for o in ordered
    ]
    columns = [
        ("indicator", gettext_noop("指标")),
        ("region", gettext_noop("地区")),
        ("period", gettext_noop("期间")),
        ("value", gettext_noop("数值")),
        ("unit", gettext_noop("计量单位")),
    ]
    return Dataset("indicators", gettext_noop("主要指标"), columns, rows)


BUILDERS = {
    "members": _members,
    "duties": _duties,
    "progress": _progress,
    "projects": _projects,
    "indicators": _indicators,
}


def suggestion_find(*, receipt_number: str, contact: str) -> Suggestion | None:
    """The suggestion with this receipt and contact, or None whichever of the two is wrong."""
    suggestion = Suggestion.objects.filter(receipt_number=receipt_number.strip().upper()).first()
    given = contact.strip().encode()
    stored = suggestion.contact.strip().encode() if suggestion else b""
    if suggestion is None or not hmac.compare_digest(given, stored):
        return None
    return suggestion


def suggestions_listed(*, mechanism: Mechanism, limit: int = 200):
    """The answered suggestions the secretariat chose to list publicly, newest first."""
    return Suggestion.objects.filter(mechanism=mechanism, listed_publicly=True).select_related(
        "region", "responsible_unit"
    )[:limit]

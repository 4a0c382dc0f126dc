"""Roll-up: a parent task's light, completion and figures computed from its children and stored
(`policies.TaskRollup`), so that dashboards read one row per task instead of walking the tree.

The rule (shown on the task page): light = the worst child light (red, yellow, green, closed
out); completion = the share of children closed out; figures = per figure name, the sum of the
children's latest accepted figures, or their mean where the figure names a catalogue indicator
measured as a rate (增速、比重), which cannot be added up. A child that has children of its own
says what its roll-up says. Children are the tasks whose `parent` is the task: subtasks split in
its plan, and the tasks handed down to lower mechanisms once their plans are published (nobody
learns of another mechanism's draft).
"""

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from zhenxing.indicators.models import Indicator
from zhenxing.lib.colours import Colour
from zhenxing.policies.models import DivisionPlan, Task, TaskRollup
from zhenxing.rounds.models import CloseOut, Submission
from zhenxing.rounds.selectors import task_lights

RATE_MEASURES = {Indicator.Measure.GROWTH, Indicator.Measure.SHARE}
MAX_DEPTH = 10


def counted_children(parent_ids):
    """The children that count towards their parents' roll-ups: same plan, or a published plan."""
    return Task.objects.filter(parent_id__in=parent_ids).filter(
        Q(plan_id=F("parent__plan_id")) | Q(plan__status=DivisionPlan.Status.PUBLISHED)
    )


@transaction.atomic
def rollups_refresh_above(*, task_ids, today: datetime.date | None = None) -> int:
    """Refresh the roll-ups of the parents of `task_ids`, then of their parents, up to the top
    (the lower first, since an upper roll-up reads the lower). Returns how many were written."""
    written = 0
    frontier = set(
        Task.objects.filter(pk__in=task_ids, parent__isnull=False).values_list(
            "parent_id", flat=True
        )
    )
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        written += _refresh(frontier, today)
        frontier = set(
            Task.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
    return written


@transaction.atomic
def rollups_rebuild(*, today: datetime.date | None = None) -> int:
    """Rebuild every roll-up (`zhenxing rollup refresh`): lights change with the date alone, so a
    nightly rebuild keeps them true. Parents are done lowest first, one level at a time."""
    parent_of = dict(Task.objects.filter(parent__isnull=False).values_list("pk", "parent_id"))
    parents = set(parent_of.values())
    height: dict[int, int] = {}
    for child, parent in parent_of.items():
        if child in parents:
            continue  # start from the leaves
        level, current = 1, parent
        while current is not None and level <= MAX_DEPTH:
            if height.get(current, 0) >= level:
                break
            height[current] = level
            level, current = level + 1, parent_of.get(current)
    TaskRollup.objects.exclude(task_id__in=parents).delete()
    written = 0
    for level in sorted(set(height.values())):
        written += _refresh({pk for pk, h in height.items() if h == level}, today)
    return written


def _refresh(parent_ids: set[int], today: datetime.date | None) -> int:
    today = today or timezone.localdate()
    children = list(
        counted_children(parent_ids)
        .select_related("plan__mechanism", "lead_unit")
        .order_by("parent_id", "plan_id", "position")
    )
    ids = [child.pk for child in children]
    lights = task_lights(children, today)
    closed = set(CloseOut.objects.filter(task_id__in=ids).values_list("task_id", flat=True))
    accepted = _latest_accepted(ids)
    below = {row.task_id: row for row in TaskRollup.objects.filter(task_id__in=ids)}
    rates = _rate_names()
    by_parent: dict[int, list[dict]] = defaultdict(list)
    for child in children:
        with translation.override(settings.LANGUAGE_CODE):  # stored: in the source language
            by_parent[child.parent_id].append(
                _child_row(
                    child, lights[child.pk], child.pk in closed, accepted, below.get(child.pk)
                )
            )
    # Replaced, not updated: one DELETE and a bulk INSERT beat a bulk UPDATE of JSON columns.
    TaskRollup.objects.filter(task_id__in=parent_ids).delete()
    now = timezone.now()
    TaskRollup.objects.bulk_create(
        (
            TaskRollup(
                task_id=parent_id, computed_on=today, refreshed_at=now, **_rolled(rows, rates)
            )
            for parent_id, rows in by_parent.items()
        ),
        batch_size=500,
    )
    return len(by_parent)


def _latest_accepted(task_ids) -> dict[int, tuple[datetime.datetime, dict]]:
    """Each task's latest accepted lead report: (when accepted, its figures)."""
    latest: dict[int, tuple] = {}
    for task_id, reviewed_at, figures in (
        Submission.objects.filter(
            task_id__in=task_ids, role=Submission.Role.LEAD, status=Submission.Status.ACCEPTED
        )
        .order_by("task_id", "-round__due_date", "-reviewed_at")
        .values_list("task_id", "reviewed_at", "figures")
    ):
        latest.setdefault(task_id, (reviewed_at, figures))
    return latest


def _rate_names() -> set[str]:
    names = set()
    for code, name, unit in Indicator.objects.filter(measure__in=RATE_MEASURES).values_list(
        "code", "name", "unit"
    ):
        names |= {code, name, f"{name}（{unit}）"}
    return names


def _number(text) -> Decimal | None:
    try:
        value = Decimal(str(text).replace(",", "").replace("，", "").strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _child_row(child: Task, light, closed: bool, accepted: dict, below: TaskRollup | None):
    mechanism = child.plan.mechanism
    reviewed_at, figures = accepted.get(child.pk, (None, {}))
    if below is not None and not closed:
        colour, reason = below.light, "按下级任务汇总"
        figures = {name: entry["value"] for name, entry in below.figures.items()} or figures
    else:
        colour, reason = light.colour, str(light.reason)
    return {
        "task_id": child.pk,
        "code": child.code,
        "title": child.title,
        "unit": child.lead_unit.display_name if child.lead_unit_id else "",
        "mechanism": (mechanism.short_name or mechanism.name) if mechanism else "",
        "level": mechanism.level if mechanism else "",
        "light": colour,
        "light_reason": reason,
        "complete": closed,
        "figures": {str(name): str(value) for name, value in figures.items()},
        "accepted_on": f"{timezone.localtime(reviewed_at):%Y-%m-%d}" if reviewed_at else None,
        "rolled_up": below is not None,
    }


def _rolled(rows: list[dict], rates: set[str]) -> dict:
    light = min((row["light"] for row in rows), key=Colour.ORDER.__getitem__)
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        for name, text in row["figures"].items():
            value = _number(text)
            if value is not None:
                sums[name].append(value)
    figures = {}
    for name, values in sums.items():
        rule = "mean" if name in rates else "sum"
        total = sum(values) / len(values) if rule == "mean" else sum(values)
        figures[name] = {
            "value": float(round(total, 4)),
            "rule": rule,
            "count": len(values),
        }
    return {
        "light": light,
        "children_complete": sum(1 for row in rows if row["complete"]),
        "children_total": len(rows),
        "figures": figures,
        "children": rows,
    }

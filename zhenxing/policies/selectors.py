"""Reads for policies: unit names as people write them, deadlines as people write them."""

import datetime
import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhenxing.lib.colours import Colour
from zhenxing.orgs.models import Unit
from zhenxing.orgs.selectors import UnitNameIndex, region_code_of
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task, TaskRollup
from zhenxing.policies.parser.deadlines import resolve_deadline
from zhenxing.policies.parser.text import half_width

UNIT_SEPARATORS = re.compile(r"[、，,；;／/\n\t]+")
NUMERIC_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?\s*(?:前)?$")


def split_unit_names(written: str) -> list[str]:
    """国家发展改革委、财政部等 → [国家发展改革委, 财政部]: a trailing 等 is not part of a name."""
    names = []
    for piece in UNIT_SEPARATORS.split(written or ""):
        name = "".join(piece.split()).removesuffix("等")
        if name and name not in names:
            names.append(name)
    return names


class UnitResolver:
    """Unit names as written → units, with one query for all the names of a job.

    Names resolve by alias, with former units handed to their successors; inside the issuer's
    region when several match. A name never disappears: it is a unit or it is unresolved.
    """

    def __init__(
        self, names: list[str], *, within: Unit | None = None, on_date: datetime.date | None = None
    ) -> None:
        self.index = UnitNameIndex(names=list(names))
        self.region_code = region_code_of(within)
        self.on_date = on_date
        self._units: dict[int, Unit] = {}

    def resolve(self, names: list[str]) -> tuple[list[Unit], list[str]]:
        """(units written as `names`, in order, without repeats; names that match no unit)."""
        ids, unresolved = [], []
        for name in names:
            found = self.index.resolve_ids(name, region_code=self.region_code, on_date=self.on_date)
            if found:
                if found[0] not in ids:
                    ids.append(found[0])
            elif name not in unresolved:
                unresolved.append(name)
        missing = [pk for pk in ids if pk not in self._units]
        if missing:
            self._units |= Unit.objects.in_bulk(missing)
        return [self._units[pk] for pk in ids], unresolved


def resolve_unit_names(
    names: list[str], *, within: Unit | None = None, on_date: datetime.date | None = None
) -> tuple[list[Unit], list[str]]:
    """(units written as `names`, in order, without repeats; names that match no unit)."""
    if not names:
        return [], []
    return UnitResolver(names, within=within, on_date=on_date).resolve(names)


def deadline_from_text(
    written: str, *, reference_year: int | None = None
) -> tuple[str, datetime.date | None]:
    """(phrase, due date) from what a person typed: 2026-06-30, 2026年6月底前, 长期坚持.

    A plain date is kept as the phrase 2026年6月30日前; a standing phrase has no due date.
    Raises ValueError for a date that does not exist (2026-02-30).
    """
    text = " ".join((written or "").split())
    if not text:
        return "", None
    match = NUMERIC_DATE.match(half_width(text))
    if match:
        year, month, day = (int(part) for part in match.groups())
        due = datetime.date(year, month, day)
        if not re.search(r"[年月]", text):
            text = f"{year}年{month}月{day}日前"
        return text, due
    year = reference_year or timezone.localdate().year
    return text, resolve_deadline(text, year)


def deadline_display(task) -> str:
    """What the 完成时限 column shows: the phrase, or the due date when there is none."""
    if task.deadline_text:
        return task.deadline_text
    if task.due_date:
        return f"{task.due_date.year}年{task.due_date.month}月{task.due_date.day}日前"
    return ""


def unit_choices() -> list[Unit]:
    """Current units, for the unit pickers (a datalist completes full names)."""
    return list(
        Unit.objects.current()
        .exclude(kind__in=[Unit.Kind.LEADING_GROUP, Unit.Kind.INTERNAL_DEPARTMENT])
        .only("full_name", "short_name")
    )


def _change_text(name: str, value, units: dict[int, Unit]) -> str:
    if value in (None, "", []):
        return "—"
    if name == "lead_unit":
        unit = units.get(value)
        return unit.display_name if unit else str(value)
    if name == "participating_units":
        return "、".join(units[pk].display_name if pk in units else str(pk) for pk in value)
    if name == "unresolved_units":
        return "、".join(value)
    if name in ("result_form", "priority"):
        field = Task._meta.get_field(name)
        return str(dict(field.choices).get(value, value))
    return str(value)


def revision_rows(task: Task) -> list[dict]:
    """A task's revisions, each with its changes as (label, before, after) in words."""
    revisions = list(task.revisions.select_related("changed_by"))
    unit_ids = set()
    for revision in revisions:
        for name, pair in revision.changes.items():
            if name == "lead_unit" and isinstance(pair, list):
                unit_ids.update(pk for pk in pair if pk)
            elif name == "participating_units" and isinstance(pair, list):
                unit_ids.update(pk for ids in pair for pk in ids)
    units = Unit.objects.in_bulk(unit_ids)
    rows = []
    for revision in revisions:
        changes = []
        for name, pair in revision.changes.items():
            if not isinstance(pair, list) or len(pair) != 2:
                changes.append((str(_("新增任务")) if name == "created" else name, "", ""))
                continue
            label = str(Task._meta.get_field(name).verbose_name)
            changes.append(
                (label, _change_text(name, pair[0], units), _change_text(name, pair[1], units))
            )
        rows.append({"revision": revision, "changes": changes})
    return rows


def document_already_held(*, number_key: str, content_hash: str) -> PolicyDocument | None:
    """The document held under the same normalised 文号 or with the same text, if any (the
    first imported)."""
    match = Q()
    if number_key:
        match |= Q(document_number_key=number_key)
    if content_hash:
        match |= Q(content_hash=content_hash)
    if not match:
        return None
    return PolicyDocument.objects.filter(match).order_by("pk").first()


def published_plan_of_same_document(plan: DivisionPlan) -> DivisionPlan | None:
    """Another published plan made from this plan's document, or from another import of it."""
    document = plan.document
    if document is None:
        return None
    match = Q(document=document)
    if document.document_number_key:
        match |= Q(document__document_number_key=document.document_number_key)
    if document.content_hash:
        match |= Q(document__content_hash=document.content_hash)
    others = DivisionPlan.objects.filter(match, status=DivisionPlan.Status.PUBLISHED)
    return others.exclude(pk=plan.pk).order_by("pk").first()


def _search(rows, data: dict, *fields: str, date_field: str):
    """Rows with the 关键词 in one of `fields` and `date_field` within due_from–due_to."""
    if data.get("q"):
        match = Q()
        for field in fields:
            match |= Q(**{f"{field}__icontains": data["q"]})
        rows = rows.filter(match)
    if data.get("due_from"):
        rows = rows.filter(**{f"{date_field}__gte": data["due_from"]})
    if data.get("due_to"):
        rows = rows.filter(**{f"{date_field}__lte": data["due_to"]})
    return rows


def documents_filtered(documents, data: dict):
    """The documents matching a list filter (ListFilterForm.cleaned_data); the status is the 文种,
    the range the 成文日期, the unit the issuer or a unit in one of its plans' tasks."""
    documents = _search(
        documents, data, "title", "document_number", "issuer", date_field="issued_on"
    )
    if data.get("status"):
        documents = documents.filter(kind=data["status"])
    if data.get("unit"):
        involved = Task.objects.involving(data["unit"]).values("plan__document_id")
        documents = documents.filter(Q(issuer_unit=data["unit"]) | Q(pk__in=involved))
    return documents


def tasks_filtered(tasks, data: dict):
    """The tasks matching a list filter: text, a unit leading or taking part, a due-date range."""
    tasks = _search(tasks, data, "title", "code", "description", date_field="due_date")
    if data.get("unit"):
        tasks = tasks.filter(pk__in=Task.objects.involving(data["unit"]).values("pk"))
    return tasks


def plans_filtered(plans, data: dict):
    """The plans matching a list filter: text in the plan's or its document's title, status, and
    at least one task matching the unit and due-date range."""
    plans = _search(plans, {"q": data.get("q")}, "title", "document__title", date_field="")
    if data.get("status"):
        plans = plans.filter(status=data["status"])
    task_filter = {name: data.get(name) for name in ("unit", "due_from", "due_to")}
    if any(task_filter.values()):
        matching = tasks_filtered(Task.objects.all(), task_filter)
        plans = plans.filter(pk__in=matching.values("plan_id"))
    return plans


# The roll-up rule, as the task page and the API state it (computed by zhenxing.rollups).
ROLLUP_RULE = gettext_noop(
    "灯色取下级任务中最差者（红灯＞黄灯＞绿灯＞已销号）；完成率为已销号的下级任务占比；"
    "数据为各下级任务最近一次采用报送中同名数据之和，增速、比重类指标取平均值。"
)


def task_rollup(task: Task, visible_tasks) -> dict | None:
    """A task's stored roll-up as the task page and the API show it, or None for a task with no
    counted children. A child links only where the reader may open it (`visible_tasks`)."""
    rollup = TaskRollup.objects.filter(task=task).first()
    if rollup is None:
        return None
    ids = [row["task_id"] for row in rollup.children]
    may_open = set(visible_tasks.filter(pk__in=ids).values_list("pk", flat=True))
    return {
        "light": rollup.light,
        "light_label": Colour.LABELS.get(rollup.light, rollup.light),
        "completion": round(rollup.completion, 4),
        "children_complete": rollup.children_complete,
        "children_total": rollup.children_total,
        "figures": rollup.figures,
        "rule": _(ROLLUP_RULE),
        "computed_on": rollup.computed_on,
        "refreshed_at": rollup.refreshed_at,
        "children": [
            row
            | {"link": row["task_id"] in may_open, "light_label": Colour.LABELS.get(row["light"])}
            for row in rollup.children
        ],
    }

"""Reads for coordination: response lights (red like tasks), the dashboard, instructions of an
object, report needs not yet promoted, export rows."""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from zhenxing.coordination.models import (
    LADDER,
    Assignment,
    CoordinationMatter,
    Decision,
    Instruction,
    InstructionResponse,
    Level,
    MatterRequest,
    Meeting,
)
from zhenxing.lib.colours import Colour
from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism, Membership
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.orgs import access as org_access
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.rounds.models import CoordinationNeed, Submission
from zhenxing.rounds.selectors import TaskLight

RESPONSE_WARNING_DAYS = 3
AGE_BUCKETS = [
    (0, 15, gettext_lazy("15天以内")),
    (16, 30, gettext_lazy("16–30天")),
    (31, 60, gettext_lazy("31–60天")),
    (61, None, gettext_lazy("60天以上")),
]


def default_mechanism() -> Mechanism:
    """The mechanism new matters, meetings and suggestions belong to (the first one set up)."""
    mechanism = Mechanism.objects.order_by("established_on", "pk").first()
    if mechanism is None:
        raise Http404("尚未加载工作机制。")
    return mechanism


def member_units() -> QuerySet[Unit]:
    """Units that may be asked, attend or lead: the current member units of the mechanisms."""
    members = Membership.objects.current().values("unit_id")
    return Unit.objects.current().filter(pk__in=members).order_by("sort_order", "full_name")


def request_light(request: MatterRequest, today: datetime.date | None = None) -> TaskLight:
    """A response's colour: overdue (or answered late) is red, due within days yellow."""
    today = today or timezone.localdate()
    if request.status == MatterRequest.Status.RESPONDED:
        late = (timezone.localdate(request.responded_at) - request.due_date).days
        if late > 0:
            reason = ngettext("逾期%(days)s天答复", "逾期%(days)s天答复", late)
            return TaskLight(Colour.RED, reason % {"days": late})
        return TaskLight(Colour.GREEN, _("按期答复"))
    if request.due_date < today:
        days = (today - request.due_date).days
        reason = ngettext("已逾期%(days)s天未答复", "已逾期%(days)s天未答复", days)
        return TaskLight(Colour.RED, reason % {"days": days})
    if (request.due_date - today).days <= RESPONSE_WARNING_DAYS:
        days = RESPONSE_WARNING_DAYS
        reason = ngettext("距答复期限不足%(days)s天", "距答复期限不足%(days)s天", days)
        return TaskLight(Colour.YELLOW, reason % {"days": days})
    return TaskLight(Colour.GREEN, _("办理中"))


def matter_light(matter: CoordinationMatter, today: datetime.date | None = None) -> TaskLight:
    """The worst light of a matter's responses (requests must be prefetched)."""
    lights = [request_light(request, today) for request in matter.requests.all()]
    if not lights:
        return TaskLight(Colour.GREEN, _("待分办") if matter.is_open else "")
    return min(lights, key=lambda light: Colour.ORDER[light.colour])


def with_requests(matters: QuerySet[CoordinationMatter]) -> QuerySet[CoordinationMatter]:
    return matters.prefetch_related(
        Prefetch("requests", queryset=MatterRequest.objects.select_related("unit"))
    )


def overdue_requests(matters, today: datetime.date | None = None) -> QuerySet[MatterRequest]:
    today = today or timezone.localdate()
    return MatterRequest.objects.filter(
        matter__in=matters.open(),
        status=MatterRequest.Status.PENDING,
        due_date__lt=today,
    ).select_related("matter", "unit")


@dataclass
class Dashboard:
    levels: list[tuple[str, str, list[int], int]] = field(default_factory=list)
    buckets: list[str] = field(default_factory=list)
    open_count: int = 0
    awaiting_decision: int = 0
    overdue: list = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)


def dashboard(matters: QuerySet[CoordinationMatter], today: datetime.date | None = None):
    """Open matters counted by escalation level and age, overdue responses, by category."""
    today = today or timezone.localdate()
    counts = {level: [0] * len(AGE_BUCKETS) for level in LADDER}
    by_category = dict.fromkeys(CoordinationMatter.Category.values, 0)
    open_matters = matters.open().order_by().values_list("level", "raised_at", "category", "status")
    result = Dashboard(buckets=[str(label) for _low, _high, label in AGE_BUCKETS])
    for level, raised_at, category, status in open_matters:
        age = (today - timezone.localdate(raised_at)).days
        index = next(
            i for i, (low, high, _label) in enumerate(AGE_BUCKETS) if high is None or age <= high
        )
        counts[level][index] += 1
        by_category[category] += 1
        result.open_count += 1
        result.awaiting_decision += status == CoordinationMatter.Status.AWAITING_DECISION
    result.levels = [(level, Level(level).label, row, sum(row)) for level, row in counts.items()]
    result.by_category = [
        (CoordinationMatter.Category(key).label, value) for key, value in by_category.items()
    ]
    result.overdue = list(overdue_requests(matters, today).order_by("due_date"))
    return result


def unpromoted_needs() -> QuerySet[CoordinationNeed]:
    """Matters needing coordination written in submitted reports, not yet coordination matters."""
    return (
        CoordinationNeed.objects.filter(matter__isnull=True)
        .exclude(submission__status=Submission.Status.DRAFT)
        .select_related("submission__unit", "submission__task", "submission__round")
        .prefetch_related("units_asked")
        .order_by("-submission__submitted_at", "-id")
    )


def instructions_for(target) -> QuerySet[Instruction]:
    """The instructions attached to one task, matter or project, newest first."""
    content_type = ContentType.objects.get_for_model(type(target))
    return Instruction.objects.filter(
        content_type=content_type, object_id=target.pk
    ).prefetch_related(
        Prefetch("responses", queryset=InstructionResponse.objects.select_related("unit"))
    )


def instruction_default_units(target) -> list[Unit]:
    """The units an instruction on `target` concerns unless the secretariat says otherwise."""
    if isinstance(target, CoordinationMatter):
        return [target.raised_by_unit, *(r.unit for r in target.requests.select_related("unit"))]
    units = []
    lead = getattr(target, "lead_unit", None) or getattr(target, "responsible_unit", None)
    if lead is not None:
        units.append(lead)
    participants = getattr(target, "participating_units", None)
    if participants is not None:
        units.extend(participants.all())
    return units


def instruction_targets(instructions) -> dict[int, object]:
    """The objects of a page of instructions, fetched with one query per kind of object."""
    wanted: dict[int, set[int]] = {}
    for instruction in instructions:
        wanted.setdefault(instruction.content_type_id, set()).add(instruction.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for pk, target in model._default_manager.in_bulk(ids).items():
            found[(content_type_id, pk)] = target
    return {
        instruction.pk: found.get((instruction.content_type_id, instruction.object_id))
        for instruction in instructions
    }


@in_chinese
def matter_export_rows(matters, today: datetime.date | None = None) -> list[list]:
    """One row per matter for the spreadsheet: the columns of MATTER_EXPORT_HEADERS. The ledger
    is handed on as it is, so in Chinese like its headers, whatever the page's language."""
    rows = []
    for matter in matters:
        requests = list(matter.requests.all())
        light = matter_light(matter, today)
        rows.append(
            [
                matter.code,
                matter.title,
                matter.get_category_display(),
                matter.raised_by_unit.display_name,
                timezone.localdate(matter.raised_at),
                "、".join(r.unit.display_name for r in requests),
                matter.response_due_date,
                "、".join(
                    f"{r.unit.display_name}：{request_light(r, today).reason}" for r in requests
                ),
                matter.get_level_display(),
                matter.get_status_display(),
                Colour.LABELS.get(light.colour, "") if matter.is_open else "",
                matter.resolution,
            ]
        )
    return rows


MATTER_EXPORT_HEADERS = [
    "编号",
    "事项名称",
    "类别",
    "提出单位",
    "提出日期",
    "协调单位",
    "答复期限",
    "答复情况",
    "协调层级",
    "状态",
    "预警",
    "办结情况",
]


@dataclass
class PeriodActivity:
    """What coordination did in a period: matters raised (with their requests), joint meetings
    held, leading-group assignments made, decisions of the meetings whose minutes are issued."""

    matters: list[CoordinationMatter]
    requests: list[MatterRequest]
    meetings: list[Meeting]
    assignment_count: int
    decision_count: int


def period_activity(
    *,
    period_start: datetime.date,
    period_end: datetime.date,
    mechanism: Mechanism | None,
    as_of: datetime.date,
) -> PeriodActivity:
    """Coordination in a period (of one mechanism, or all): a meeting counts once held by
    `as_of` (a meeting not yet held was not held)."""

    def in_period(queryset, field):
        queryset = queryset.filter(**{f"{field}__gte": period_start, f"{field}__lte": period_end})
        return queryset.filter(mechanism=mechanism) if mechanism is not None else queryset

    matters = list(
        in_period(CoordinationMatter.objects.all(), "raised_at__date")
        .select_related("raised_by_unit")
        .order_by("raised_at")
    )
    meetings = list(in_period(Meeting.objects.filter(held_on__lte=as_of), "held_on"))
    return PeriodActivity(
        matters=matters,
        requests=list(MatterRequest.objects.filter(matter__in=[m.pk for m in matters])),
        meetings=meetings,
        assignment_count=in_period(Assignment.objects.all(), "assigned_on").count(),
        decision_count=Decision.objects.filter(
            meeting__in=[m.pk for m in meetings], meeting__status=Meeting.Status.MINUTES_ISSUED
        ).count(),
    )


def home_panel(user, today: datetime.date | None = None) -> dict | None:
    """Coordination's figures on the home page (None: no panel): open matters, overdue
    responses, matters awaiting the joint meeting or leading group, and what the user's own
    unit has still to answer."""
    from zhenxing.coordination import access

    if not access.may_use_coordination(user):
        return None
    matters = access.matters_visible_to(user)
    return {
        "open": matters.open().count(),
        "overdue": overdue_requests(matters, today).count(),
        "awaiting_decision": matters.filter(
            status=CoordinationMatter.Status.AWAITING_DECISION
        ).count(),
        "to_answer": access.pending_requests_for(user).count()
        if org_access.is_unit_person(user)
        else None,
    }


def instruction_task_search(
    text: str, *, mechanism: Mechanism | None, limit: int = 20
) -> list[Task]:
    """Published tasks of `mechanism` whose 编号, title or plan title contain `text` (the
    instruction picker)."""
    text = text.strip()
    if not text:
        return []
    published = Task.objects.filter(plan__status=DivisionPlan.Status.PUBLISHED)
    tasks = within_mechanism(published, mechanism, "plan__mechanism").filter(
        Q(code__icontains=text) | Q(title__icontains=text) | Q(plan__title__icontains=text)
    )
    return list(tasks.select_related("plan").order_by("plan", "position")[:limit])

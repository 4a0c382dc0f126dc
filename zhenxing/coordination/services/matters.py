"""Writes for coordination matters: raise, promote, route, respond, confirm, escalate, close."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.coordination.models import (
    CoordinationMatter,
    Escalation,
    Level,
    MatterRequest,
)
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.deadlines import DUE_SOON_DAYS, deadline_reminder
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit
from zhenxing.rounds.models import CoordinationNeed

DEFAULT_RESPONSE_DAYS = 15
Status = CoordinationMatter.Status


def _next_code(mechanism: Mechanism, year: int) -> str:
    prefix = f"{year}-"
    codes = CoordinationMatter.objects.filter(
        mechanism=mechanism, code__startswith=prefix
    ).values_list("code", flat=True)
    numbers = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _link(matter: CoordinationMatter) -> str:
    return f"/coordination/matters/{matter.pk}/"


@transaction.atomic
def matter_raise(
    *,
    user,
    mechanism: Mechanism,
    unit: Unit,
    title: str,
    description: str,
    category: str,
    proposed_units=(),
    tasks=(),
    projects=(),
    response_due_date: datetime.date | None = None,
    source_need: CoordinationNeed | None = None,
) -> CoordinationMatter:
    """Record a matter a unit needs others to act on; the secretariat routes it next."""
    if not title.strip() or not description.strip():
        raise ValidationError("请填写事项名称和事项内容。")
    today = timezone.localdate()
    if response_due_date is not None and response_due_date < today:
        raise ValidationError("答复期限不能早于今天。")
    matter = CoordinationMatter(
        mechanism=mechanism,
        code=_next_code(mechanism, today.year),
        title=title.strip()[:200],
        description=description.strip(),
        category=category,
        raised_by_unit=unit,
        raised_by=user,
        response_due_date=response_due_date,
        source_need=source_need,
    )
    matter.full_clean()
    matter.save()
    proposed = [u for u in proposed_units if u.pk != unit.pk]
    if proposed:
        matter.proposed_units.set(proposed)
    if tasks:
        matter.tasks.set(tasks)
    if projects:
        matter.projects.set(projects)
    return matter


@transaction.atomic
def matter_promote_need(
    *, need: CoordinationNeed, user, mechanism: Mechanism
) -> CoordinationMatter:
    """Turn a "matter needing coordination" of a progress report into a coordination matter."""
    if CoordinationMatter.objects.filter(source_need=need).exists():
        raise ValidationError("该需协调事项已转为协调事项。")
    submission = need.submission
    first_line = need.description.strip().splitlines()[0] if need.description.strip() else ""
    return matter_raise(
        user=user,
        mechanism=mechanism,
        unit=submission.unit,
        title=first_line[:60] or f"{submission.task.code} 需协调事项",
        description=need.description,
        category=CoordinationMatter.Category.OTHER,
        proposed_units=list(need.units_asked.all()),
        tasks=[submission.task],
        source_need=need,
    )


@transaction.atomic
def matter_route(
    *, matter: CoordinationMatter, user, units, due_date: datetime.date | None = None
) -> CoordinationMatter:
    """Ask units to act on a matter by a date; each newly asked unit is notified."""
    matter = CoordinationMatter.objects.select_for_update().get(pk=matter.pk)
    if not matter.is_open:
        raise ValidationError("该事项已办结，不能再分办。")
    units = [unit for unit in units if unit.pk != matter.raised_by_unit_id]
    if not units:
        raise ValidationError("请选择至少一个协调单位（提出单位以外）。")
    today = timezone.localdate()
    due_date = (
        due_date
        or matter.response_due_date
        or today + datetime.timedelta(days=DEFAULT_RESPONSE_DAYS)
    )
    if due_date < today:
        raise ValidationError("答复期限不能早于今天。")
    already = set(matter.requests.values_list("unit_id", flat=True))
    new_units = [unit for unit in units if unit.pk not in already]
    if not new_units:
        raise ValidationError("所选单位均已在协调单位中。")
    for unit in new_units:
        MatterRequest.objects.create(matter=matter, unit=unit, due_date=due_date)
    matter.response_due_date = due_date
    matter.status = Status.IN_PROGRESS
    matter.routed_at = timezone.now()
    matter.routed_by = user
    matter.save()
    for unit in new_units:
        notifications_send_to_units(
            unit_ids={unit.pk},
            kind=Notification.Kind.MATTER_REQUEST,
            title=f"请协助办理协调事项：{matter.title}",
            body=f"{matter.raised_by_unit.display_name}提出，请于{chinese_date(due_date)}前答复。",
            link=_link(matter),
            dedup_key=f"matter:{matter.pk}:asked:{unit.pk}",
        )
    return matter


@transaction.atomic
def matter_respond(*, request: MatterRequest, user, response: str) -> MatterRequest:
    """An asked unit answers; once every unit has answered the raising unit is asked to confirm."""
    request = MatterRequest.objects.select_for_update().select_related("matter").get(pk=request.pk)
    matter = request.matter
    if not matter.is_open:
        raise ValidationError("该事项已办结。")
    if not request.is_pending:
        raise ValidationError("本单位已答复。")
    if not response.strip():
        raise ValidationError("请填写答复意见。")
    request.status = MatterRequest.Status.RESPONDED
    request.response = response.strip()
    request.responded_at = timezone.now()
    request.responded_by = user
    request.save()
    pending = matter.requests.filter(status=MatterRequest.Status.PENDING).exists()
    if not pending and matter.status == Status.IN_PROGRESS:
        matter.status = Status.RESPONDED
        matter.save()
        notifications_send_to_units(
            unit_ids={matter.raised_by_unit_id},
            kind=Notification.Kind.MATTER_RESPONDED,
            title=f"协调事项已全部答复，请确认：{matter.title}",
            link=_link(matter),
            dedup_key=f"matter:{matter.pk}:responded:{request.pk}",
        )
    return request


@transaction.atomic
def matter_confirm(
    *, matter: CoordinationMatter, user, accepted: bool, opinion: str = ""
) -> CoordinationMatter:
    """The raising unit accepts the answers (resolved) or disputes them, with its opinion."""
    matter = CoordinationMatter.objects.select_for_update().get(pk=matter.pk)
    if matter.status != Status.RESPONDED:
        raise ValidationError("只有全部答复后才能确认或提出异议。")
    if not accepted and not opinion.strip():
        raise ValidationError("提出异议须写明意见。")
    matter.raiser_opinion = opinion.strip()
    matter.confirmed_at = timezone.now()
    if accepted:
        matter.status = Status.RESOLVED
        matter.resolution = opinion.strip() or "提出单位确认答复意见。"
        matter.closed_at = matter.confirmed_at
    else:
        matter.status = Status.DISPUTED
    matter.full_clean()
    matter.save()
    return matter


@transaction.atomic
def matter_escalate(*, matter: CoordinationMatter, user, reason: str) -> Escalation:
    """One step up the ladder (secretariat → joint meeting → leading group), with the reason."""
    matter = CoordinationMatter.objects.select_for_update().get(pk=matter.pk)
    if not matter.is_open:
        raise ValidationError("该事项已办结，不能提级。")
    if not reason.strip():
        raise ValidationError("提级须写明理由。")
    to_level = matter.next_level
    if to_level is None:
        raise ValidationError("该事项已提交领导小组研究，不能再提级。")
    escalation = Escalation.objects.create(
        matter=matter,
        from_level=matter.level,
        to_level=to_level,
        reason=reason.strip(),
        escalated_by=user,
    )
    matter.level = to_level
    matter.status = Status.AWAITING_DECISION
    matter.save()
    unit_ids = {matter.raised_by_unit_id, *matter.requests.values_list("unit_id", flat=True)}
    notifications_send_to_units(
        unit_ids=unit_ids,
        kind=Notification.Kind.MATTER_ESCALATED,
        title=f"协调事项提交{Level(to_level).label}：{matter.title}",
        body=reason.strip(),
        link=_link(matter),
        dedup_key=f"matter:{matter.pk}:escalated:{to_level}",
    )
    return escalation


@transaction.atomic
def matter_close(*, matter: CoordinationMatter, user, resolution: str) -> CoordinationMatter:
    """The secretariat closes a matter (solved, withdrawn or absorbed elsewhere), saying how."""
    matter = CoordinationMatter.objects.select_for_update().get(pk=matter.pk)
    if not matter.is_open:
        raise ValidationError("该事项已办结。")
    if not resolution.strip():
        raise ValidationError("办结须写明办结情况。")
    matter.status = Status.CLOSED
    matter.resolution = resolution.strip()
    matter.closed_at = timezone.now()
    matter.save()
    return matter


def response_reminders_send(today: datetime.date | None = None) -> int:
    """Tell each asked unit once that its response is due soon, due today and overdue (run from
    a timer, like the rounds' reminders)."""
    today = today or timezone.localdate()
    sent = 0
    waiting = MatterRequest.objects.filter(
        status=MatterRequest.Status.PENDING,
        due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        matter__status__in=CoordinationMatter.OPEN_STATUSES,
    ).select_related("matter")
    for request in waiting:
        kind, heading = deadline_reminder(
            request.due_date,
            today,
            soon="距协调事项答复期限还有{days}天",
            due="今日为协调事项答复期限",
            late="协调事项答复已逾期{days}天",
        )
        sent += notifications_send_to_units(
            unit_ids={request.unit_id},
            kind=kind,
            title=f"{heading}：{request.matter.title}",
            body=f"答复期限 {request.due_date:%Y-%m-%d}，请尽快答复。",
            link=_link(request.matter),
            dedup_key=f"matter-request:{request.pk}:{kind}",
        )
    return sent

"""Writes for joint meetings: schedule, build the agenda, minutes, agreed items, issue."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhenxing.coordination.models import (
    AgendaItem,
    CoordinationMatter,
    Decision,
    Level,
    Meeting,
)
from zhenxing.coordination.services.ledgers import MEETING_LEDGER, ledger_task_add
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.lib.versions import lock_version
from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit


def _link(meeting: Meeting) -> str:
    return f"/coordination/meetings/{meeting.pk}/"


@transaction.atomic
def meeting_schedule(
    *,
    user,
    mechanism: Mechanism,
    held_on: datetime.date,
    convener: str,
    convener_unit: Unit,
    attending_units,
    location: str = "",
    title: str = "",
) -> Meeting:
    """Schedule the mechanism's next joint meeting (numbered in order)."""
    number = (
        Meeting.objects.filter(mechanism=mechanism).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    meeting = Meeting(
        mechanism=mechanism,
        number=number,
        title=(title.strip() or f"{mechanism.short_name or mechanism.name}第{number}次会议")[:200],
        held_on=held_on,
        location=location.strip(),
        convener=convener.strip(),
        convener_unit=convener_unit,
        created_by=user,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attending_units.set(attending_units)
    notifications_send_to_units(
        unit_ids={unit.pk for unit in attending_units},
        kind=Notification.Kind.MEETING,
        title=f"会议通知：{meeting.title}（{chinese_date(held_on)}）",
        link=_link(meeting),
        dedup_key=f"meeting:{meeting.pk}:scheduled",
    )
    return meeting


def _editable(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_issued:
        raise ValidationError("会议纪要已印发，不能再修改。")
    return meeting


def _held(meeting: Meeting) -> None:
    if timezone.localdate() < meeting.held_on:
        raise ValidationError("会议尚未召开，不能填写或印发纪要。")


def _next_position(related) -> int:
    return (related.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def meeting_agenda_build(*, meeting: Meeting, user) -> list[AgendaItem]:
    """Put every matter awaiting the joint meeting's decision on the agenda (once)."""
    meeting = _editable(meeting)
    listed = meeting.agenda_items.filter(matter__isnull=False).values("matter_id")
    matters = (
        CoordinationMatter.objects.awaiting_decision(Level.JOINT_MEETING)
        .filter(mechanism=meeting.mechanism)
        .exclude(pk__in=listed)
        .order_by("raised_at", "pk")
    )
    position = _next_position(meeting.agenda_items)
    added = []
    for offset, matter in enumerate(matters):
        added.append(
            AgendaItem.objects.create(
                meeting=meeting,
                position=position + offset,
                title=f"研究{matter.raised_by_unit.display_name}提出的“{matter.title}”"[:200],
                matter=matter,
            )
        )
    return added


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, user, title: str) -> AgendaItem:
    """An agenda item that is not a coordination matter (a report, a work plan)."""
    meeting = _editable(meeting)
    if not title.strip():
        raise ValidationError("请填写议题。")
    return AgendaItem.objects.create(
        meeting=meeting, position=_next_position(meeting.agenda_items), title=title.strip()[:200]
    )


@transaction.atomic
def meeting_minutes_save(*, meeting: Meeting, user, minutes: str, version: int | None) -> Meeting:
    """Write (or rewrite) the minutes; the meeting is then held, its minutes not yet issued.
    `version` is the minutes' version read: a stale or missing one is refused."""
    meeting = lock_version(Meeting.objects.all(), pk=meeting.pk, expected_version=version)
    if meeting.minutes_issued:
        raise ValidationError("会议纪要已印发，不能再修改。")
    _held(meeting)
    meeting.minutes = minutes.strip()
    meeting.status = Meeting.Status.HELD
    meeting.version += 1
    meeting.save()
    return meeting


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    user,
    text: str,
    lead_unit: Unit,
    due_date: datetime.date,
    participating_units=(),
    matter: CoordinationMatter | None = None,
) -> Decision:
    """Record an agreed item; it becomes a tracked task when the minutes are issued."""
    meeting = _editable(meeting)
    if not text.strip():
        raise ValidationError("请填写议定事项。")
    if due_date < meeting.held_on:
        raise ValidationError("完成时限不能早于会议日期。")
    if matter is not None and not meeting.agenda_items.filter(matter=matter).exists():
        raise ValidationError("该协调事项不在本次会议议题中。")
    decision = Decision.objects.create(
        meeting=meeting,
        position=_next_position(meeting.decisions),
        text=text.strip(),
        lead_unit=lead_unit,
        due_date=due_date,
        matter=matter,
    )
    if participating_units:
        decision.participating_units.set(participating_units)
    return decision


@transaction.atomic
def decision_remove(*, decision: Decision, user) -> None:
    _editable(decision.meeting)
    decision.delete()


@transaction.atomic
def meeting_minutes_issue(*, meeting: Meeting, user) -> Meeting:
    """Issue the minutes: every agreed item becomes a task in the mechanism's ledger of agreed
    items (with lead unit and deadline), and the matters decided are marked so."""
    meeting = _editable(meeting)
    _held(meeting)
    if not meeting.minutes.strip():
        raise ValidationError("请先填写会议纪要。")
    decisions = list(
        meeting.decisions.select_related("lead_unit", "matter").prefetch_related(
            "participating_units"
        )
    )
    for decision in decisions:
        source = f"（{decision.matter.code} {decision.matter.title}）" if decision.matter else ""
        decision.task = ledger_task_add(
            mechanism=meeting.mechanism,
            ledger=MEETING_LEDGER,
            user=user,
            code=f"会议{meeting.number}-{decision.position}",
            title=decision.text.splitlines()[0][:300],
            description=f"{meeting.title}（{chinese_date(meeting.held_on)}）议定事项{source}：{decision.text}",
            lead_unit=decision.lead_unit,
            participating_units=list(decision.participating_units.all()),
            due_date=decision.due_date,
        )
        decision.save()
        if decision.matter is not None:
            decision.matter.tasks.add(decision.task)
    decided = {d.matter_id for d in decisions if d.matter_id}
    for matter in CoordinationMatter.objects.filter(
        pk__in=decided, status__in=CoordinationMatter.OPEN_STATUSES
    ):
        matter.status = CoordinationMatter.Status.DECIDED
        matter.resolution = f"经{meeting.title}研究议定，已列入议定事项台账跟踪落实。"
        matter.closed_at = timezone.now()
        matter.save()
    meeting.status = Meeting.Status.MINUTES_ISSUED
    meeting.minutes_issued_at = timezone.now()
    meeting.minutes_issued_by = user
    meeting.save()
    unit_ids = set(meeting.attending_units.values_list("pk", flat=True))
    for decision in decisions:
        unit_ids.add(decision.lead_unit_id)
        unit_ids.update(unit.pk for unit in decision.participating_units.all())
    notifications_send_to_units(
        unit_ids=unit_ids,
        kind=Notification.Kind.MINUTES,
        title=f"会议纪要印发：{meeting.title}",
        body=f"议定事项 {len(decisions)} 项已列入台账，请按时限落实并在调度中报送进展。",
        link=_link(meeting),
        dedup_key=f"meeting:{meeting.pk}:minutes",
    )
    return meeting

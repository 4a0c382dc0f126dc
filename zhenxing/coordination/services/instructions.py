"""Writes for the leading group's assignments (交办事项) and leaders' instructions (批示)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.coordination.models import (
    INSTRUCTION_TARGETS,
    Assignment,
    CoordinationMatter,
    Instruction,
    InstructionResponse,
)
from zhenxing.coordination.services.ledgers import ASSIGNMENT_LEDGER, ledger_task_add
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task


@transaction.atomic
def assignment_record(
    *,
    user,
    mechanism: Mechanism,
    title: str,
    assigned_by: str,
    assigned_on: datetime.date,
    lead_unit: Unit,
    due_date: datetime.date,
    description: str = "",
    participating_units=(),
    matter: CoordinationMatter | None = None,
) -> Assignment:
    """Record a matter the leading group assigned; it is tracked as a task in the ledger of
    assigned matters. A matter escalated to the leading group is decided by it."""
    if not title.strip() or not assigned_by.strip():
        raise ValidationError("请填写交办事项和交办领导。")
    if due_date < assigned_on:
        raise ValidationError("完成时限不能早于交办日期。")
    assignment = Assignment.objects.create(
        mechanism=mechanism,
        title=title.strip()[:200],
        description=description.strip(),
        assigned_by=assigned_by.strip(),
        assigned_on=assigned_on,
        lead_unit=lead_unit,
        due_date=due_date,
        matter=matter,
        recorded_by=user,
    )
    if participating_units:
        assignment.participating_units.set(participating_units)
    assignment.task = ledger_task_add(
        mechanism=mechanism,
        ledger=ASSIGNMENT_LEDGER,
        user=user,
        code=f"交办{assignment.pk}",
        title=assignment.title,
        description=f"{assigned_by.strip()}交办（{chinese_date(assigned_on)}）：{description.strip() or assignment.title}",
        lead_unit=lead_unit,
        participating_units=list(participating_units),
        due_date=due_date,
    )
    assignment.save()
    if matter is not None:
        matter.tasks.add(assignment.task)
        if matter.is_open:
            matter.status = CoordinationMatter.Status.DECIDED
            matter.resolution = f"领导小组交办：{assignment.title}"
            matter.closed_at = timezone.now()
            matter.save()
    notifications_send_to_units(
        unit_ids={lead_unit.pk, *(unit.pk for unit in participating_units)},
        kind=Notification.Kind.ASSIGNMENT,
        title=f"领导小组交办事项：{assignment.title}",
        body=f"请于{chinese_date(due_date)}前完成，并在调度中报送进展。",
        link=f"/coordination/assignments/#assignment-{assignment.pk}",
        dedup_key=f"assignment:{assignment.pk}:assigned",
    )
    return assignment


def target_label(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def _target_path(target) -> str:
    label = f"{target._meta.app_label}.{target._meta.model_name}"
    if label == "coordination.coordinationmatter":
        return f"/coordination/matters/{target.pk}/"
    if label == "policies.task":
        return f"/policies/tasks/{target.pk}/"
    return f"/projects/{target.pk}/"


@transaction.atomic
def instruction_attach(
    *,
    user,
    target,
    leader: str,
    text: str,
    issued_on: datetime.date,
    units,
    response_due_date: datetime.date | None = None,
    mechanism: Mechanism | None = None,
) -> Instruction:
    """Attach a leader's instruction to a task, matter or project; the units concerned are
    notified and each reports how it carried the instruction out. It belongs to the mechanism
    of its task or matter; on a project (the library every level shares), to `mechanism`, the
    one it is recorded in."""
    content_type = ContentType.objects.get_for_model(type(target))
    if target_label(content_type) not in INSTRUCTION_TARGETS:
        raise ValidationError("批示只能关联任务、协调事项或项目。")
    if not leader.strip() or not text.strip():
        raise ValidationError("请填写批示领导和批示内容。")
    units = list({unit.pk: unit for unit in units}.values())
    if not units:
        raise ValidationError("请选择至少一个落实单位。")
    if response_due_date is not None and response_due_date < issued_on:
        raise ValidationError("落实反馈期限不能早于批示日期。")
    instruction = Instruction.objects.create(
        mechanism=_mechanism_of(target, mechanism),
        content_type=content_type,
        object_id=target.pk,
        leader=leader.strip(),
        text=text.strip(),
        issued_on=issued_on,
        response_due_date=response_due_date,
        recorded_by=user,
    )
    for unit in units:
        InstructionResponse.objects.create(instruction=instruction, unit=unit)
    due = f"请于{chinese_date(response_due_date)}前反馈落实情况。" if response_due_date else ""
    notifications_send_to_units(
        unit_ids={unit.pk for unit in units},
        kind=Notification.Kind.INSTRUCTION,
        title=f"{instruction.leader}批示：{target}"[:200],
        body=f"{instruction.text}\n{due}".strip(),
        link=_target_path(target),
        dedup_key=f"instruction:{instruction.pk}:attached",
    )
    return instruction


@transaction.atomic
def instruction_respond(*, response: InstructionResponse, user, text: str) -> InstructionResponse:
    """A unit concerned reports how it carried out the instruction."""
    response = InstructionResponse.objects.select_for_update().get(pk=response.pk)
    if response.status != InstructionResponse.Status.PENDING:
        raise ValidationError("本单位已反馈落实情况。")
    if not text.strip():
        raise ValidationError("请填写落实情况。")
    response.status = InstructionResponse.Status.RESPONDED
    response.response = text.strip()
    response.responded_at = timezone.now()
    response.responded_by = user
    response.save()
    return response


def _mechanism_of(target, recorded_in: Mechanism | None) -> Mechanism | None:
    """A task's mechanism (its plan's) or a matter's; a project's is the one it is recorded in.
    None: the top level, as for rows that predate levels."""
    if isinstance(target, CoordinationMatter):
        return target.mechanism
    if isinstance(target, Task):
        return target.plan.mechanism
    return recorded_in

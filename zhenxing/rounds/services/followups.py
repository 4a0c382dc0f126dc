"""Deadline extensions, assessments and the close-out of tasks."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.policies.services import task_update
from zhenxing.rounds import selectors
from zhenxing.rounds.models import (
    Assessment,
    CloseOut,
    ExtensionRequest,
    Submission,
)


@transaction.atomic
def extension_request_create(
    *,
    task: Task,
    unit: Unit,
    user,
    requested_due_date: datetime.date,
    reason: str,
    today: datetime.date | None = None,
) -> ExtensionRequest:
    """Ask for a later deadline; only before the current one passes, with a reason."""
    today = today or timezone.localdate()
    if task.due_date is None:
        raise ValidationError("该任务没有具体截止日期，无需申请延期。")
    if today > task.due_date:
        raise ValidationError("截止日期已过，不能再申请延期。")
    if not reason.strip():
        raise ValidationError("请写明延期理由。")
    if requested_due_date <= task.due_date:
        raise ValidationError("申请的截止日期应晚于原截止日期。")
    if task.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise ValidationError("该任务已有待审批的延期申请。")
    return ExtensionRequest.objects.create(
        task=task,
        unit=unit,
        current_due_date=task.due_date,
        requested_due_date=requested_due_date,
        reason=reason.strip(),
        requested_by=user,
    )


@transaction.atomic
def extension_decide(
    *, request: ExtensionRequest, user, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Approve (the task's deadline moves, as a recorded revision) or refuse a request."""
    request = ExtensionRequest.objects.select_for_update().select_related("task").get(pk=request.pk)
    if request.status != ExtensionRequest.Status.PENDING:
        raise ValidationError("该申请已审批。")
    if not approve and not note.strip():
        raise ValidationError("不同意延期须写明理由。")
    request.status = (
        ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    )
    request.decided_by = user
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save()
    if approve:
        task = request.task
        task_update(
            task=task,
            user=user,
            expected_version=task.version,
            changes={
                "due_date": request.requested_due_date,
                "deadline_text": f"{request.requested_due_date:%Y年%m月%d日}前",
            },
            reason=f"延期申请获批：{request.reason}",
            approved_by=str(user),
        )
    notifications_send_to_units(
        unit_ids={request.unit_id},
        kind="extension_decided",
        title=f"延期申请{'已同意' if approve else '未同意'}：{request.task.code} {request.task.title}",
        body=note.strip(),
        link=f"/rounds/tasks/{request.task_id}/",
        dedup_key=f"extension:{request.pk}:decided",
    )
    return request


@transaction.atomic
def assessment_record(
    *, task: Task, user, rating: str, reason: str = "", round_=None
) -> Assessment:
    """An assessor's rating; red needs a written reason."""
    if rating == Assessment.Rating.RED and not reason.strip():
        raise ValidationError("评为红灯须写明理由。")
    assessment = Assessment(
        task=task, round=round_, rating=rating, reason=reason.strip(), assessed_by=user
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def task_close_out(*, task: Task, user, submission: Submission, note: str = "") -> CloseOut:
    """销号: only on the lead unit's accepted report that says completed and carries evidence."""
    if CloseOut.objects.filter(task=task).exists():
        raise ValidationError("该任务已销号。")
    if submission.task_id != task.pk:
        raise ValidationError("所选报送不属于该任务。")
    if submission.role != Submission.Role.LEAD:
        raise ValidationError("须依据牵头单位的汇总报送销号。")
    if submission.status != Submission.Status.ACCEPTED:
        raise ValidationError("须先采用报送，才能据以销号。")
    if submission.progress_status != Submission.Progress.COMPLETED:
        raise ValidationError("报送的进展状态须为“已完成”。")
    if not submission.evidence.exists():
        raise ValidationError("销号须有佐证材料。")
    silent = selectors.unreported_participants(submission)
    if silent and not note.strip():
        names = "、".join(unit.display_name for unit in silent)
        raise ValidationError(f"参加单位{names}尚未报送，销号须写明理由。")
    return CloseOut.objects.create(
        task=task, submission=submission, note=note.strip(), closed_by=user
    )

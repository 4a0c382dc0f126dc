"""Writes for reporting rounds: open, report, review, extend, rate, close out, remind."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import record_change
from zhenxing.lib.periods import period_bounds, period_title
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.policies.services import task_update
from zhenxing.rounds import notifications
from zhenxing.rounds.models import (
    Assessment,
    CloseOut,
    CoordinationNeed,
    Evidence,
    ExtensionRequest,
    PeriodKind,
    ReportingRound,
    ReviewEvent,
    Submission,
    SubmissionSnapshot,
)

SUBMISSION_FIELDS = ("progress_status", "progress", "problems", "next_steps", "figures")


@transaction.atomic
def round_open(
    *,
    user,
    tasks,
    period_kind: str,
    due_date: datetime.date,
    period_label: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    title: str = "",
    instructions: str = "",
    mechanism=None,
    schedule=None,
) -> ReportingRound:
    """Open a round over `tasks`: one submission per (task, lead or participating unit).

    Completed (closed-out) tasks and tasks without a lead unit are left out. Submissions are
    created in bulk and recorded in the change log as one entry for the round.
    """
    if period_kind != PeriodKind.AD_HOC:
        try:
            period_start, period_end = period_bounds(period_kind, period_label)
        except ValueError as error:
            raise ValidationError(str(error)) from error
    elif not (period_start and period_end):
        raise ValidationError("专项调度须填写期间开始和结束日期。")
    if not period_label:
        period_label = f"{period_start:%Y%m%d}-{period_end:%Y%m%d}"
    task_list = list(
        Task.objects.filter(
            pk__in=[t.pk for t in tasks] if not hasattr(tasks, "values") else tasks.values("pk")
        )
        .filter(lead_unit__isnull=False, close_out__isnull=True)
        .prefetch_related("participating_units")
    )
    if not task_list:
        raise ValidationError("所选范围内没有需要报送的任务（任务须有牵头单位且未销号）。")
    if not title:
        title = f"{period_title(period_kind, period_label) if period_kind != PeriodKind.AD_HOC else '专项'}重点任务进展调度"
    round_ = ReportingRound(
        mechanism=mechanism,
        schedule=schedule,
        title=title[:200],
        period_kind=period_kind,
        period_label=period_label,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        instructions=instructions,
        opened_by=user,
    )
    round_.full_clean()
    round_.save()
    round_.tasks.add(*task_list)
    submissions = []
    for task in task_list:
        submissions.append(
            Submission(
                round=round_, task=task, unit_id=task.lead_unit_id, role=Submission.Role.LEAD
            )
        )
        for unit in task.participating_units.all():
            if unit.pk != task.lead_unit_id:
                submissions.append(
                    Submission(round=round_, task=task, unit=unit, role=Submission.Role.PARTICIPANT)
                )
    Submission.objects.bulk_create(submissions, batch_size=2000)
    record_change(
        instance=round_,
        action=ChangeRecord.Action.UPDATE,
        after={"tasks": len(task_list), "submissions_created": len(submissions)},
        reason="发起调度，生成报送任务",
    )
    unit_ids = {submission.unit_id for submission in submissions}
    notifications.notify_units(
        unit_ids,
        kind="round_opened",
        title=f"请于{due_date:%Y年%m月%d日}前报送：{round_.title}",
        body=instructions,
        link=f"/rounds/{round_.pk}/",
        dedup_key=f"round:{round_.pk}:opened",
    )
    return round_


def _check_version(submission: Submission, expected_version: int | None) -> Submission:
    locked = Submission.objects.select_for_update().select_related("round").get(pk=submission.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError(
            "该报送已被他人修改，请刷新后再编辑。(Changed by someone else; reload.)"
        )
    return locked


@transaction.atomic
def submission_save_draft(
    *,
    submission: Submission,
    user,
    fields: dict,
    expected_version: int | None,
    coordination_needs: list[dict] | None = None,
) -> Submission:
    """Save (or autosave) a draft; only drafts and returned reports can change."""
    locked = _check_version(submission, expected_version)
    if not locked.is_editable:
        raise ValidationError("已报送的内容不能修改；如需修改请等待退回。")
    unknown = set(fields) - set(SUBMISSION_FIELDS)
    if unknown:
        raise ValidationError(f"不可修改的字段：{'、'.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.draft_saved_at = timezone.now()
    locked.full_clean(exclude=["round", "task", "unit"])
    locked.save()
    if coordination_needs is not None:
        locked.coordination_needs.all().delete()
        for item in coordination_needs:
            if not item.get("description", "").strip():
                continue
            need = CoordinationNeed.objects.create(
                submission=locked, description=item["description"].strip()
            )
            if item.get("units"):
                need.units_asked.set(item["units"])
    return locked


@transaction.atomic
def submission_submit(
    *, submission: Submission, user, expected_version: int | None = None
) -> Submission:
    """Submit (or resubmit after a return); the content is archived and never altered."""
    locked = _check_version(submission, expected_version)
    if not locked.round.is_open:
        raise ValidationError("本次调度已结束，不能再报送。")
    if locked.status not in Submission.EDITABLE:
        raise ValidationError("该报送已经报送。")
    if not locked.progress.strip():
        raise ValidationError("请填写进展情况后再报送。")
    if locked.progress_status == Submission.Progress.NOT_STARTED and not locked.problems.strip():
        raise ValidationError("任务未启动的，请在“存在问题”中说明原因。")
    now = timezone.now()
    resubmission = locked.status == Submission.Status.RETURNED
    locked.status = Submission.Status.RESUBMITTED if resubmission else Submission.Status.SUBMITTED
    locked.submitted_at = now
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.submitted_by = user
    locked.version += 1
    locked.save()
    SubmissionSnapshot.objects.create(
        submission=locked,
        number=locked.snapshots.count() + 1,
        content=_content_of(locked),
        submitted_by=user,
    )
    ReviewEvent.objects.create(
        submission=locked,
        action=ReviewEvent.Action.RESUBMIT if resubmission else ReviewEvent.Action.SUBMIT,
        actor=user,
    )
    return locked


def _content_of(submission: Submission) -> dict:
    return {
        **{name: getattr(submission, name) for name in SUBMISSION_FIELDS},
        "coordination_needs": [
            {
                "description": need.description,
                "units": [u.full_name for u in need.units_asked.all()],
            }
            for need in submission.coordination_needs.all()
        ],
        "evidence": [evidence.filename for evidence in submission.evidence.all()],
    }


@transaction.atomic
def submission_return(*, submission: Submission, user, note: str) -> Submission:
    """Send a report back for revision with a note; the unit is told."""
    if not note.strip():
        raise ValidationError("退回须写明意见。")
    locked = _check_version(submission, None)
    if locked.status not in Submission.WAITING_FOR_REVIEW:
        raise ValidationError("只能退回已报送、待审核的报送。")
    locked.status = Submission.Status.RETURNED
    locked.review_note = note.strip()
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = user
    locked.return_count += 1
    locked.version += 1
    locked.save()
    ReviewEvent.objects.create(
        submission=locked, action=ReviewEvent.Action.RETURN, note=note.strip(), actor=user
    )
    notifications.notify_units(
        {locked.unit_id},
        kind="returned",
        title=f"报送被退回：{locked.task.code} {locked.task.title}",
        body=note.strip(),
        link=f"/rounds/submissions/{locked.pk}/",
        dedup_key=f"submission:{locked.pk}:returned:{locked.return_count}",
    )
    return locked


@transaction.atomic
def submission_accept(*, submission: Submission, user, note: str = "") -> Submission:
    """Accept a report; it is locked from then on."""
    locked = _check_version(submission, None)
    if locked.status not in Submission.WAITING_FOR_REVIEW:
        raise ValidationError("只能采用已报送、待审核的报送。")
    locked.status = Submission.Status.ACCEPTED
    locked.review_note = note.strip()
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = user
    locked.version += 1
    locked.save()
    ReviewEvent.objects.create(
        submission=locked, action=ReviewEvent.Action.ACCEPT, note=note.strip(), actor=user
    )
    return locked


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG", "image/png"),
    ".txt": (b"", "text/plain"),
}


@transaction.atomic
def evidence_add(*, submission: Submission, user, filename: str, data: bytes) -> Evidence:
    """Attach an evidence file, checking size and that its content matches its type."""
    if not submission.is_editable:
        raise ValidationError("已报送的内容不能再添加材料。")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ValidationError(f"文件过大，上限为 {EVIDENCE_MAX_BYTES // 1048576} MB。")
    if not data:
        raise ValidationError("文件为空。")
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError("只能上传 PDF、Word(.docx)、Excel(.xlsx)、图片(jpg/png) 或文本文件。")
    magic, content_type = EVIDENCE_TYPES[suffix]
    if not data.startswith(magic):
        raise ValidationError("文件内容与扩展名不符。")
    from django.core.files.base import ContentFile

    safe_name = filename.replace("/", "_").replace("\\", "_")[-150:]
    evidence = Evidence(
        submission=submission,
        filename=safe_name,
        content_type=content_type,
        size=len(data),
        uploaded_by=user,
    )
    evidence.file.save(safe_name, ContentFile(data), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def round_close(*, round_: ReportingRound, user) -> ReportingRound:
    if not round_.is_open:
        raise ValidationError("本次调度已结束。")
    round_.status = ReportingRound.Status.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = user
    round_.save()
    return round_


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
    notifications.notify_units(
        {request.unit_id},
        kind="extension_decided",
        title=f"延期申请{'已同意' if approve else '未同意'}：{request.task.code} {request.task.title}",
        body=note.strip(),
        link=f"/policies/tasks/{request.task_id}/",
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
    """销号: only on an accepted report that says completed and carries evidence."""
    if hasattr(task, "close_out"):
        raise ValidationError("该任务已销号。")
    if submission.task_id != task.pk:
        raise ValidationError("所选报送不属于该任务。")
    if submission.status != Submission.Status.ACCEPTED:
        raise ValidationError("须先采用报送，才能据以销号。")
    if submission.progress_status != Submission.Progress.COMPLETED:
        raise ValidationError("报送的进展状态须为“已完成”。")
    if not submission.evidence.exists():
        raise ValidationError("销号须有佐证材料。")
    return CloseOut.objects.create(
        task=task, submission=submission, note=note.strip(), closed_by=user
    )

"""Writes for reporting rounds: open, report, review, extend, rate, close out, remind."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import record_change
from zhenxing.indicators.services import observations_from_report
from zhenxing.lib.evidence import EVIDENCE_MAX_BYTES, evidence_store  # noqa: F401 (tests)
from zhenxing.lib.periods import period_bounds, period_title
from zhenxing.lib.versions import VersionConflict, lock_version
from zhenxing.mechanisms.scope import top_mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.selectors import unit_recipients
from zhenxing.notifications.services import notifications_send, notifications_send_to_units
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import task_update
from zhenxing.rounds import selectors
from zhenxing.rounds.models import (
    Assessment,
    Chase,
    CloseOut,
    CoordinationNeed,
    Evidence,
    ExtensionRequest,
    PeriodKind,
    ReportingRound,
    ReviewEvent,
    RoundSchedule,
    Submission,
    SubmissionSnapshot,
)

SUBMISSION_FIELDS = ("progress_status", "progress", "problems", "next_steps", "figures")


class StaleSubmissionError(VersionConflict):
    """The submission changed since the editor loaded it (its version moved on)."""


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

    Only tasks of published plans are reported on; completed (closed-out) tasks and tasks
    without a lead unit are left out. Submissions are created in bulk and recorded in the
    change log as one entry for the round.
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
    in_scope = Task.objects.filter(
        pk__in=[t.pk for t in tasks] if not hasattr(tasks, "values") else tasks.values("pk"),
        lead_unit__isnull=False,
        close_out__isnull=True,
        plan__status=DivisionPlan.Status.PUBLISHED,
    )
    leads = dict(in_scope.order_by("plan_id", "position").values_list("pk", "lead_unit_id"))
    if not leads:
        raise ValidationError(
            "所选范围内没有需要报送的任务（任务须属于已发布的方案、有牵头单位且未销号）。"
        )
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
    round_.tasks.add(*leads)
    pairs = [(task_id, unit_id, Submission.Role.LEAD) for task_id, unit_id in leads.items()]
    # A co-lead (A、B牵头) reports on the task as the lead unit does.
    co_leading = Task.co_lead_units.through.objects.filter(task_id__in=in_scope.values("pk"))
    co_leads = {
        (task_id, unit_id)
        for task_id, unit_id in co_leading.order_by("task_id", "id").values_list(
            "task_id", "unit_id"
        )
        if unit_id != leads[task_id]
    }
    pairs += [(task_id, unit_id, Submission.Role.LEAD) for task_id, unit_id in sorted(co_leads)]
    participating = Task.participating_units.through.objects.filter(
        task_id__in=in_scope.values("pk")
    )
    pairs += [
        (task_id, unit_id, Submission.Role.PARTICIPANT)
        for task_id, unit_id in participating.order_by("task_id", "id").values_list(
            "task_id", "unit_id"
        )
        if unit_id != leads[task_id] and (task_id, unit_id) not in co_leads
    ]
    _insert_submissions(round_, pairs)
    record_change(
        instance=round_,
        action=ChangeRecord.Action.UPDATE,
        after={"tasks": len(leads), "submissions_created": len(pairs)},
        reason="发起调度，生成报送任务",
    )
    notifications_send_to_units(
        unit_ids={unit_id for _task_id, unit_id, _role in pairs},
        kind="round_opened",
        title=f"请于{due_date:%Y年%m月%d日}前报送：{round_.title}",
        body=instructions,
        link=f"/rounds/{round_.pk}/",
        dedup_key=f"round:{round_.pk}:opened",
    )
    return round_


def _insert_submissions(round_: ReportingRound, pairs: list[tuple[int, int, str]]) -> None:
    """One INSERT run for every (task, unit, role) with the model's defaults.

    bulk_create builds a model instance and prepares ~20 values for each of 10,000 rows, in
    SQLite batches of 49 rows; here each column's default is prepared once, by its own field,
    so the values are right for SQLite and PostgreSQL alike (see docs/performance.md).
    """
    fields = [field for field in Submission._meta.concrete_fields if not field.primary_key]
    names = [field.name for field in fields]
    template = [field.get_db_prep_save(field.get_default(), connection) for field in fields]
    template[names.index("round")] = round_.pk
    task, unit, role = names.index("task"), names.index("unit"), names.index("role")
    rows = []
    for task_id, unit_id, role_value in pairs:
        row = template.copy()
        row[task], row[unit], row[role] = task_id, unit_id, str(role_value)
        rows.append(row)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(Submission._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # nosec B608  # quoted table and column names from our model; values bound


def _check_version(submission: Submission, expected_version: int | None) -> Submission:
    """Lock the submission for a unit's write; a stale or missing version is refused."""
    try:
        return lock_version(
            Submission.objects.select_related("round"),
            pk=submission.pk,
            expected_version=expected_version,
        )
    except VersionConflict as conflict:
        raise StaleSubmissionError(
            conflict.current,
            "该报送已被他人修改，请刷新后再编辑。(Changed by someone else; reload.)",
        ) from conflict


def _locked(submission: Submission) -> Submission:
    """Lock the submission for a review decision (the secretariat acts on what is submitted)."""
    return Submission.objects.select_for_update().select_related("round").get(pk=submission.pk)


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
        _replace_coordination_needs(locked, coordination_needs)
    return locked


def _replace_coordination_needs(submission: Submission, items: list[dict]) -> None:
    """Autosave sends the whole list every few seconds: rewrite it only when it changed, so
    the change log does not fill with identical deletions and re-creations."""
    wanted = [
        (item["description"].strip(), sorted(_unit_pk(unit) for unit in item.get("units") or []))
        for item in items
        if item.get("description", "").strip()
    ]
    existing = [
        (need.description, sorted(unit.pk for unit in need.units_asked.all()))
        for need in submission.coordination_needs.prefetch_related("units_asked")
    ]
    if wanted == existing:
        return
    submission.coordination_needs.all().delete()
    for description, unit_ids in wanted:
        need = CoordinationNeed.objects.create(submission=submission, description=description)
        if unit_ids:
            need.units_asked.set(unit_ids)


def _unit_pk(unit) -> int:
    return unit if isinstance(unit, int) else unit.pk


@transaction.atomic
def submission_submit(*, submission: Submission, user, expected_version: int | None) -> Submission:
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
    locked = _locked(submission)
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
    notifications_send_to_units(
        unit_ids={locked.unit_id},
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
    locked = _locked(submission)
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
    # Figures reported against catalogue indicators become observations once accepted.
    observations_from_report(
        figures=locked.figures,
        region=locked.unit.region,
        period_label=locked.round.period_label,
        source_reference=f"{locked.round} · {locked.unit.display_name}"[:300],
        user=user,
    )
    notifications_send_to_units(
        unit_ids={locked.unit_id},
        kind="accepted",
        title=f"报送已采用：{locked.task.code} {locked.task.title}",
        body=note.strip(),
        link=f"/rounds/submissions/{locked.pk}/",
        dedup_key=f"submission:{locked.pk}:accepted",
    )
    return locked


def submissions_accept(*, submissions, user) -> tuple[list[Submission], list[str]]:
    """Accept several reports, each exactly as submission_accept does on its own (locked,
    event, notification, audit). One that can no longer be accepted (reviewed meanwhile) is
    left and named; the others still go through. Returns (accepted, refusals)."""
    accepted, refusals = [], []
    for submission in submissions:
        try:
            accepted.append(submission_accept(submission=submission, user=user))
        except ValidationError as error:
            refusals.append(
                f"{submission.task.code} {submission.unit.display_name}：{error.messages[0]}"
            )
    return accepted, refusals


@transaction.atomic
def evidence_add(*, submission: Submission, user, filename: str, data: bytes) -> Evidence:
    """Attach an evidence file, checking size and that its content matches its type."""
    if not submission.is_editable:
        raise ValidationError("已报送的内容不能再添加材料。")
    return evidence_store(Evidence(submission=submission), filename=filename, data=data, user=user)


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> None:
    """Take back a file uploaded by mistake, while the report can still change."""
    if not evidence.submission.is_editable:
        raise ValidationError("已报送的材料不能删除。")
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def round_close(*, round_: ReportingRound, user) -> ReportingRound:
    """End a round: nothing more can be submitted to it; reviews of what came in may go on."""
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
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


@transaction.atomic
def round_schedule_save(
    *,
    user,
    plan: DivisionPlan,
    period_kind: str,
    days_after_period_end: int = 10,
    instructions: str = "",
    is_active: bool = True,
    schedule: RoundSchedule | None = None,
    version: int | None = None,
) -> RoundSchedule:
    """Create or change a recurring round over a published plan; a change carries the version
    read (`version`): a stale or missing one is refused."""
    if period_kind == PeriodKind.AD_HOC:
        raise ValidationError("专项调度不能定期发起。")
    if not plan.is_published:
        raise ValidationError("只能对已发布的分工方案定期调度。")
    mechanism = plan.mechanism or top_mechanism()
    if mechanism is None:
        raise ValidationError("尚未加载工作机制。")
    if schedule is not None and schedule.pk is not None:
        locked = lock_version(RoundSchedule.objects.all(), pk=schedule.pk, expected_version=version)
        schedule.version = locked.version + 1
    schedule = schedule or RoundSchedule(created_by=user)
    schedule.plan = plan
    schedule.mechanism = mechanism
    schedule.period_kind = period_kind
    schedule.days_after_period_end = days_after_period_end
    schedule.instructions = instructions.strip()
    schedule.is_active = is_active
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def round_chase(*, round_: ReportingRound, user, unit_ids) -> list[Chase]:
    """催报: notify the liaisons of each unit asked that still has reports to file in the open
    round, now; once per unit and day (units already chased today are skipped), each recorded.

    Returns the chases made."""
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError("调度已结束，不能催报。")
    today = timezone.localdate()
    outstanding = selectors.outstanding_by_unit(round_)
    chased_today = set(round_.chases.filter(chased_on=today).values_list("unit_id", flat=True))
    chases = []
    for unit_id in sorted(set(unit_ids) & set(outstanding) - chased_today):
        count = outstanding[unit_id]
        recipients = unit_recipients({unit_id})
        notifications_send(
            recipients=recipients,
            kind=Notification.Kind.CHASED,
            title=f"催报：{round_.title}",
            body=(
                f"尚有 {count} 份报送未报（截止日期 {round_.due_date:%Y-%m-%d}），"
                "秘书处请尽快报送。"
            ),
            link=f"/rounds/{round_.pk}/",
            dedup_key=f"round:{round_.pk}:unit:{unit_id}:chase:{today:%Y-%m-%d}",
        )
        chases.append(
            Chase.objects.create(
                round=round_,
                unit_id=unit_id,
                chased_by=user,
                chased_on=today,
                outstanding=count,
                recipients=len(recipients),
            )
        )
    return chases

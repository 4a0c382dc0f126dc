"""Writing reports: drafts, submission, return and acceptance, evidence files."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.indicators.services import observations_from_report
from zhenxing.lib.evidence import evidence_store
from zhenxing.lib.versions import VersionConflict, lock_version
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.rounds.models import (
    CoordinationNeed,
    Evidence,
    ReviewEvent,
    Submission,
    SubmissionSnapshot,
)

SUBMISSION_FIELDS = ("progress_status", "progress", "problems", "next_steps", "figures")


class StaleSubmissionError(VersionConflict):
    """The submission changed since the editor loaded it (its version moved on)."""


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

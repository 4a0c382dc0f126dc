"""API: the rounds actions after the report (/api/v1/rounds): evidence, accepting several
reports, close-out, ratings, chasing, and recurring round schedules. The pages' services and
access helpers; a refusal answers 400 with the service's wording, a stale schedule 409."""

import datetime

from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from zhenxing.lib.actions import api_form, run_api_action, run_versioned_api_action
from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.rounds import access, selectors, services
from zhenxing.rounds.forms import RoundScheduleForm
from zhenxing.rounds.models import Assessment, PeriodKind, RoundSchedule

router = Router(tags=["rounds"])


class EvidenceOut(Schema):
    id: int
    submission_id: int
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime.datetime


class CloseOutIn(Schema):
    note: str = ""


class CloseOutOut(Schema):
    task_id: int
    submission_id: int
    note: str
    closed_by_id: int | None
    closed_at: datetime.datetime


class BulkAcceptIn(Schema):
    submission_ids: list[int]


class BulkAcceptOut(Schema):
    accepted: list[int]
    refusals: list[str]


class AssessmentIn(Schema):
    rating: Assessment.Rating
    reason: str = ""
    round_id: int | None = None


class AssessmentOut(Schema):
    id: int
    task_id: int
    round_id: int | None
    rating: Assessment.Rating
    reason: str
    assessed_by_id: int | None
    assessed_at: datetime.datetime


class ChaseIn(Schema):
    unit_ids: list[int]


class ChaseOut(Schema):
    unit_id: int
    chased_on: datetime.date


class ScheduleOut(Schema):
    id: int
    mechanism_id: int
    plan_id: int
    period_kind: PeriodKind
    days_after_period_end: int
    instructions: str
    is_active: bool
    version: int


class ScheduleIn(Schema):
    """A recurring round as the schedules page takes it; a change sends only what changes,
    with `version`."""

    version: int | None = None
    plan_id: int | None = None
    period_kind: PeriodKind | None = None
    days_after_period_end: int | None = None
    instructions: str | None = None
    is_active: bool | None = None


def _schedule_form(payload: ScheduleIn, schedule: RoundSchedule | None = None):
    names = {"plan_id": "plan"}
    changes = {}
    for name, value in payload.dict(exclude_unset=True).items():
        if name == "is_active":
            changes["is_active"] = "on" if value else ""  # as a check box posts it
        else:
            changes[names.get(name, name)] = "" if value is None else value
    return api_form(RoundScheduleForm, changes, instance=schedule)


@router.post(
    "/submissions/{int:submission_id}/evidence", response={201: EvidenceOut}, tags=["evidence"]
)
def upload_evidence(request, submission_id: int, file: File[UploadedFile]):
    """Attach an evidence file (multipart field `file`) to a report that can still change; the
    page's checks: size limit, allowed types, content matching the extension, no hostile
    office file (zhenxing/lib/uploads.py)."""
    submission, can_edit = access.get_submission_for_user(request.user, submission_id)
    require(can_edit)
    evidence = run_api_action(
        services.evidence_add,
        submission=submission,
        user=request.user,
        filename=file.name,
        data=file.read(),
    )
    return Status(201, evidence)


@router.get("/evidence/{int:evidence_id}", tags=["evidence"])
def download_evidence(request, evidence_id: int):
    evidence, _can_remove = access.get_evidence_for_user(request.user, evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.filename)


@router.delete("/evidence/{int:evidence_id}", response={204: None}, tags=["evidence"])
def remove_evidence(request, evidence_id: int):
    """Take back a file uploaded by mistake, while the report can still change."""
    evidence, can_remove = access.get_evidence_for_user(request.user, evidence_id)
    require(can_remove)
    run_api_action(services.evidence_remove, evidence=evidence, user=request.user)
    return Status(204, None)


@router.post("/submissions/accept", response=BulkAcceptOut)
def accept_submissions(request, payload: BulkAcceptIn):
    """Accept several reports of the review queue, each as its own 采用; those that can no
    longer be accepted are named in `refusals`."""
    require(access.may_manage_rounds(request.user))
    ticked = selectors.review_queue(
        access.submissions_visible_to(request.user).filter(pk__in=payload.submission_ids)
    )
    accepted, refusals = services.submissions_accept(submissions=ticked, user=request.user)
    return {"accepted": [submission.pk for submission in accepted], "refusals": refusals}


@router.post("/submissions/{int:submission_id}/close-out", response={201: CloseOutOut})
def close_out_task(request, submission_id: int, payload: CloseOutIn):
    """销号 the report's task from this accepted, completed lead report with evidence."""
    submission, _can_edit = access.get_submission_for_user(request.user, submission_id)
    require(access.may_manage_rounds(request.user))
    close_out = run_api_action(
        services.task_close_out,
        task=submission.task,
        user=request.user,
        submission=submission,
        note=payload.note,
    )
    return Status(201, close_out)


@router.post("/tasks/{int:task_id}/assessments", response={201: AssessmentOut})
def rate_task(request, task_id: int, payload: AssessmentIn):
    """An assessor's own rating of a task (green, yellow, red; red needs a reason)."""
    task, can_manage = access.get_supervised_task_for_user(request.user, task_id)
    require(can_manage)
    round_ = None
    if payload.round_id is not None:
        round_ = task.rounds.filter(pk=payload.round_id).first()
        if round_ is None:
            raise HttpError(400, "所选调度不含该任务。")
    assessment = run_api_action(
        services.assessment_record,
        task=task,
        user=request.user,
        rating=payload.rating,
        reason=payload.reason,
        round_=round_,
    )
    return Status(201, assessment)


@router.post("/{int:round_id}/chase", response=list[ChaseOut])
def chase_round(request, round_id: int, payload: ChaseIn):
    """催报 the units named that still have reports to file, now (once per unit and day)."""
    round_, can_manage = access.get_round_for_user(request.user, round_id)
    require(can_manage)
    return run_api_action(
        services.round_chase, round_=round_, user=request.user, unit_ids=set(payload.unit_ids)
    )


@router.get("/schedules", response=list[ScheduleOut], tags=["schedules"])
def list_schedules(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """Recurring rounds (定期调度) of the mechanism in use; pages by the `Link` header."""
    require(access.may_manage_rounds(request.user))
    schedules = within_mechanism(
        RoundSchedule.objects.all(), mechanism_for_api(request, mechanism), "mechanism"
    )
    return api_page(request, response, schedules, ordering=["id"], cursor=cursor)


@router.post("/schedules", response={201: ScheduleOut}, tags=["schedules"])
def create_schedule(request, payload: ScheduleIn):
    require(access.may_manage_rounds(request.user))
    data = _schedule_form(payload).cleaned_data
    schedule = run_api_action(services.round_schedule_save, user=request.user, **data)
    return Status(201, schedule)


@router.patch(
    "/schedules/{int:schedule_id}", response={200: ScheduleOut, 409: dict}, tags=["schedules"]
)
def edit_schedule(request, schedule_id: int, payload: ScheduleIn):
    """Change a recurring round; `version` must be the one read, otherwise 409."""
    require(access.may_manage_rounds(request.user))
    schedule = get_object_or_404(RoundSchedule, pk=schedule_id)
    data = _schedule_form(payload, schedule).cleaned_data
    return run_versioned_api_action(
        services.round_schedule_save,
        lambda row: ScheduleOut.from_orm(row).dict(),
        user=request.user,
        schedule=schedule,
        **data,
    )

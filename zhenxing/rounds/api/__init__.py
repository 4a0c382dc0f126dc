"""API: rounds, submissions, review actions, extension requests and dashboards (/api/v1/rounds);
evidence, close-out, ratings, chasing and schedules are in `followups`, on the same path.

The same access module and services as the pages. Refusals: 401 without login, 403 for a role
that may not act, 404 for what the user may not see, 400 for invalid input, 409 when the
submission changed since it was read (send the current `version`).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import may_work_in, mechanism_for_api, within_mechanism
from zhenxing.operations.list_cache import cached_api_list, tables_of
from zhenxing.orgs.access import acting_unit, is_unit_person, require, sees_everything
from zhenxing.policies.models import DivisionPlan
from zhenxing.rounds import access, selectors, services
from zhenxing.rounds.api.followups import router as followups_router
from zhenxing.rounds.models import (
    ExtensionRequest,
    PeriodKind,
    ReportingRound,
    Submission,
)
from zhenxing.rounds.selectors.calendars import calendar_periods, calendar_rows

router = Router(tags=["rounds"])
router.add_router("", followups_router)


class RoundOut(Schema):
    id: int
    title: str
    period_kind: PeriodKind
    period_label: str
    period_start: datetime.date
    period_end: datetime.date
    due_date: datetime.date
    instructions: str
    status: ReportingRound.Status
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None


class RoundOpenIn(Schema):
    plan_id: int
    period_kind: PeriodKind
    due_date: datetime.date
    period_label: str = ""
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    title: str = ""
    instructions: str = ""
    task_ids: list[int] = []
    path_prefixes: list[str] = []


class NeedIn(Schema):
    description: str
    unit_ids: list[int] = []


class DraftIn(Schema):
    version: int
    progress_status: Submission.Progress | None = None
    progress: str | None = None
    problems: str | None = None
    next_steps: str | None = None
    figures: dict[str, str] | None = None
    coordination_needs: list[NeedIn] | None = None


class VersionIn(Schema):
    # Optional in the schema so access is checked first; the service refuses a missing one.
    version: int | None = None


class NoteIn(Schema):
    note: str = ""


class ExtensionIn(Schema):
    task_id: int
    requested_due_date: datetime.date
    reason: str


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class ExtensionOut(Schema):
    id: int
    task_id: int
    unit_id: int
    current_due_date: datetime.date
    requested_due_date: datetime.date
    reason: str
    status: ExtensionRequest.Status
    requested_at: datetime.datetime
    decided_at: datetime.datetime | None
    decision_note: str


def _service(call, *args, **kwargs):
    """Run a service; its refusals become 400 (invalid, or no version sent) or 409 with the
    current submission (stale version: someone else saved since it was read)."""
    try:
        return call(*args, **kwargs)
    except services.StaleSubmissionError as error:
        current = submission_out(error.current, True)
        return Status(409, {"detail": "；".join(error.messages), "current": current})
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error


def submission_out(submission: Submission, can_edit: bool) -> dict:
    return {
        "id": submission.pk,
        "round_id": submission.round_id,
        "task_id": submission.task_id,
        "task_code": submission.task.code,
        "unit_id": submission.unit_id,
        "unit": submission.unit.display_name,
        "role": submission.role,
        "status": submission.status,
        "progress_status": submission.progress_status,
        "progress": submission.progress,
        "problems": submission.problems,
        "next_steps": submission.next_steps,
        "figures": submission.figures,
        "version": submission.version,
        "first_submitted_at": submission.first_submitted_at,
        "submitted_at": submission.submitted_at,
        "review_note": submission.review_note,
        "return_count": submission.return_count,
        "can_edit": can_edit,
    }


@router.get("", response=list[RoundOut])
def list_rounds(request, status: str = "", mechanism: str = ""):
    """Rounds of a mechanism the caller works in (`mechanism`: its code; default: in use)."""
    require(access.may_use_rounds(request.user))
    rounds = within_mechanism(
        access.rounds_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return rounds.filter(status=status) if status else rounds


@router.post("", response={201: RoundOut})
def open_round(request, payload: RoundOpenIn):
    require(access.may_manage_rounds(request.user))
    plan = get_object_or_404(
        DivisionPlan.objects.filter(status=DivisionPlan.Status.PUBLISHED), pk=payload.plan_id
    )
    tasks = plan.tasks.all()
    if payload.task_ids:
        tasks = tasks.filter(pk__in=payload.task_ids)
    if payload.path_prefixes:
        matching = Q()
        for prefix in payload.path_prefixes:
            matching |= Q(source_node__path=prefix) | Q(source_node__path__startswith=prefix + "/")
        tasks = tasks.filter(matching)
    fields = payload.dict(exclude={"plan_id", "task_ids", "path_prefixes"})
    mechanism = plan.mechanism or mechanism_for_api(request, None)
    round_ = _service(
        services.round_open, user=request.user, tasks=tasks, mechanism=mechanism, **fields
    )
    return Status(201, round_)


@router.get("/calendar", response=list[dict])
def round_calendar(request, period: str = "", mechanism: str = ""):
    """The reporting calendar of a period from the mechanism (code; default: in use) down:
    each level's rounds with due date, status and reports outstanding, national first."""
    require(sees_everything(request.user))
    chosen = mechanism_for_api(request, mechanism)
    require(chosen is not None)
    period = period or next(iter(calendar_periods(chosen)), "")
    return [row.as_dict() for row in calendar_rows(mechanism=chosen, period_label=period)]


@router.post("/{int:round_id}/open-children", response={201: list[RoundOut]})
def open_children_rounds(request, round_id: int):
    """Open the levels below the round, each due its lead days before its parent."""
    round_, can_manage = access.get_round_for_user(request.user, round_id)
    require(can_manage and round_.mechanism is not None)
    require(may_work_in(request.user, round_.mechanism))
    return Status(201, _service(services.round_children_open, round_=round_, user=request.user))


@router.get("/submissions", response=list[dict])
def list_submissions(
    request,
    response: HttpResponse,
    round_id: int | None = None,
    status: str = "",
    unit_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
    mechanism: str = "",
    cursor: str = "",
):
    """Submissions the user may read (a unit: its own, and its participants' once submitted).
    Pages by the `Link` header's cursors; `offset` is kept for old clients (an OFFSET scan)."""
    require(access.may_use_rounds(request.user))

    def rows():
        submissions = within_mechanism(
            access.submissions_visible_to(request.user),
            mechanism_for_api(request, mechanism),
            "round__mechanism",
        ).order_by("pk")
        if round_id is not None:
            submissions = submissions.filter(round_id=round_id)
        if status:
            submissions = submissions.filter(status=status)
        if unit_id is not None:
            submissions = submissions.filter(unit_id=unit_id)
        size = min(max(limit, 1), 1000)
        if offset > 0:
            page = submissions[offset : offset + size]
        else:
            page = api_page(
                request, response, submissions, ordering=["id"], cursor=cursor, size=size
            )
        return [submission_out(s, access.may_edit_submission(request.user, s)) for s in page]

    return cached_api_list(
        request, response, "submissions.api", tables_of("rounds", "policies"), dict, rows
    )


@router.get("/submissions/{int:submission_id}", response=dict)
def get_submission(request, submission_id: int):
    submission, can_edit = access.get_submission_for_user(request.user, submission_id)
    data = submission_out(submission, can_edit)
    data["coordination_needs"] = [
        {"description": need.description, "unit_ids": [unit.pk for unit in need.units_asked.all()]}
        for need in submission.coordination_needs.prefetch_related("units_asked")
    ]
    data["evidence"] = [
        {"id": item.pk, "filename": item.filename, "size": item.size}
        for item in submission.evidence.all()
    ]
    data["events"] = [
        {"action": e.action, "note": e.note, "actor": str(e.actor or ""), "at": e.created_at}
        for e in submission.events.select_related("actor")
    ]
    return data


@router.put("/submissions/{int:submission_id}/draft", response={200: dict, 409: dict})
def save_draft(request, submission_id: int, payload: DraftIn):
    """Save a draft; 409 when `version` is not the current one."""
    submission, can_edit = access.get_submission_for_user(request.user, submission_id)
    require(can_edit)
    fields = payload.dict(exclude={"version", "coordination_needs"}, exclude_none=True)
    needs = None
    if payload.coordination_needs is not None:
        needs = [
            {"description": need.description, "units": need.unit_ids}
            for need in payload.coordination_needs
        ]
    saved = _service(
        services.submission_save_draft,
        submission=submission,
        user=request.user,
        fields=fields,
        expected_version=payload.version,
        coordination_needs=needs,
    )
    return saved if isinstance(saved, Status) else submission_out(saved, True)


@router.post("/submissions/{int:submission_id}/submit", response={200: dict, 409: dict})
def submit(request, submission_id: int, payload: VersionIn):
    submission, can_edit = access.get_submission_for_user(request.user, submission_id)
    require(can_edit)
    submitted = _service(
        services.submission_submit,
        submission=submission,
        user=request.user,
        expected_version=payload.version,
    )
    return submitted if isinstance(submitted, Status) else submission_out(submitted, False)


@router.post("/submissions/{int:submission_id}/return", response=dict)
def return_submission(request, submission_id: int, payload: NoteIn):
    submission, _can_edit = access.get_submission_for_user(request.user, submission_id)
    require(access.may_manage_rounds(request.user))
    returned = _service(
        services.submission_return, submission=submission, user=request.user, note=payload.note
    )
    return submission_out(returned, False)


@router.post("/submissions/{int:submission_id}/accept", response=dict)
def accept_submission(request, submission_id: int, payload: NoteIn):
    submission, _can_edit = access.get_submission_for_user(request.user, submission_id)
    require(access.may_manage_rounds(request.user))
    accepted = _service(
        services.submission_accept, submission=submission, user=request.user, note=payload.note
    )
    return submission_out(accepted, False)


@router.get("/extensions", response=list[ExtensionOut])
def list_extensions(request, status: str = "", mechanism: str = ""):
    require(access.may_use_rounds(request.user))
    requests = within_mechanism(
        access.extension_requests_visible_to(request.user),
        mechanism_for_api(request, mechanism),
        "task__plan__mechanism",
    )
    return requests.filter(status=status) if status else requests


@router.post("/extensions", response={201: ExtensionOut})
def request_extension(request, payload: ExtensionIn):
    task, _can_manage = access.get_supervised_task_for_user(request.user, payload.task_id)
    require(access.may_request_extension(request.user, task))
    created = _service(
        services.extension_request_create,
        task=task,
        unit=acting_unit(request.user),
        user=request.user,
        requested_due_date=payload.requested_due_date,
        reason=payload.reason,
    )
    return Status(201, created)


@router.post("/extensions/{int:extension_id}/decide", response=ExtensionOut)
def decide_extension(request, extension_id: int, payload: DecisionIn):
    extension, _can_decide = access.get_extension_request_for_user(request.user, extension_id)
    require(access.may_manage_rounds(request.user))
    return _service(
        services.extension_decide,
        request=extension,
        user=request.user,
        approve=payload.approve,
        note=payload.note,
    )


@router.get("/dashboards/colours", response=dict, tags=["dashboards"])
def colours(
    request,
    plan_id: int | None = None,
    today: datetime.date | None = None,
    mechanism: str | None = None,
):
    """Tasks by computed light (and the latest assessor rating, kept apart), in the mechanism
    `mechanism` (a code the caller works in) or the caller's default."""
    require(sees_everything(request.user) or is_unit_person(request.user))
    in_use = mechanism_for_api(request, mechanism)
    tasks = access.supervised_tasks_visible_to(request.user, in_use).in_force()
    if plan_id is not None:
        tasks = tasks.filter(plan_id=plan_id)
    rows = selectors.task_rows(tasks, today or timezone.localdate())
    return {
        "counts": selectors.count_colours(rows),
        "tasks": [
            {
                "id": row.task.pk,
                "code": row.task.code,
                "title": row.task.title,
                "due_date": row.task.due_date,
                "colour": row.light.colour,
                "reason": row.light.reason,
                "rating": row.rating,
            }
            for row in rows
        ],
    }


@router.get("/dashboards/league", response=list[dict], tags=["dashboards"])
def league(
    request,
    sort: str = "on_time",
    unit_kind: str = "",
    period: str = "",
    mechanism: str | None = None,
):
    """Per unit: on-time, returned and completion rates in the mechanism `mechanism` (a code
    the caller works in) or the caller's default; `period` (2026Q3, 2026H1, 2026) counts only
    the rounds of that period."""
    require(sees_everything(request.user))
    in_use = mechanism_for_api(request, mechanism)
    try:
        rounds = selectors.rounds_in_period(period) if period else None
    except ValueError as error:
        raise HttpError(422, str(error)) from error
    table = selectors.league_table(rounds=rounds, mechanism=in_use)
    rows = selectors.sorted_league(table, sort, unit_kind)
    return [
        {
            "unit_id": row.unit_id,
            "unit": row.unit,
            "due": row.due,
            "on_time": row.on_time,
            "on_time_rate": row.on_time_rate,
            "submitted": row.submitted,
            "returned": row.returned,
            "returned_rate": row.returned_rate,
            "tasks_led": row.tasks_led,
            "tasks_completed": row.tasks_completed,
            "completion_rate": row.completion_rate,
        }
        for row in rows
    ]


@router.get("/{int:round_id}", response=RoundOut)
def get_round(request, round_id: int):
    round_, _can_manage = access.get_round_for_user(request.user, round_id)
    return round_


@router.get("/{int:round_id}/completion", response=dict, tags=["dashboards"])
def round_completion(request, round_id: int):
    """Who has (not) reported: totals by status and one row per unit."""
    round_, _can_manage = access.get_round_for_user(request.user, round_id)
    require(sees_everything(request.user))
    completion = selectors.round_completion(round_)
    completion["units"] = [vars(row) for row in completion["units"]]
    completion["missing_units"] = [vars(row) for row in completion["missing_units"]]
    return completion


@router.post("/{int:round_id}/close", response=RoundOut)
def close_round(request, round_id: int):
    round_, _can_manage = access.get_round_for_user(request.user, round_id)
    require(access.may_manage_rounds(request.user))
    return _service(services.round_close, round_=round_, user=request.user)

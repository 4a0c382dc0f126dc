"""API (/api/v1/coordination): matters and their actions, meetings, assignments, instructions,
suggestions and the dashboard. Same access module and services as the pages; a refused
action answers 400 with the service's reason."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.coordination import access, selectors, services
from zhenxing.coordination.models import CoordinationMatter, Decision, PolicySuggestion
from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api
from zhenxing.orgs.access import acting_unit, require
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.projects.models import Project

router = Router(tags=["coordination"])


def _call(service, **arguments):
    try:
        return service(**arguments)
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error


def _units(ids) -> list[Unit]:
    units = list(Unit.objects.filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise HttpError(400, "单位编号无效。")
    return units


class MatterRequestOut(Schema):
    id: int
    unit_id: int
    unit: str
    due_date: datetime.date
    status: str
    response: str
    responded_at: datetime.datetime | None
    light: str
    light_reason: str

    @staticmethod
    def resolve_unit(request):
        return request.unit.display_name

    @staticmethod
    def resolve_light(request):
        return selectors.request_light(request).colour

    @staticmethod
    def resolve_light_reason(request):
        return selectors.request_light(request).reason


class EscalationOut(Schema):
    from_level: str
    to_level: str
    reason: str
    escalated_at: datetime.datetime


class MatterOut(Schema):
    id: int
    code: str
    title: str
    category: str
    status: str
    level: str
    raised_by_unit_id: int
    raised_by_unit: str
    raised_at: datetime.datetime
    response_due_date: datetime.date | None
    light: str
    requests: list[MatterRequestOut]

    @staticmethod
    def resolve_raised_by_unit(matter):
        return matter.raised_by_unit.display_name

    @staticmethod
    def resolve_light(matter):
        return selectors.matter_light(matter).colour if matter.is_open else ""


class MatterDetailOut(MatterOut):
    description: str
    raiser_opinion: str
    resolution: str
    task_ids: list[int]
    project_ids: list[int]
    escalations: list[EscalationOut]

    @staticmethod
    def resolve_task_ids(matter):
        return [task.pk for task in matter.tasks.all()]

    @staticmethod
    def resolve_project_ids(matter):
        return [project.pk for project in matter.projects.all()]

    @staticmethod
    def resolve_escalations(matter):
        return list(matter.escalations.all())


class MatterIn(Schema):
    title: str
    description: str
    category: str = CoordinationMatter.Category.OTHER
    proposed_unit_ids: list[int] = []
    task_ids: list[int] = []
    project_ids: list[int] = []
    response_due_date: datetime.date | None = None


class RouteIn(Schema):
    unit_ids: list[int]
    due_date: datetime.date | None = None


class TextIn(Schema):
    text: str


class ConfirmIn(Schema):
    accepted: bool
    opinion: str = ""


@router.get("/dashboard", response=dict)
def get_dashboard(request):
    require(access.may_use_coordination(request.user))
    board = selectors.dashboard(access.matters_visible_to(request.user))
    return {
        "open": board.open_count,
        "awaiting_decision": board.awaiting_decision,
        "age_buckets": board.buckets,
        "by_level": {level: counts for level, _label, counts, _total in board.levels},
        "overdue_requests": [
            {"matter_id": r.matter_id, "unit_id": r.unit_id, "due_date": r.due_date.isoformat()}
            for r in board.overdue
        ],
    }


@router.get("/matters", response=list[MatterOut])
def list_matters(
    request,
    response: HttpResponse,
    status: str = "",
    level: str = "",
    open_only: bool = False,
    cursor: str = "",
):
    """The newest matters first, 100 a page; the next page by the `Link` header's cursor."""
    require(access.may_use_coordination(request.user))
    matters = access.matters_visible_to(request.user)
    if open_only:
        matters = matters.open()
    if status:
        matters = matters.filter(status=status)
    if level:
        matters = matters.filter(level=level)
    matters = selectors.with_requests(matters)
    return api_page(request, response, matters, ordering=["-raised_at", "-id"], cursor=cursor)


@router.post("/matters", response={201: MatterDetailOut})
def raise_matter(request, payload: MatterIn):
    require(access.may_use_coordination(request.user) and access.may_raise(request.user))
    matter = _call(
        services.matter_raise,
        user=request.user,
        mechanism=mechanism_for_api(request, None),
        unit=acting_unit(request.user) or request.user.unit,
        title=payload.title,
        description=payload.description,
        category=payload.category,
        proposed_units=_units(payload.proposed_unit_ids),
        tasks=list(Task.objects.filter(pk__in=payload.task_ids)),
        projects=list(Project.objects.filter(pk__in=payload.project_ids)),
        response_due_date=payload.response_due_date,
    )
    return Status(201, matter)


@router.get("/matters/{matter_id}", response=MatterDetailOut)
def get_matter(request, matter_id: int):
    matter, _actions = access.get_matter_for_user(request.user, matter_id)
    return matter


@router.post("/matters/{matter_id}/route", response=MatterDetailOut)
def route_matter(request, matter_id: int, payload: RouteIn):
    matter = access.get_matter_for_manager(request.user, matter_id)
    return _call(
        services.matter_route,
        matter=matter,
        user=request.user,
        units=_units(payload.unit_ids),
        due_date=payload.due_date,
    )


@router.post("/requests/{request_id}/respond", response=MatterRequestOut)
def respond_to_request(request, request_id: int, payload: TextIn):
    matter_request = access.get_request_for_responder(request.user, request_id)
    return _call(
        services.matter_respond, request=matter_request, user=request.user, response=payload.text
    )


@router.post("/matters/{matter_id}/confirm", response=MatterDetailOut)
def confirm_matter(request, matter_id: int, payload: ConfirmIn):
    matter = access.get_matter_for_raiser(request.user, matter_id)
    return _call(
        services.matter_confirm,
        matter=matter,
        user=request.user,
        accepted=payload.accepted,
        opinion=payload.opinion,
    )


@router.post("/matters/{matter_id}/escalate", response=MatterDetailOut)
def escalate_matter(request, matter_id: int, payload: TextIn):
    matter = access.get_matter_for_manager(request.user, matter_id)
    _call(services.matter_escalate, matter=matter, user=request.user, reason=payload.text)
    return CoordinationMatter.objects.get(pk=matter.pk)


@router.post("/matters/{matter_id}/close", response=MatterDetailOut)
def close_matter(request, matter_id: int, payload: TextIn):
    matter = access.get_matter_for_manager(request.user, matter_id)
    return _call(services.matter_close, matter=matter, user=request.user, resolution=payload.text)


class AgendaItemOut(Schema):
    position: int
    title: str
    matter_id: int | None


class DecisionOut(Schema):
    id: int
    position: int
    text: str
    matter_id: int | None
    lead_unit_id: int
    participating_unit_ids: list[int]
    due_date: datetime.date
    task_id: int | None

    @staticmethod
    def resolve_participating_unit_ids(decision):
        return [unit.pk for unit in decision.participating_units.all()]


class MeetingOut(Schema):
    id: int
    number: int
    title: str
    held_on: datetime.date
    location: str
    convener: str
    convener_unit_id: int
    status: str


class MeetingDetailOut(MeetingOut):
    attending_unit_ids: list[int]
    minutes: str
    agenda: list[AgendaItemOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_attending_unit_ids(meeting):
        return [unit.pk for unit in meeting.attending_units.all()]

    @staticmethod
    def resolve_agenda(meeting):
        return list(meeting.agenda_items.all())

    @staticmethod
    def resolve_decisions(meeting):
        return list(
            Decision.objects.filter(meeting=meeting).prefetch_related("participating_units")
        )


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(request):
    require(access.may_use_coordination(request.user))
    return access.meetings_visible_to(request.user)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request, meeting_id: int):
    meeting, _can_edit = access.get_meeting_for_user(request.user, meeting_id)
    return meeting


class AssignmentOut(Schema):
    id: int
    title: str
    description: str
    assigned_by: str
    assigned_on: datetime.date
    lead_unit_id: int
    due_date: datetime.date
    matter_id: int | None
    task_id: int | None


@router.get("/assignments", response=list[AssignmentOut])
def list_assignments(request):
    require(access.may_use_coordination(request.user))
    return access.assignments_visible_to(request.user)


class InstructionResponseOut(Schema):
    id: int
    unit_id: int
    status: str
    response: str
    responded_at: datetime.datetime | None


class InstructionOut(Schema):
    id: int
    target_type: str
    target_id: int
    leader: str
    text: str
    issued_on: datetime.date
    response_due_date: datetime.date | None
    responses: list[InstructionResponseOut]

    @staticmethod
    def resolve_target_type(instruction):
        return f"{instruction.content_type.app_label}.{instruction.content_type.model}"

    @staticmethod
    def resolve_target_id(instruction):
        return instruction.object_id

    @staticmethod
    def resolve_responses(instruction):
        return list(instruction.responses.all())


@router.get("/instructions", response=list[InstructionOut])
def list_instructions(request, pending_for_my_unit: bool = False):
    require(access.may_use_coordination(request.user))
    instructions = access.instructions_visible_to(request.user)
    if pending_for_my_unit:
        pending = access.pending_instruction_responses(request.user).values("instruction_id")
        instructions = instructions.filter(pk__in=pending)
    return instructions


@router.post("/instruction-responses/{response_id}/respond", response=InstructionResponseOut)
def respond_to_instruction(request, response_id: int, payload: TextIn):
    response = access.get_instruction_response_for_responder(request.user, response_id)
    return _call(
        services.instruction_respond, response=response, user=request.user, text=payload.text
    )


class SuggestionOut(Schema):
    id: int
    kind: str
    title: str
    content: str
    proposing_unit_id: int
    proposed_at: datetime.datetime
    status: str
    adopted_in_id: int | None
    decision_reason: str


class SuggestionIn(Schema):
    kind: str = PolicySuggestion.Kind.PROPOSAL
    title: str
    content: str


class SuggestionDecisionIn(Schema):
    status: str
    reason: str = ""
    adopted_in_id: int | None = None


@router.get("/suggestions", response=list[SuggestionOut])
def list_suggestions(request, status: str = ""):
    require(access.may_use_coordination(request.user))
    suggestions = access.suggestions_visible_to(request.user)
    return suggestions.filter(status=status) if status else suggestions


@router.post("/suggestions", response={201: SuggestionOut})
def propose_suggestion(request, payload: SuggestionIn):
    require(access.may_use_coordination(request.user) and access.may_raise(request.user))
    suggestion = _call(
        services.suggestion_propose,
        user=request.user,
        mechanism=mechanism_for_api(request, None),
        unit=acting_unit(request.user) or request.user.unit,
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
    )
    return Status(201, suggestion)


@router.post("/suggestions/{suggestion_id}/decide", response=SuggestionOut)
def decide_suggestion(request, suggestion_id: int, payload: SuggestionDecisionIn):
    suggestion, may_decide = access.get_suggestion_for_user(request.user, suggestion_id)
    require(may_decide)
    adopted_in = (
        get_object_or_404(PolicyDocument, pk=payload.adopted_in_id)
        if payload.adopted_in_id
        else None
    )
    return _call(
        services.suggestion_decide,
        suggestion=suggestion,
        user=request.user,
        status=payload.status,
        reason=payload.reason,
        adopted_in=adopted_in,
    )

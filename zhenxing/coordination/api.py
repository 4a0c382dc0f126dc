"""API (/api/v1/coordination): matters and their actions, meetings (agenda, minutes, agreed
items, issue), assignments, instructions and responses, suggestions, the needs of progress
reports and the dashboard. Every action a page offers has its endpoint here, through the same
access module, form and service as the page: 403 for a role that may not act, 404 for what the
user may not see, 400 for invalid input or a refused action (with the service's reason), 409
when the minutes changed since they were read (send the current `version`)."""

import datetime
from typing import Literal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.coordination import access, exports, selectors, services
from zhenxing.coordination.forms import (
    AgendaItemForm,
    AssignmentForm,
    DecisionForm,
    InstructionForm,
    MatterFilterForm,
    MeetingForm,
    MinutesForm,
)
from zhenxing.coordination.models import (
    INSTRUCTION_TARGET_KINDS,
    CoordinationMatter,
    Decision,
    Meeting,
    PolicySuggestion,
)
from zhenxing.lib.actions import api_form_data, run_api_action
from zhenxing.lib.pagination import api_page
from zhenxing.lib.versions import VersionConflict
from zhenxing.lib.xlsx_export import CONTENT_TYPE as XLSX
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.operations.list_cache import cached_api_list, tables_of
from zhenxing.orgs.access import acting_unit, require
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.projects.models import Project

router = Router(tags=["coordination"])


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

    def rows():
        matters = access.matters_visible_to(request.user)
        if open_only:
            matters = matters.open()
        if status:
            matters = matters.filter(status=status)
        if level:
            matters = matters.filter(level=level)
        matters = selectors.with_requests(matters)
        return api_page(request, response, matters, ordering=["-raised_at", "-id"], cursor=cursor)

    return cached_api_list(
        request, response, "matters.api", tables_of("coordination"), MatterOut, rows
    )


@router.get("/matters.xlsx", response={200: None})
def export_matters(
    request,
    q: str = "",
    status: str = "",
    level: str = "",
    category: str = "",
    mechanism: str = "",
):
    """The ledger of matters as the matter list exports it, with the list's filters (`status`
    may be `open`: every matter not yet closed)."""
    require(access.may_use_coordination(request.user))
    form = MatterFilterForm({"q": q, "status": status, "level": level, "category": category})
    api_form_data(form)  # 400 on an unknown status, level or category
    matters = within_mechanism(
        access.matters_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    matters = selectors.with_requests(form.filter(matters).select_related("raised_by_unit"))
    response = HttpResponse(exports.matters_xlsx(matters), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{exports.FILENAME}"
    return response


@router.post("/matters", response={201: MatterDetailOut})
def raise_matter(request, payload: MatterIn):
    require(access.may_use_coordination(request.user) and access.may_raise(request.user))
    matter = run_api_action(
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
    return run_api_action(
        services.matter_route,
        matter=matter,
        user=request.user,
        units=_units(payload.unit_ids),
        due_date=payload.due_date,
    )


@router.post("/requests/{request_id}/respond", response=MatterRequestOut)
def respond_to_request(request, request_id: int, payload: TextIn):
    matter_request = access.get_request_for_responder(request.user, request_id)
    return run_api_action(
        services.matter_respond, request=matter_request, user=request.user, response=payload.text
    )


@router.post("/matters/{matter_id}/confirm", response=MatterDetailOut)
def confirm_matter(request, matter_id: int, payload: ConfirmIn):
    matter = access.get_matter_for_raiser(request.user, matter_id)
    return run_api_action(
        services.matter_confirm,
        matter=matter,
        user=request.user,
        accepted=payload.accepted,
        opinion=payload.opinion,
    )


@router.post("/matters/{matter_id}/escalate", response=MatterDetailOut)
def escalate_matter(request, matter_id: int, payload: TextIn):
    matter = access.get_matter_for_manager(request.user, matter_id)
    run_api_action(services.matter_escalate, matter=matter, user=request.user, reason=payload.text)
    return CoordinationMatter.objects.get(pk=matter.pk)


@router.post("/matters/{matter_id}/close", response=MatterDetailOut)
def close_matter(request, matter_id: int, payload: TextIn):
    matter = access.get_matter_for_manager(request.user, matter_id)
    return run_api_action(
        services.matter_close, matter=matter, user=request.user, resolution=payload.text
    )


class AgendaItemOut(Schema):
    id: int
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
    version: int
    minutes_issued_at: datetime.datetime | None
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


class MeetingIn(Schema):
    """A joint meeting to schedule. Left out, the convener, the convener's unit and the
    attending units are the mechanism's, as the page's form fills them in."""

    held_on: datetime.date
    title: str = ""
    location: str = ""
    convener: str | None = None
    convener_unit_id: int | None = None
    attending_unit_ids: list[int] | None = None


class AgendaItemIn(Schema):
    title: str


class MinutesIn(Schema):
    minutes: str
    # Optional in the schema so access is checked first; a missing one is refused (400).
    version: int | None = None


class MinutesConflictOut(Schema):
    detail: str
    current: MeetingDetailOut


class DecisionIn(Schema):
    text: str
    lead_unit_id: int
    due_date: datetime.date
    participating_unit_ids: list[int] = []
    matter_id: int | None = None


@router.get("/meetings", response=list[MeetingOut])
def list_meetings(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """The mechanism's joint meetings, latest first, 100 a page; the next page by the `Link`
    header's cursor."""
    require(access.may_use_coordination(request.user))
    meetings = within_mechanism(
        access.meetings_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return api_page(request, response, meetings, ordering=["-held_on", "-id"], cursor=cursor)


@router.post("/meetings", response={201: MeetingDetailOut})
def schedule_meeting(request, payload: MeetingIn, mechanism: str = ""):
    """Schedule the mechanism's next joint meeting; the attending units are notified."""
    require(access.may_manage(request.user))
    in_use = mechanism_for_api(request, mechanism) or selectors.default_mechanism()
    attending = payload.attending_unit_ids
    if attending is None:
        attending = list(in_use.current_memberships().values_list("unit_id", flat=True))
    form = MeetingForm(
        {
            "title": payload.title,
            "held_on": payload.held_on,
            "location": payload.location,
            "convener": in_use.convener_title if payload.convener is None else payload.convener,
            "convener_unit": payload.convener_unit_id or in_use.convener_unit_id,
            "attending_units": attending,
        }
    )
    data = api_form_data(form)
    meeting = run_api_action(services.meeting_schedule, user=request.user, mechanism=in_use, **data)
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut)
def get_meeting(request, meeting_id: int):
    meeting, _can_edit = access.get_meeting_for_user(request.user, meeting_id)
    return meeting


@router.post("/meetings/{meeting_id}/agenda/build", response=MeetingDetailOut)
def build_agenda(request, meeting_id: int):
    """Put every matter awaiting the joint meeting's decision on the agenda (once)."""
    meeting = access.get_meeting_for_manager(request.user, meeting_id)
    run_api_action(services.meeting_agenda_build, meeting=meeting, user=request.user)
    return Meeting.objects.get(pk=meeting.pk)


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut})
def add_agenda_item(request, meeting_id: int, payload: AgendaItemIn):
    """An agenda item that is not a coordination matter (a report, a work plan)."""
    meeting = access.get_meeting_for_manager(request.user, meeting_id)
    data = api_form_data(AgendaItemForm({"title": payload.title}))
    item = run_api_action(services.agenda_item_add, meeting=meeting, user=request.user, **data)
    return Status(201, item)


@router.put(
    "/meetings/{meeting_id}/minutes", response={200: MeetingDetailOut, 409: MinutesConflictOut}
)
def save_minutes(request, meeting_id: int, payload: MinutesIn):
    """Write or rewrite the minutes. `version` must be the meeting's version read; otherwise
    409 with the current meeting (someone else saved since)."""
    meeting = access.get_meeting_for_manager(request.user, meeting_id)
    data = api_form_data(MinutesForm({"minutes": payload.minutes, "version": payload.version}))
    try:
        saved = services.meeting_minutes_save(meeting=meeting, user=request.user, **data)
    except VersionConflict as stale:
        return Status(409, {"detail": "；".join(stale.messages), "current": stale.current})
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error
    return Status(200, saved)


@router.post("/meetings/{meeting_id}/decisions", response={201: DecisionOut})
def add_decision(request, meeting_id: int, payload: DecisionIn):
    """An agreed item; it becomes a tracked task in the ledger when the minutes are issued."""
    meeting = access.get_meeting_for_manager(request.user, meeting_id)
    form = DecisionForm(
        {
            "text": payload.text,
            "matter": payload.matter_id,
            "lead_unit": payload.lead_unit_id,
            "participating_units": payload.participating_unit_ids,
            "due_date": payload.due_date,
        },
        meeting=meeting,
    )
    data = api_form_data(form)
    decision = run_api_action(services.decision_add, meeting=meeting, user=request.user, **data)
    return Status(201, decision)


@router.delete("/decisions/{decision_id}", response={204: None})
def remove_decision(request, decision_id: int):
    """Remove an agreed item while the minutes are not issued."""
    decision = access.get_decision_for_manager(request.user, decision_id)
    run_api_action(services.decision_remove, decision=decision, user=request.user)
    return Status(204, None)


@router.post("/meetings/{meeting_id}/issue", response=MeetingDetailOut)
def issue_minutes(request, meeting_id: int):
    """Issue the minutes: every agreed item becomes a task in the ledger of agreed items, the
    matters decided are marked so, the units are notified. Irreversible."""
    meeting = access.get_meeting_for_manager(request.user, meeting_id)
    return run_api_action(services.meeting_minutes_issue, meeting=meeting, user=request.user)


class AssignmentOut(Schema):
    id: int
    title: str
    description: str
    assigned_by: str
    assigned_on: datetime.date
    lead_unit_id: int
    participating_unit_ids: list[int]
    due_date: datetime.date
    matter_id: int | None
    task_id: int | None

    @staticmethod
    def resolve_participating_unit_ids(assignment):
        return [unit.pk for unit in assignment.participating_units.all()]


class AssignmentIn(Schema):
    title: str
    assigned_by: str
    assigned_on: datetime.date
    lead_unit_id: int
    due_date: datetime.date
    description: str = ""
    participating_unit_ids: list[int] = []
    matter_id: int | None = None


@router.get("/assignments", response=list[AssignmentOut])
def list_assignments(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """The leading group's assignments, latest first, 100 a page; the next page by the `Link`
    header's cursor."""
    require(access.may_use_coordination(request.user))
    assignments = within_mechanism(
        access.assignments_visible_to(request.user), mechanism_for_api(request, mechanism)
    ).prefetch_related("participating_units")
    ordering = ["-assigned_on", "-id"]
    return api_page(request, response, assignments, ordering=ordering, cursor=cursor)


@router.post("/assignments", response={201: AssignmentOut})
def record_assignment(request, payload: AssignmentIn, mechanism: str = ""):
    """Record a matter the leading group assigned; it is tracked as a task in the ledger of
    assigned matters, and a matter escalated to the leading group is decided by it."""
    require(access.may_use_coordination(request.user) and access.may_manage(request.user))
    in_use = mechanism_for_api(request, mechanism)
    form = AssignmentForm(
        {
            "title": payload.title,
            "description": payload.description,
            "assigned_by": payload.assigned_by,
            "assigned_on": payload.assigned_on,
            "lead_unit": payload.lead_unit_id,
            "participating_units": payload.participating_unit_ids,
            "due_date": payload.due_date,
            "matter": payload.matter_id,
        }
    )
    data = api_form_data(form)
    assignment = run_api_action(
        services.assignment_record, user=request.user, mechanism=in_use, **data
    )
    return Status(201, assignment)


class InstructionResponseOut(Schema):
    id: int
    unit_id: int
    status: str
    response: str
    responded_at: datetime.datetime | None


class InstructionOut(Schema):
    id: int
    mechanism_id: int | None
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


class InstructionIn(Schema):
    """A leader's instruction on a task, a coordination matter or a project (`target`: task,
    matter, project; `target_id` its id) and the units that carry it out."""

    target: Literal["task", "matter", "project"]
    target_id: int
    leader: str
    text: str
    issued_on: datetime.date
    unit_ids: list[int]
    response_due_date: datetime.date | None = None


@router.get("/instructions", response=list[InstructionOut])
def list_instructions(
    request,
    response: HttpResponse,
    pending_for_my_unit: bool = False,
    mechanism: str = "",
    cursor: str = "",
):
    """Leaders' instructions in the mechanism, latest first, 100 a page; the next page by the
    `Link` header's cursor. `pending_for_my_unit`: only those the caller's unit has still to act
    on."""
    require(access.may_use_coordination(request.user))
    instructions = within_mechanism(
        access.instructions_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    if pending_for_my_unit:
        pending = access.pending_instruction_responses(request.user).values("instruction_id")
        instructions = instructions.filter(pk__in=pending)
    ordering = ["-issued_on", "-id"]
    return api_page(request, response, instructions, ordering=ordering, cursor=cursor)


@router.post("/instructions", response={201: InstructionOut})
def attach_instruction(request, payload: InstructionIn, mechanism: str = ""):
    """Record a leader's instruction; the units are notified and each reports back. It belongs
    to its task's or matter's mechanism; on a project, to the mechanism given (default: the
    caller's in use)."""
    require(access.may_manage(request.user))
    target = get_object_or_404(
        apps.get_model(INSTRUCTION_TARGET_KINDS[payload.target]), pk=payload.target_id
    )
    form = InstructionForm(
        {
            "leader": payload.leader,
            "text": payload.text,
            "issued_on": payload.issued_on,
            "response_due_date": payload.response_due_date,
            "units": payload.unit_ids,
        }
    )
    data = api_form_data(form)
    instruction = run_api_action(
        services.instruction_attach,
        user=request.user,
        target=target,
        mechanism=mechanism_for_api(request, mechanism),
        **data,
    )
    return Status(201, instruction)


@router.post("/instruction-responses/{response_id}/respond", response=InstructionResponseOut)
def respond_to_instruction(request, response_id: int, payload: TextIn):
    response = access.get_instruction_response_for_responder(request.user, response_id)
    return run_api_action(
        services.instruction_respond, response=response, user=request.user, text=payload.text
    )


class NeedOut(Schema):
    id: int
    submission_id: int
    task_id: int
    unit_id: int
    description: str
    units_asked_ids: list[int]

    @staticmethod
    def resolve_task_id(need):
        return need.submission.task_id

    @staticmethod
    def resolve_unit_id(need):
        return need.submission.unit_id

    @staticmethod
    def resolve_units_asked_ids(need):
        return [unit.pk for unit in need.units_asked.all()]


@router.get("/needs", response=list[NeedOut])
def list_needs(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """Matters needing coordination written in submitted progress reports and not yet
    coordination matters (the secretariat's dashboard list), newest first, 100 a page."""
    require(access.may_manage(request.user))
    needs = within_mechanism(
        selectors.unpromoted_needs(),
        mechanism_for_api(request, mechanism),
        "submission__round__mechanism",
    )
    return api_page(request, response, needs, ordering=["-id"], cursor=cursor)


@router.post("/needs/{need_id}/promote", response={201: MatterDetailOut})
def promote_need(request, need_id: int, mechanism: str = ""):
    """Turn a progress report's matter needing coordination into a coordination matter."""
    need = access.get_need_for_manager(request.user, need_id)
    matter = run_api_action(
        services.matter_promote_need,
        need=need,
        user=request.user,
        mechanism=mechanism_for_api(request, mechanism),
    )
    return Status(201, matter)


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
    suggestion = run_api_action(
        services.suggestion_propose,
        user=request.user,
        mechanism=mechanism_for_api(request, None),
        unit=acting_unit(request.user) or request.user.unit,
        kind=payload.kind,
        title=payload.title,
        content=payload.content,
    )
    return Status(201, suggestion)


@router.get("/suggestions/{suggestion_id}", response=SuggestionOut)
def get_suggestion(request, suggestion_id: int):
    suggestion, _may_decide = access.get_suggestion_for_user(request.user, suggestion_id)
    return suggestion


@router.post("/suggestions/{suggestion_id}/decide", response=SuggestionOut)
def decide_suggestion(request, suggestion_id: int, payload: SuggestionDecisionIn):
    suggestion, may_decide = access.get_suggestion_for_user(request.user, suggestion_id)
    require(may_decide)
    adopted_in = (
        get_object_or_404(PolicyDocument, pk=payload.adopted_in_id)
        if payload.adopted_in_id
        else None
    )
    return run_api_action(
        services.suggestion_decide,
        suggestion=suggestion,
        user=request.user,
        status=payload.status,
        reason=payload.reason,
        adopted_in=adopted_in,
    )

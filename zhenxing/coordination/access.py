"""Who may see and act on coordination matters, meetings, assignments, instructions and
suggestions. Used by pages and API alike.

- Member units (liaisons and leaders) raise matters, propose suggestions, respond to matters
  and instructions asked of their unit, and confirm or dispute answers to matters they raised.
  They see the matters their unit raised or was asked about, and all meetings, assignments,
  instructions and suggestions.
- The secretariat routes, escalates and closes matters, runs meetings and minutes, and records
  the leading group's assignments and instructions; it sees everything.
- Leading-group readers and inspectors read everything and change nothing.
- The three administrators have no access (separation of duties).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.coordination.models import (
    Assignment,
    CoordinationMatter,
    Decision,
    Instruction,
    InstructionResponse,
    MatterRequest,
    Meeting,
    PolicySuggestion,
)
from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.orgs.models import BUSINESS_ROLES
from zhenxing.rounds.models import CoordinationNeed


def may_use_coordination(user) -> bool:
    return access.has_role(user, *BUSINESS_ROLES)


def may_raise(user) -> bool:
    """Raise matters and propose suggestions: member units, and the secretariat for them."""
    return access.is_unit_person(user) or access.is_secretariat(user)


def may_manage(user) -> bool:
    """Route, escalate and close matters; meetings and minutes; assignments and instructions."""
    return access.is_secretariat(user)


def matters_visible_to(user) -> QuerySet[CoordinationMatter]:
    matters = within_mechanisms_of(
        CoordinationMatter.objects.select_related("raised_by_unit", "mechanism"), user
    )
    if not may_use_coordination(user):
        return matters.none()
    if access.sees_everything(user):
        return matters
    unit = access.acting_unit(user)
    return matters.concerning(unit) if unit else matters.none()


@dataclass(frozen=True)
class MatterActions:
    """What the user may do on one matter's page."""

    route: bool = False
    escalate: bool = False
    close: bool = False
    confirm: bool = False
    respond_to: MatterRequest | None = None
    instruct: bool = False


def matter_actions(user, matter: CoordinationMatter) -> MatterActions:
    manage = may_manage(user) and matter.is_open
    respond_to = None
    if access.is_unit_person(user) and matter.is_open:
        respond_to = next(
            (r for r in matter.requests.all() if r.is_pending and access.acts_for(user, r.unit)),
            None,
        )
    return MatterActions(
        route=manage and matter.level == matter.Level.SECRETARIAT,
        escalate=manage and matter.next_level is not None,
        close=manage,
        confirm=(
            matter.status == CoordinationMatter.Status.RESPONDED
            and access.acts_for(user, matter.raised_by_unit)
        ),
        respond_to=respond_to,
        instruct=may_manage(user),
    )


def get_matter_for_user(user, pk) -> tuple[CoordinationMatter, MatterActions]:
    """The matter and what the user may do on it; 403 when the user may not see it."""
    access.require(may_use_coordination(user))
    matter = get_object_or_404(
        CoordinationMatter.objects.select_related("raised_by_unit", "raised_by", "mechanism"),
        pk=pk,
    )
    access.require(matters_visible_to(user).filter(pk=matter.pk).exists())
    return matter, matter_actions(user, matter)


def pending_requests_for(user) -> QuerySet[MatterRequest]:
    """Open matters the user's unit has been asked about and not yet answered."""
    unit = access.acting_unit(user)
    if unit is None:
        return MatterRequest.objects.none()
    return (
        MatterRequest.objects.filter(
            status=MatterRequest.Status.PENDING,
            matter__status__in=CoordinationMatter.OPEN_STATUSES,
        )
        .filter(Q(unit=unit) | Q(unit__parent=unit))
        .select_related("matter", "unit")
        .order_by("due_date")
    )


def get_request_for_responder(user, pk) -> MatterRequest:
    """A request the user's unit was asked and may answer now; 403 otherwise."""
    access.require(may_use_coordination(user))
    request = get_object_or_404(MatterRequest.objects.select_related("matter", "unit"), pk=pk)
    access.require(access.acts_for(user, request.unit))
    return request


def get_matter_for_raiser(user, pk) -> CoordinationMatter:
    """A matter the user's unit raised (to confirm or dispute the answers); 403 otherwise."""
    access.require(may_use_coordination(user))
    matter = get_object_or_404(CoordinationMatter.objects.select_related("raised_by_unit"), pk=pk)
    access.require(access.acts_for(user, matter.raised_by_unit))
    return matter


def get_matter_for_manager(user, pk) -> CoordinationMatter:
    access.require(may_manage(user))
    return get_object_or_404(CoordinationMatter, pk=pk)


def meetings_visible_to(user) -> QuerySet[Meeting]:
    if not may_use_coordination(user):
        return Meeting.objects.none()
    return within_mechanisms_of(Meeting.objects.select_related("convener_unit", "mechanism"), user)


def get_meeting_for_user(user, pk) -> tuple[Meeting, bool]:
    """The meeting and whether the user may edit its agenda, minutes and agreed items."""
    access.require(may_use_coordination(user))
    meeting = get_object_or_404(meetings_visible_to(user), pk=pk)
    return meeting, may_manage(user) and not meeting.minutes_issued


def get_meeting_for_manager(user, pk) -> Meeting:
    """A visible meeting whose agenda, minutes and agreed items the user runs; 403 otherwise."""
    meeting, _can_edit = get_meeting_for_user(user, pk)
    access.require(may_manage(user))
    return meeting


def get_decision_for_manager(user, pk) -> Decision:
    access.require(may_manage(user))
    return get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)


def get_need_for_manager(user, pk) -> CoordinationNeed:
    """A "matter needing coordination" of a progress report, to promote to a matter."""
    access.require(may_manage(user))
    return get_object_or_404(CoordinationNeed.objects.select_related("submission__task"), pk=pk)


def assignments_visible_to(user) -> QuerySet[Assignment]:
    if not may_use_coordination(user):
        return Assignment.objects.none()
    return within_mechanisms_of(
        Assignment.objects.select_related("lead_unit", "task", "matter"), user
    )


def instructions_visible_to(user) -> QuerySet[Instruction]:
    if not may_use_coordination(user):
        return Instruction.objects.none()
    # The responses with their units in one query (not one for each).
    responses = Prefetch("responses", InstructionResponse.objects.select_related("unit"))
    instructions = Instruction.objects.select_related("content_type").prefetch_related(responses)
    return within_mechanisms_of(instructions, user)


def pending_instruction_responses(user) -> QuerySet[InstructionResponse]:
    """Instructions the user's unit still has to act on: shown first on every dashboard."""
    unit = access.acting_unit(user)
    if unit is None:
        return InstructionResponse.objects.none()
    return (
        InstructionResponse.objects.filter(status=InstructionResponse.Status.PENDING)
        .filter(Q(unit=unit) | Q(unit__parent=unit))
        .select_related("instruction__content_type", "unit")
    )


def get_instruction_response_for_responder(user, pk) -> InstructionResponse:
    access.require(may_use_coordination(user))
    response = get_object_or_404(
        InstructionResponse.objects.select_related("instruction", "unit"), pk=pk
    )
    access.require(access.acts_for(user, response.unit))
    return response


def may_read_target(user, target) -> bool:
    """Whether the user may read the object an instruction is attached to."""
    if isinstance(target, CoordinationMatter):
        return matters_visible_to(user).filter(pk=target.pk).exists()
    return may_use_coordination(user)


def get_instruction_target_for_manager(user, content_type_id, object_id):
    """The task, matter or project an instruction is being attached to; 403 unless secretariat."""
    access.require(may_manage(user))
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    access.require(model is not None)
    return get_object_or_404(model, pk=object_id)


def suggestions_visible_to(user) -> QuerySet[PolicySuggestion]:
    if not may_use_coordination(user):
        return PolicySuggestion.objects.none()
    return within_mechanisms_of(
        PolicySuggestion.objects.select_related("proposing_unit", "adopted_in"), user
    )


def get_suggestion_for_user(user, pk) -> tuple[PolicySuggestion, bool]:
    """The suggestion and whether the user may decide on it (study, adopt, decline)."""
    access.require(may_use_coordination(user))
    suggestion = get_object_or_404(suggestions_visible_to(user), pk=pk)
    return suggestion, may_manage(user)

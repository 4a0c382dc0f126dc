"""API: the signing funnel (/api/v1/projects/events, /signed): signing events, the projects
signed at them, and moving those along (履约 → 落地 → 开工 → 资金到位 → 投产). The pages' forms,
services and access helpers; an edit carries `version` (409 when stale)."""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.lib.actions import run_api_action
from zhenxing.lib.pagination import api_page
from zhenxing.orgs.access import require
from zhenxing.projects import access
from zhenxing.projects.api.binding import ConflictOut, ErrorOut, bound_form, versioned
from zhenxing.projects.forms import SignedProjectAdvanceForm, SignedProjectForm, SigningEventForm
from zhenxing.projects.models import SignedProject
from zhenxing.projects.services import (
    signed_project_advance,
    signed_project_save,
    signing_event_save,
)

router = Router(tags=["funnel"])


class SigningEventOut(Schema):
    id: int
    name: str
    kind: str
    start_date: datetime.date
    end_date: datetime.date | None
    place: str
    region_code: str | None
    organiser_id: int | None
    announced_amount: Decimal | None
    announced_project_count: int | None
    source: str
    version: int

    @staticmethod
    def resolve_region_code(event):
        return event.region.code if event.region_id else None


class SigningEventIn(Schema):
    version: int | None = None
    name: str | None = None
    kind: str | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    place: str | None = None
    region_code: str | None = None
    organiser_id: int | None = None
    announced_amount: Decimal | None = None
    announced_project_count: int | None = None
    source: str | None = None


class SignedProjectOut(Schema):
    id: int
    event_id: int
    name: str
    investor: str
    region_code: str
    industry: str
    signed_on: datetime.date
    signed_amount: Decimal
    responsible_unit_id: int | None
    project_id: int | None
    stage: str
    funds_in_place: Decimal | None
    version: int

    @staticmethod
    def resolve_region_code(signed):
        return signed.region.code


class SignedProjectIn(Schema):
    version: int | None = None
    name: str | None = None
    investor: str | None = None
    region_code: str | None = None
    industry: str | None = None
    signed_on: datetime.date | None = None
    signed_amount: Decimal | None = None
    responsible_unit_id: int | None = None
    project_code: str | None = None


class AdvanceIn(Schema):
    stage: SignedProject.Stage
    on_date: datetime.date
    funds_in_place: Decimal | None = None


EVENT_FORM_NAMES = {
    "region_code": "region",
    "organiser_id": "organiser",
    "announced_amount": "announced_amount_wan",
}
SIGNED_FORM_NAMES = {
    "region_code": "region",
    "responsible_unit_id": "responsible_unit",
    "signed_amount": "signed_amount_wan",
    "project_code": "project",
}


# -- the signing funnel ----------------------------------------------------------------------
@router.get("/events", response=list[SigningEventOut])
def list_events(request, response: HttpResponse, cursor: str = ""):
    """Signing events (expos, fairs), newest first; pages by the `Link` header."""
    require(access.may_read_projects(request.user))
    events = access.events_visible_to(request.user).select_related("region")
    ordering = ["-start_date", "-id"]
    return api_page(request, response, events, ordering=ordering, cursor=cursor)


@router.post("/events", response={201: SigningEventOut, 400: ErrorOut})
def create_event(request, payload: SigningEventIn):
    require(access.may_manage_events(request.user))
    form = bound_form(SigningEventForm, payload, EVENT_FORM_NAMES, instance=None)
    event = run_api_action(signing_event_save, event=form.save(commit=False))
    return Status(201, event)


@router.get("/events/{int:event_id}", response=SigningEventOut)
def get_event(request, event_id: int):
    event, _can_manage = access.get_event_for_user(request.user, event_id)
    return event


@router.patch(
    "/events/{int:event_id}",
    response={200: SigningEventOut, 400: ErrorOut, 409: ConflictOut},
)
def edit_event(request, event_id: int, payload: SigningEventIn):
    """Change a signing event; `version` must be the one read, otherwise 409."""
    event, can_manage = access.get_event_for_user(request.user, event_id)
    require(can_manage)
    form = bound_form(SigningEventForm, payload, EVENT_FORM_NAMES, instance=event)
    return versioned(
        signing_event_save,
        SigningEventOut,
        event=form.save(commit=False),
        expected_version=form.cleaned_data.get("version"),
    )


@router.get("/events/{int:event_id}/signed", response=list[SignedProjectOut])
def list_signed(request, response: HttpResponse, event_id: int, cursor: str = ""):
    """The event's signed projects the person may see; pages by the `Link` header."""
    event, _can_manage = access.get_event_for_user(request.user, event_id)
    signed = access.signed_projects_visible_to(request.user).filter(event=event)
    signed = signed.select_related("region")
    return api_page(request, response, signed, ordering=["-signed_amount", "id"], cursor=cursor)


@router.post(
    "/events/{int:event_id}/signed",
    response={201: SignedProjectOut, 400: ErrorOut},
)
def create_signed(request, event_id: int, payload: SignedProjectIn):
    """Record a project signed at the event, as the page's form does."""
    event, _can_manage = access.get_event_for_user(request.user, event_id)
    require(access.may_import_projects(request.user))
    instance = SignedProject(event=event, signed_on=event.start_date)
    form = bound_form(SignedProjectForm, payload, SIGNED_FORM_NAMES, instance=instance)
    return Status(201, _signed_save(request, form, expected_version=None))


@router.get("/signed/{int:signed_id}", response=SignedProjectOut)
def get_signed(request, signed_id: int):
    signed, _can_edit = access.get_signed_project_for_user(request.user, signed_id)
    return signed


@router.patch(
    "/signed/{int:signed_id}",
    response={200: SignedProjectOut, 400: ErrorOut, 409: ConflictOut},
)
def edit_signed(request, signed_id: int, payload: SignedProjectIn):
    """Change a signed project; `version` must be the one read, otherwise 409."""
    signed, can_edit = access.get_signed_project_for_user(request.user, signed_id)
    require(can_edit)
    form = bound_form(SignedProjectForm, payload, SIGNED_FORM_NAMES, instance=signed)
    return _signed_save(request, form, expected_version=form.cleaned_data.get("version"))


def _signed_save(request, form, *, expected_version):
    candidate = form.save(commit=False)
    if not access.region_allows(request.user, candidate.region, candidate.responsible_unit):
        raise HttpError(400, "只能登记本单位负责或本地区的签约项目。")
    return versioned(
        signed_project_save, SignedProjectOut, signed=candidate, expected_version=expected_version
    )


@router.post(
    "/signed/{int:signed_id}/advance",
    response={200: SignedProjectOut, 400: ErrorOut},
)
def advance_signed(request, signed_id: int, payload: AdvanceIn):
    """Move a signed project along the funnel (履约 → 落地 → 开工 → 资金到位 → 投产)."""
    signed, can_edit = access.get_signed_project_for_user(request.user, signed_id)
    require(can_edit)
    form = bound_form(SignedProjectAdvanceForm, payload, {"funds_in_place": "funds_in_place"})
    return run_api_action(signed_project_advance, signed=signed, **form.cleaned_data)

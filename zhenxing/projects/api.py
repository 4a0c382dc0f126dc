"""API: projects (list with the page's filters, detail with updates, create, edit), progress
reports, statistics from the summary tables, the funnel (signing events, signed projects, moving
them along), and imports (upload a file, run, poll).

Creating and editing bind the page's own form (same checks, same wording) to the JSON input and
call the page's service; an edit carries the `version` read and answers 409 with the current
record when someone saved since."""

import datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from zhenxing.lib.actions import api_form, run_api_action, run_versioned_api_action
from zhenxing.lib.money import UNIT_FACTORS, WAN
from zhenxing.lib.pagination import api_page
from zhenxing.orgs.access import is_secretariat, is_unit_person, require
from zhenxing.orgs.models import Region
from zhenxing.projects import access
from zhenxing.projects.forms import (
    ProjectForm,
    SignedProjectAdvanceForm,
    SignedProjectForm,
    SigningEventForm,
)
from zhenxing.projects.importing.heartbeat import import_jobs_fail_stale
from zhenxing.projects.importing.jobs import (
    ImportRefused,
    import_job_configure,
    import_job_create,
    import_job_start,
)
from zhenxing.projects.models import (
    FundingSource,
    ImportJob,
    ProjectUpdate,
    SignedProject,
)
from zhenxing.projects.selectors import (
    dashboard,
    filter_projects,
    funnel,
    funnel_by_region,
    project_ordering,
)
from zhenxing.projects.services import (
    project_create,
    project_update,
    project_update_record,
    signed_project_advance,
    signed_project_save,
    signing_event_save,
)

router = Router(tags=["projects"])
PAGE_SIZE = 100
MAX_PAGE = 100_000  # ten million projects; beyond it a page number is a mistake


class ErrorOut(Schema):
    detail: str


class ProjectOut(Schema):
    id: int
    national_code: str
    name: str
    owner: str
    region_code: str
    province_code: str
    prefecture_code: str
    industry: str
    stage: str
    total_investment: Decimal
    annual_planned_investment: Decimal
    investment_completed_this_year: Decimal
    investment_completed_total: Decimal
    funding_sources: list[str]
    planned_start: datetime.date | None
    actual_start: datetime.date | None
    planned_completion: datetime.date | None
    actual_completion: datetime.date | None
    responsible_unit_id: int | None
    responsible_leader: str
    signing_event_id: int | None
    period_label: str
    updated_at: datetime.datetime
    version: int

    @staticmethod
    def resolve_region_code(project):
        return project.region.code

    @staticmethod
    def resolve_funding_sources(project):
        return [source.value for source in project.funding_source_list]


class UpdateOut(Schema):
    id: int
    period_label: str
    stage: str
    annual_planned_investment: Decimal
    investment_completed_this_year: Decimal
    investment_completed_total: Decimal
    note: str
    source: str
    reporting_round_id: int | None
    reported_at: datetime.datetime


class UpdateIn(Schema):
    period_label: str
    stage: str
    annual_planned_investment: Decimal
    investment_completed_this_year: Decimal
    investment_completed_total: Decimal
    note: str = ""
    reporting_round_id: int | None = None


class ProjectFilters(Schema):
    q: str = ""
    region: str = ""
    industry: str = ""
    stage: str = ""
    # Checked here: the filter turns the name into a bit, and an unknown name answered 500.
    funding_source: FundingSource | Literal[""] = ""
    sort: str = ""
    # Walk the list with the cursors of the `Link` header; `page` stays for old clients, read
    # as an offset over the sort's index (docs/performance.md: deep pages cost more).
    cursor: str = ""
    page: int = Field(1, ge=1, le=MAX_PAGE)


class JobOut(Schema):
    id: int
    original_name: str
    status: str
    mode: str
    period_label: str
    rows_total: int
    imported_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    errors: list
    message: str
    seconds: float | None


@router.get("", response=list[ProjectOut])
def list_projects(request, filters: Query[ProjectFilters], response: HttpResponse):
    """Projects by the page's filters and sort; the next and previous pages are in the `Link`
    header (rel="next", rel="prev")."""
    require(access.may_read_projects(request.user))
    data = filters.dict()
    page, cursor = data.pop("page"), data.pop("cursor")
    projects = filter_projects(access.projects_visible_to(request.user), data)
    projects = projects.select_related("region")
    if page > 1 and not cursor:
        start = (page - 1) * PAGE_SIZE
        ids = list(projects.values_list("pk", flat=True)[start : start + PAGE_SIZE])
        by_id = projects.order_by().in_bulk(ids)
        return [by_id[pk] for pk in ids]
    ordering = project_ordering(data)
    return api_page(request, response, projects, ordering=ordering, cursor=cursor, size=PAGE_SIZE)


@router.get("/statistics", response=dict)
def statistics(request, region: str = ""):
    require(access.may_read_projects(request.user))
    own = access.region_code_of_user(request.user)
    if is_unit_person(request.user) and not own:
        figures = dashboard(projects=access.projects_visible_to(request.user))
    else:
        figures = dashboard(own or region)
    return _jsonable(figures)


@router.get("/funnel", response=dict)
def funnel_figures(request):
    require(access.may_read_projects(request.user))
    signed = access.signed_projects_visible_to(request.user)
    return _jsonable({"overall": funnel(signed), "by_region": funnel_by_region(signed)})


@router.get("/imports/{job_id}", response=JobOut)
def get_import(request, job_id: int):
    job = access.get_import_job_for_user(request.user, job_id)
    if import_jobs_fail_stale(jobs=[job]):  # its process died: say so rather than "running"
        job.refresh_from_db()
    return job


@router.post("/imports", response={201: JobOut, 400: ErrorOut})
def create_import(
    request, file: File[UploadedFile], mode: str = ImportJob.Mode.ALL_OR_NOTHING, period: str = ""
):
    """Upload a list and import it with the detected column mapping."""
    require(access.may_import_projects(request.user))
    if mode not in ImportJob.Mode.values:
        return Status(400, {"detail": "mode 应为 all-or-nothing 或 valid-rows"})
    unit = None if is_secretariat(request.user) else request.user.unit
    try:
        job = import_job_create(user=request.user, uploaded=file, filename=file.name, unit=unit)
        columns = {int(index): key for index, key in job.column_mapping.items()}
        import_job_configure(
            job=job,
            columns=columns,
            money_units=job.money_units,
            mode=mode,
            period=period or job.period_label,
        )
    except ImportRefused as error:
        return Status(400, {"detail": str(error)})
    import_job_start(job)
    job.refresh_from_db()
    return Status(201, job)


class ConflictOut(Schema):
    detail: str
    current: dict


class ProjectIn(Schema):
    """A project's particulars as the page's form takes them, amounts in yuan (whole yuan: the
    form takes 万元 to four places). An edit sends only what changes, with `version`."""

    version: int | None = None
    national_code: str | None = None
    name: str | None = None
    owner: str | None = None
    region_code: str | None = None
    industry: str | None = None
    stage: str | None = None
    planned_start: datetime.date | None = None
    actual_start: datetime.date | None = None
    planned_completion: datetime.date | None = None
    actual_completion: datetime.date | None = None
    responsible_unit_id: int | None = None
    responsible_leader: str | None = None
    signing_event_id: int | None = None
    total_investment: Decimal | None = None
    annual_planned_investment: Decimal | None = None
    investment_completed_this_year: Decimal | None = None
    investment_completed_total: Decimal | None = None
    funding_sources: list[FundingSource] | None = None
    task_ids: list[int] | None = None


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


# Input fields renamed for the page's form: ids for pickers, yuan for 万元.
PROJECT_FORM_NAMES = {
    "region_code": "region",
    "responsible_unit_id": "responsible_unit",
    "signing_event_id": "signing_event",
    "funding_sources": "funding",
    "task_ids": "tasks",
}
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
YUAN_FIELDS = {
    "total_investment",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
    "announced_amount",
    "signed_amount",
    "funds_in_place",
}


def _form_value(name: str, value):
    if value is None:
        return ""
    if name == "region_code":
        region = Region.objects.filter(code=value).first()
        if region is None:
            raise HttpError(400, f"地区代码 {value} 不存在。")
        return region.pk
    if name in YUAN_FIELDS:
        return value / UNIT_FACTORS[WAN]
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _bound_form(form_class, payload: Schema, names: dict, *, instance=None, **options):
    """The page's form (zhenxing.lib.actions.api_form) with the payload's fields renamed."""
    changes = {
        names.get(name, f"{name}_wan" if name in YUAN_FIELDS else name): _form_value(name, value)
        for name, value in payload.dict(exclude_unset=True).items()
    }
    return api_form(form_class, changes, instance=instance, **options)


def _versioned(service, schema, **arguments):
    def current(row):
        return schema.from_orm(row).dict()

    return run_versioned_api_action(service, current, **arguments)


@router.post("", response={201: ProjectOut, 400: ErrorOut})
def create_project(request, payload: ProjectIn):
    """Register a project, as the page's "new project" form does."""
    require(access.may_create_projects(request.user))
    values = _bound_form(ProjectForm, payload, PROJECT_FORM_NAMES).values()
    if not access.region_allows(request.user, values["region"], values.get("responsible_unit")):
        return Status(400, {"detail": "只能登记本单位负责或本地区的项目。"})
    project = run_api_action(project_create, user=request.user, **values)
    return Status(201, project)


# -- the signing funnel ----------------------------------------------------------------------
@router.get("/events", response=list[SigningEventOut], tags=["funnel"])
def list_events(request, response: HttpResponse, cursor: str = ""):
    """Signing events (expos, fairs), newest first; pages by the `Link` header."""
    require(access.may_read_projects(request.user))
    events = access.events_visible_to(request.user).select_related("region")
    ordering = ["-start_date", "-id"]
    return api_page(request, response, events, ordering=ordering, cursor=cursor)


@router.post("/events", response={201: SigningEventOut, 400: ErrorOut}, tags=["funnel"])
def create_event(request, payload: SigningEventIn):
    require(access.may_manage_events(request.user))
    form = _bound_form(SigningEventForm, payload, EVENT_FORM_NAMES, instance=None)
    event = run_api_action(signing_event_save, event=form.save(commit=False))
    return Status(201, event)


@router.get("/events/{int:event_id}", response=SigningEventOut, tags=["funnel"])
def get_event(request, event_id: int):
    event, _can_manage = access.get_event_for_user(request.user, event_id)
    return event


@router.patch(
    "/events/{int:event_id}",
    response={200: SigningEventOut, 400: ErrorOut, 409: ConflictOut},
    tags=["funnel"],
)
def edit_event(request, event_id: int, payload: SigningEventIn):
    """Change a signing event; `version` must be the one read, otherwise 409."""
    event, can_manage = access.get_event_for_user(request.user, event_id)
    require(can_manage)
    form = _bound_form(SigningEventForm, payload, EVENT_FORM_NAMES, instance=event)
    return _versioned(
        signing_event_save,
        SigningEventOut,
        event=form.save(commit=False),
        expected_version=form.cleaned_data.get("version"),
    )


@router.get("/events/{int:event_id}/signed", response=list[SignedProjectOut], tags=["funnel"])
def list_signed(request, response: HttpResponse, event_id: int, cursor: str = ""):
    """The event's signed projects the person may see; pages by the `Link` header."""
    event, _can_manage = access.get_event_for_user(request.user, event_id)
    signed = access.signed_projects_visible_to(request.user).filter(event=event)
    signed = signed.select_related("region")
    return api_page(request, response, signed, ordering=["-signed_amount", "id"], cursor=cursor)


@router.post(
    "/events/{int:event_id}/signed",
    response={201: SignedProjectOut, 400: ErrorOut},
    tags=["funnel"],
)
def create_signed(request, event_id: int, payload: SignedProjectIn):
    """Record a project signed at the event, as the page's form does."""
    event, _can_manage = access.get_event_for_user(request.user, event_id)
    require(access.may_import_projects(request.user))
    instance = SignedProject(event=event, signed_on=event.start_date)
    form = _bound_form(SignedProjectForm, payload, SIGNED_FORM_NAMES, instance=instance)
    return Status(201, _signed_save(request, form, expected_version=None))


@router.get("/signed/{int:signed_id}", response=SignedProjectOut, tags=["funnel"])
def get_signed(request, signed_id: int):
    signed, _can_edit = access.get_signed_project_for_user(request.user, signed_id)
    return signed


@router.patch(
    "/signed/{int:signed_id}",
    response={200: SignedProjectOut, 400: ErrorOut, 409: ConflictOut},
    tags=["funnel"],
)
def edit_signed(request, signed_id: int, payload: SignedProjectIn):
    """Change a signed project; `version` must be the one read, otherwise 409."""
    signed, can_edit = access.get_signed_project_for_user(request.user, signed_id)
    require(can_edit)
    form = _bound_form(SignedProjectForm, payload, SIGNED_FORM_NAMES, instance=signed)
    return _signed_save(request, form, expected_version=form.cleaned_data.get("version"))


def _signed_save(request, form, *, expected_version):
    candidate = form.save(commit=False)
    if not access.region_allows(request.user, candidate.region, candidate.responsible_unit):
        raise HttpError(400, "只能登记本单位负责或本地区的签约项目。")
    return _versioned(
        signed_project_save, SignedProjectOut, signed=candidate, expected_version=expected_version
    )


@router.post(
    "/signed/{int:signed_id}/advance",
    response={200: SignedProjectOut, 400: ErrorOut},
    tags=["funnel"],
)
def advance_signed(request, signed_id: int, payload: AdvanceIn):
    """Move a signed project along the funnel (履约 → 落地 → 开工 → 资金到位 → 投产)."""
    signed, can_edit = access.get_signed_project_for_user(request.user, signed_id)
    require(can_edit)
    form = _bound_form(SignedProjectAdvanceForm, payload, {"funds_in_place": "funds_in_place"})
    return run_api_action(signed_project_advance, signed=signed, **form.cleaned_data)


@router.patch("/{project_id}", response={200: ProjectOut, 400: ErrorOut, 409: ConflictOut})
def edit_project(request, project_id: int, payload: ProjectIn):
    """Change a project's particulars; `version` must be the one read, otherwise 409 with the
    current project. The national code cannot change."""
    project, can_edit = access.get_project_for_user(request.user, project_id)
    require(can_edit)
    form = _bound_form(ProjectForm, payload, PROJECT_FORM_NAMES, instance=project)
    values = form.values()
    if not access.region_allows(request.user, values["region"], values.get("responsible_unit")):
        return Status(400, {"detail": "只能登记本单位负责或本地区的项目。"})
    return _versioned(project_update, ProjectOut, project=project, user=request.user, **values)


@router.get("/{project_id}", response=ProjectOut)
def get_project(request, project_id: int):
    project, _can_edit = access.get_project_for_user(request.user, project_id)
    return project


@router.get("/{project_id}/updates", response=list[UpdateOut])
def list_updates(request, project_id: int):
    project, _can_edit = access.get_project_for_user(request.user, project_id)
    return list(project.updates.order_by("period_label", "reported_at", "id"))


@router.post("/{project_id}/updates", response={201: UpdateOut, 400: ErrorOut})
def create_update(request, project_id: int, payload: UpdateIn):
    project, can_edit = access.get_project_for_user(request.user, project_id)
    require(can_edit)
    data = payload.dict()
    round_id = data.pop("reporting_round_id")
    reporting_round = None
    if round_id:
        from zhenxing.rounds.models import ReportingRound

        reporting_round = get_object_or_404(ReportingRound, pk=round_id)
    try:
        update = project_update_record(
            project=project,
            user=request.user,
            reporting_round=reporting_round,
            source=ProjectUpdate.Source.API,
            **data,
        )
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(201, update)


def _jsonable(value):
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "__str__") and value.__class__.__module__.startswith(
        "django.utils.functional"
    ):
        return str(value)
    return value

"""API: projects (list with the page's filters, detail with updates, create, edit), progress
reports, statistics from the summary tables, the funnel's figures, and imports (upload a file,
run, poll). Signing events and signed projects are in `funnel`, on the same path.

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

from zhenxing.lib.actions import run_api_action
from zhenxing.lib.pagination import api_page
from zhenxing.operations.list_cache import cached_api_list
from zhenxing.orgs.access import is_secretariat, is_unit_person, require
from zhenxing.projects import access
from zhenxing.projects.api.binding import ConflictOut, ErrorOut, bound_form, versioned
from zhenxing.projects.api.funnel import router as funnel_router
from zhenxing.projects.forms import ProjectForm
from zhenxing.projects.importing.heartbeat import import_jobs_fail_stale
from zhenxing.projects.importing.jobs import (
    ImportRefused,
    import_job_cancel,
    import_job_configure,
    import_job_create,
    import_job_start,
)
from zhenxing.projects.models import (
    FundingSource,
    ImportJob,
    ProjectUpdate,
)
from zhenxing.projects.selectors import (
    LIST_MODELS,
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
)

router = Router(tags=["projects"])
router.add_router("", funnel_router)
PAGE_SIZE = 100
MAX_PAGE = 100_000  # ten million projects; beyond it a page number is a mistake


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

    def rows():
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
        return api_page(
            request, response, projects, ordering=ordering, cursor=cursor, size=PAGE_SIZE
        )

    return cached_api_list(request, response, "projects.api", LIST_MODELS, ProjectOut, rows)


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


@router.delete("/imports/{job_id}", response={204: None, 400: ErrorOut})
def cancel_import(request, job_id: int):
    """Cancel an upload not yet started (as the import page's 取消 button): 204, or 400 once
    the import has started."""
    job = access.get_import_job_for_user(request.user, job_id)
    run_api_action(import_job_cancel, job=job)
    return Status(204, None)


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


# Input fields renamed for the page's form: ids for pickers, yuan for 万元.
# Input fields renamed for the page's form: ids for pickers, yuan for 万元.
PROJECT_FORM_NAMES = {
    "region_code": "region",
    "responsible_unit_id": "responsible_unit",
    "signing_event_id": "signing_event",
    "funding_sources": "funding",
    "task_ids": "tasks",
}


@router.post("", response={201: ProjectOut, 400: ErrorOut})
def create_project(request, payload: ProjectIn):
    """Register a project, as the page's "new project" form does."""
    require(access.may_create_projects(request.user))
    values = bound_form(ProjectForm, payload, PROJECT_FORM_NAMES).values()
    if not access.region_allows(request.user, values["region"], values.get("responsible_unit")):
        return Status(400, {"detail": "只能登记本单位负责或本地区的项目。"})
    project = run_api_action(project_create, user=request.user, **values)
    return Status(201, project)


@router.patch("/{int:project_id}", response={200: ProjectOut, 400: ErrorOut, 409: ConflictOut})
def edit_project(request, project_id: int, payload: ProjectIn):
    """Change a project's particulars; `version` must be the one read, otherwise 409 with the
    current project. The national code cannot change."""
    project, can_edit = access.get_project_for_user(request.user, project_id)
    require(can_edit)
    form = bound_form(ProjectForm, payload, PROJECT_FORM_NAMES, instance=project)
    values = form.values()
    if not access.region_allows(request.user, values["region"], values.get("responsible_unit")):
        return Status(400, {"detail": "只能登记本单位负责或本地区的项目。"})
    return versioned(project_update, ProjectOut, project=project, user=request.user, **values)


@router.get("/{int:project_id}", response=ProjectOut)
def get_project(request, project_id: int):
    project, _can_edit = access.get_project_for_user(request.user, project_id)
    return project


@router.get("/{int:project_id}/updates", response=list[UpdateOut])
def list_updates(request, project_id: int):
    project, _can_edit = access.get_project_for_user(request.user, project_id)
    return list(project.updates.order_by("period_label", "reported_at", "id"))


@router.post("/{int:project_id}/updates", response={201: UpdateOut, 400: ErrorOut})
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

"""API (/api/v1/inspections): campaigns (create, conclude), findings with rectification items,
reports, verification and close-out, the circular (draft, issue) and the findings-by-unit
dashboard. Every action a page offers has its endpoint here, through the same access module,
form and service as the page: 403 for a role that may not act, 404 for what the user may not
see, 400 for invalid input or a refused action (with the service's reason), 409 when the
circular changed since it was read (send the current `version`)."""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from zhenxing.inspections import access, exports, selectors, services
from zhenxing.inspections.forms import (
    CircularForm,
    InspectionForm,
    RectificationForm,
    ReportForm,
)
from zhenxing.inspections.models import Circular, Finding, Inspection, RectificationAttachment
from zhenxing.lib.actions import api_form_data, run_api_action
from zhenxing.lib.pagination import api_page
from zhenxing.lib.versions import VersionConflict
from zhenxing.lib.xlsx_export import CONTENT_TYPE as XLSX
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.operations.list_cache import cached_api_list, tables_of
from zhenxing.orgs.access import require, sees_everything
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.projects.models import Project

router = Router(tags=["inspections"])


class InspectionOut(Schema):
    id: int
    title: str
    basis: str
    period_start: datetime.date
    period_end: datetime.date
    status: str
    team_leader_id: int | None
    mechanism_id: int | None


class InspectionDetailOut(InspectionOut):
    team_ids: list[int]
    scope_unit_ids: list[int]
    scope_region_codes: list[str]
    scope_policy_ids: list[int]
    scope_task_ids: list[int]
    scope_project_codes: list[str]

    @staticmethod
    def resolve_team_ids(inspection):
        return [member.pk for member in inspection.team.all()]

    @staticmethod
    def resolve_scope_unit_ids(inspection):
        return [unit.pk for unit in inspection.scope_units.all()]

    @staticmethod
    def resolve_scope_region_codes(inspection):
        return [region.code for region in inspection.scope_regions.all()]

    @staticmethod
    def resolve_scope_policy_ids(inspection):
        return [document.pk for document in inspection.scope_policies.all()]

    @staticmethod
    def resolve_scope_task_ids(inspection):
        return [task.pk for task in inspection.scope_tasks.all()]

    @staticmethod
    def resolve_scope_project_codes(inspection):
        return [project.national_code for project in inspection.scope_projects.all()]


class InspectionIn(Schema):
    """A campaign to set up: what it covers, the period and the team (inspectors' user ids)."""

    title: str
    period_start: datetime.date
    period_end: datetime.date
    basis: str = ""
    team_leader_id: int | None = None
    team_ids: list[int] = []
    scope_unit_ids: list[int] = []
    scope_region_codes: list[str] = []
    scope_policy_ids: list[int] = []
    scope_task_ids: list[int] = []
    scope_project_codes: list[str] = []


class UnitRowOut(Schema):
    unit_id: int
    unit: str
    total: int
    open: int
    awaiting_verification: int
    closed: int
    overdue: int


class RectificationOut(Schema):
    id: int
    measures: str
    responsible_unit_id: int
    due_date: datetime.date
    status: str
    reopen_count: int
    closed_at: datetime.datetime | None
    light: str

    @staticmethod
    def resolve_light(rectification):
        return selectors.rectification_light(rectification).colour


class FindingOut(Schema):
    id: int
    inspection_id: int
    position: int
    unit_id: int
    title: str
    description: str
    severity: str
    status: str
    task_id: int | None
    policy_document_id: int | None
    project_id: int | None
    region_id: int | None
    issued_at: datetime.datetime
    closed_at: datetime.datetime | None
    rectifications: list[RectificationOut]

    @staticmethod
    def resolve_rectifications(finding):
        return list(finding.rectifications.all())


class FindingIn(Schema):
    unit_id: int
    title: str
    description: str = ""
    severity: str = Finding.Severity.GENERAL
    task_id: int | None = None
    policy_document_id: int | None = None
    project_code: str = ""
    region_code: str = ""
    measures: str
    responsible_unit_id: int | None = None
    due_date: datetime.date


class ReportIn(Schema):
    text: str
    completed: bool = False


class AttachmentOut(Schema):
    id: int
    filename: str


class ReportOut(Schema):
    id: int
    rectification_id: int
    text: str
    completed: bool
    reported_at: datetime.datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(report):
        return list(report.attachments.all())


class VerifyIn(Schema):
    close: bool
    note: str = ""
    new_due_date: datetime.date | None = None


class VerificationOut(Schema):
    id: int
    rectification_id: int
    outcome: str
    note: str
    verified_at: datetime.datetime


class RectificationIn(Schema):
    measures: str
    responsible_unit_id: int
    due_date: datetime.date


class CircularOut(Schema):
    title: str
    document_number: str
    issuer: str
    introduction: str
    conclusion: str
    status: str
    version: int
    issued_on: datetime.date | None
    summary: str
    units: list[UnitRowOut]


class CircularIn(Schema):
    title: str
    document_number: str = ""
    issuer: str = ""
    introduction: str = ""
    conclusion: str = ""
    # The version read; 0 while the campaign has no circular yet. Optional in the schema so
    # access is checked first; a missing one is refused (400).
    version: int | None = None


class CircularConflictOut(Schema):
    detail: str
    current: CircularOut


@router.get("/dashboard", response=list[UnitRowOut])
def findings_by_unit(request, mechanism: str = ""):
    """Findings per unit in the mechanism's campaigns, as the dashboard page counts them."""
    require(access.may_use_inspections(request.user))
    findings = within_mechanism(
        access.findings_visible_to(request.user),
        mechanism_for_api(request, mechanism),
        "inspection__mechanism",
    )
    return selectors.findings_by_unit(findings)


@router.get("/campaigns", response=list[InspectionOut])
def list_inspections(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """The campaigns the caller may see in the mechanism, latest period first, 100 a page; the
    next page by the `Link` header's cursor."""
    require(access.may_use_inspections(request.user))
    inspections = within_mechanism(
        access.inspections_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    ordering = ["-period_end", "-id"]
    return api_page(request, response, inspections, ordering=ordering, cursor=cursor)


def _ids_of(model, field: str, values: list) -> list:
    """Primary keys of the rows whose `field` is one of `values`; 400 naming any not found."""
    found = dict(model.objects.filter(**{f"{field}__in": values}).values_list(field, "pk"))
    missing = [str(value) for value in values if value not in found]
    if missing:
        raise HttpError(400, f"{model._meta.verbose_name}不存在：{'、'.join(missing)}")
    return [found[value] for value in values]


@router.post("/campaigns", response={201: InspectionDetailOut})
def create_inspection(request, payload: InspectionIn, mechanism: str = ""):
    """Set up a campaign in the mechanism: what it covers, the period, the team."""
    require(access.may_run_inspections(request.user))
    in_use = mechanism_for_api(request, mechanism)
    form = InspectionForm(
        {
            "title": payload.title,
            "basis": payload.basis,
            "period_start": payload.period_start,
            "period_end": payload.period_end,
            "team_leader": payload.team_leader_id,
            "team": payload.team_ids,
            "scope_units": payload.scope_unit_ids,
            "scope_regions": _ids_of(Region, "code", payload.scope_region_codes),
            "scope_policies": payload.scope_policy_ids,
            "scope_projects": " ".join(payload.scope_project_codes),
            "scope_tasks": payload.scope_task_ids,
        }
    )
    data = api_form_data(form)
    inspection = run_api_action(
        services.inspection_create, user=request.user, mechanism=in_use, **data
    )
    return Status(201, inspection)


@router.get("/campaigns/{inspection_id}", response=InspectionDetailOut)
def get_inspection(request, inspection_id: int):
    inspection, _may_run = access.get_inspection_for_user(request.user, inspection_id)
    return inspection


@router.post("/campaigns/{inspection_id}/conclude", response=InspectionDetailOut)
def conclude_inspection(request, inspection_id: int):
    """End the campaign: no further findings may be issued in it."""
    inspection = access.get_inspection_for_inspector(request.user, inspection_id)
    return run_api_action(services.inspection_conclude, inspection=inspection, user=request.user)


@router.get("/campaigns/{inspection_id}/findings", response=list[FindingOut])
def list_findings(request, inspection_id: int, response: HttpResponse, cursor: str = ""):
    """A campaign's findings in order, 100 a page; the next page by the `Link` header's cursor."""
    inspection, _may_run = access.get_inspection_for_user(request.user, inspection_id)

    def rows():
        findings = selectors.with_rectifications(
            access.findings_visible_to(request.user).filter(inspection=inspection)
        )
        return api_page(request, response, findings, ordering=["position", "id"], cursor=cursor)

    return cached_api_list(
        request, response, "findings.api", tables_of("inspections"), FindingOut, rows
    )


@router.post("/campaigns/{inspection_id}/findings", response={201: FindingOut})
def issue_finding(request, inspection_id: int, payload: FindingIn):
    inspection = access.get_inspection_for_inspector(request.user, inspection_id)
    finding = run_api_action(
        services.finding_issue,
        inspection=inspection,
        user=request.user,
        unit=get_object_or_404(Unit, pk=payload.unit_id),
        title=payload.title,
        description=payload.description,
        severity=payload.severity,
        task=get_object_or_404(Task, pk=payload.task_id) if payload.task_id else None,
        policy_document=get_object_or_404(PolicyDocument, pk=payload.policy_document_id)
        if payload.policy_document_id
        else None,
        project=get_object_or_404(Project, national_code=payload.project_code)
        if payload.project_code
        else None,
        region=get_object_or_404(Region, code=payload.region_code) if payload.region_code else None,
        measures=payload.measures,
        responsible_unit=get_object_or_404(Unit, pk=payload.responsible_unit_id)
        if payload.responsible_unit_id
        else None,
        due_date=payload.due_date,
    )
    return Status(201, finding)


def _circular_out(inspection: Inspection, circular: Circular) -> dict:
    summary = selectors.circular_summary(inspection)
    return {
        "title": circular.title,
        "document_number": circular.document_number,
        "issuer": circular.issuer,
        "introduction": circular.introduction,
        "conclusion": circular.conclusion,
        "status": circular.status,
        "version": circular.version,
        "issued_on": circular.issued_on,
        "summary": selectors.summary_sentence(inspection, summary),
        "units": summary["rows"],
    }


@router.get("/campaigns/{inspection_id}/circular", response=CircularOut)
def get_circular(request, inspection_id: int):
    inspection, _may_run = access.get_circular_inspection_for_user(request.user, inspection_id)
    circular = getattr(inspection, "circular", None)
    if circular is None:
        raise HttpError(404, "通报尚未起草。")
    return _circular_out(inspection, circular)


@router.get("/campaigns/{inspection_id}/circular.{export_format}", response={200: None})
def export_circular(request, inspection_id: int, export_format: Literal["docx", "xlsx"]):
    """The circular as the page downloads it: a Word document or a workbook."""
    inspection, _may_run = access.get_circular_inspection_for_user(request.user, inspection_id)
    if not hasattr(inspection, "circular"):
        raise HttpError(404, "通报尚未起草。")
    if export_format == "docx":
        return exports.download(
            exports.circular_docx(inspection), exports.DOCX, f"circular-{inspection.pk}.docx"
        )
    return exports.download(
        exports.circular_xlsx(inspection), XLSX, f"circular-{inspection.pk}.xlsx"
    )


@router.get("/campaigns/{inspection_id}/findings.xlsx", response={200: None})
def export_findings(request, inspection_id: int):
    """The campaign's findings as a workbook, to those who read every unit's findings."""
    inspection, _may_run = access.get_inspection_for_user(request.user, inspection_id)
    require(sees_everything(request.user))
    content = exports.findings_xlsx(inspection)
    return exports.download(content, XLSX, f"inspection-{inspection.pk}-findings.xlsx")


@router.put(
    "/campaigns/{inspection_id}/circular",
    response={200: CircularOut, 409: CircularConflictOut},
)
def save_circular(request, inspection_id: int, payload: CircularIn):
    """Write or rewrite the draft circular. `version` must be the version read (0 while the
    campaign has no circular); otherwise 409 with the current circular."""
    inspection = access.get_inspection_for_inspector(request.user, inspection_id)
    data = api_form_data(CircularForm(payload.dict()))
    try:
        circular = services.circular_save(inspection=inspection, user=request.user, **data)
    except VersionConflict as stale:
        current = _circular_out(inspection, stale.current)
        return Status(409, {"detail": "；".join(stale.messages), "current": current})
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error
    return Status(200, _circular_out(inspection, circular))


@router.post("/campaigns/{inspection_id}/circular/issue", response=CircularOut)
def issue_circular(request, inspection_id: int):
    """Issue the circular to all units (every member unit and every unit with a finding is
    notified). Irreversible."""
    inspection = access.get_inspection_for_inspector(request.user, inspection_id)
    circular = run_api_action(services.circular_issue, inspection=inspection, user=request.user)
    return _circular_out(inspection, circular)


@router.get("/findings/{finding_id}", response=FindingOut)
def get_finding(request, finding_id: int):
    finding, _may_run = access.get_finding_for_user(request.user, finding_id)
    return finding


@router.post("/findings/{finding_id}/rectifications", response={201: RectificationOut})
def add_rectification(request, finding_id: int, payload: RectificationIn):
    """A further rectification item on a finding (another measure, another responsible unit);
    a closed finding opens again."""
    finding, may_run = access.get_finding_for_user(request.user, finding_id)
    require(may_run)
    form = RectificationForm(
        {
            "measures": payload.measures,
            "responsible_unit": payload.responsible_unit_id,
            "due_date": payload.due_date,
        }
    )
    data = api_form_data(form)
    item = run_api_action(services.rectification_add, finding=finding, user=request.user, **data)
    return Status(201, item)


@router.post("/rectifications/{rectification_id}/report", response={201: ReportOut})
def report_rectification(request, rectification_id: int, payload: ReportIn):
    rectification = access.get_rectification_for_reporter(request.user, rectification_id)
    report = run_api_action(
        services.rectification_report,
        rectification=rectification,
        user=request.user,
        text=payload.text,
        completed=payload.completed,
    )
    return Status(201, report)


@router.post("/rectifications/{rectification_id}/report-with-files", response={201: ReportOut})
def report_rectification_with_files(
    request,
    rectification_id: int,
    text: Form[str],
    completed: Form[bool] = False,
    attachments: File[list[UploadedFile]] = None,
):
    """The same report as `…/report`, sent as multipart/form-data with evidence files (several
    `attachments`: PDF, .docx, .xlsx, images or text, each checked as on the page; one bad
    file refuses the whole report)."""
    rectification = access.get_rectification_for_reporter(request.user, rectification_id)
    form = ReportForm({"text": text, "completed": completed}, request.FILES)
    data = api_form_data(form)
    report = run_api_action(
        services.rectification_report,
        rectification=rectification,
        user=request.user,
        text=data["text"],
        completed=data["completed"],
        attachments=form.attachment_contents(),
    )
    return Status(201, report)


@router.get("/attachments/{attachment_id}", response={200: None})
def download_attachment(request, attachment_id: int):
    """A rectification report's evidence file, to whoever may read its finding."""
    attachment = get_object_or_404(
        RectificationAttachment.objects.select_related("report__rectification"), pk=attachment_id
    )
    access.get_finding_for_user(request.user, attachment.report.rectification.finding_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename
    )


@router.post("/rectifications/{rectification_id}/verify", response={201: VerificationOut})
def verify_rectification(request, rectification_id: int, payload: VerifyIn):
    rectification = access.get_rectification_for_inspector(request.user, rectification_id)
    verification = run_api_action(
        services.rectification_verify,
        rectification=rectification,
        user=request.user,
        close=payload.close,
        note=payload.note,
        new_due_date=payload.new_due_date,
    )
    return Status(201, verification)

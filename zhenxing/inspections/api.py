"""API (/api/v1/inspections): campaigns, findings with rectification, reports, verification,
the circular and the findings-by-unit dashboard. Same access module and services as the pages."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.inspections import access, selectors, services
from zhenxing.inspections.models import Finding
from zhenxing.lib.pagination import api_page
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.projects.models import Project

router = Router(tags=["inspections"])


def _call(service, **arguments):
    try:
        return service(**arguments)
    except ValidationError as error:
        raise HttpError(400, "；".join(error.messages)) from error


class InspectionOut(Schema):
    id: int
    title: str
    basis: str
    period_start: datetime.date
    period_end: datetime.date
    status: str
    team_leader_id: int | None


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


class ReportOut(Schema):
    id: int
    rectification_id: int
    text: str
    completed: bool
    reported_at: datetime.datetime


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


class CircularOut(Schema):
    title: str
    document_number: str
    status: str
    issued_on: datetime.date | None
    summary: str
    units: list[UnitRowOut]


@router.get("/dashboard", response=list[UnitRowOut])
def findings_by_unit(request):
    require(access.may_use_inspections(request.user))
    return selectors.findings_by_unit(access.findings_visible_to(request.user))


@router.get("/campaigns", response=list[InspectionOut])
def list_inspections(request):
    require(access.may_use_inspections(request.user))
    return access.inspections_visible_to(request.user)


@router.get("/campaigns/{inspection_id}", response=InspectionOut)
def get_inspection(request, inspection_id: int):
    inspection, _may_run = access.get_inspection_for_user(request.user, inspection_id)
    return inspection


@router.get("/campaigns/{inspection_id}/findings", response=list[FindingOut])
def list_findings(request, inspection_id: int, response: HttpResponse, cursor: str = ""):
    """A campaign's findings in order, 100 a page; the next page by the `Link` header's cursor."""
    inspection, _may_run = access.get_inspection_for_user(request.user, inspection_id)
    findings = selectors.with_rectifications(
        access.findings_visible_to(request.user).filter(inspection=inspection)
    )
    ordering = ["position", "id"]
    return api_page(request, response, findings, ordering=ordering, cursor=cursor)


@router.post("/campaigns/{inspection_id}/findings", response={201: FindingOut})
def issue_finding(request, inspection_id: int, payload: FindingIn):
    inspection = access.get_inspection_for_inspector(request.user, inspection_id)
    finding = _call(
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


@router.get("/campaigns/{inspection_id}/circular", response=CircularOut)
def get_circular(request, inspection_id: int):
    inspection, _may_run = access.get_circular_inspection_for_user(request.user, inspection_id)
    circular = getattr(inspection, "circular", None)
    if circular is None:
        raise HttpError(404, "通报尚未起草。")
    summary = selectors.circular_summary(inspection)
    return {
        "title": circular.title,
        "document_number": circular.document_number,
        "status": circular.status,
        "issued_on": circular.issued_on,
        "summary": selectors.summary_sentence(inspection, summary),
        "units": summary["rows"],
    }


@router.get("/findings/{finding_id}", response=FindingOut)
def get_finding(request, finding_id: int):
    finding, _may_run = access.get_finding_for_user(request.user, finding_id)
    return finding


@router.post("/rectifications/{rectification_id}/report", response={201: ReportOut})
def report_rectification(request, rectification_id: int, payload: ReportIn):
    rectification = access.get_rectification_for_reporter(request.user, rectification_id)
    report = _call(
        services.rectification_report,
        rectification=rectification,
        user=request.user,
        text=payload.text,
        completed=payload.completed,
    )
    return Status(201, report)


@router.post("/rectifications/{rectification_id}/verify", response={201: VerificationOut})
def verify_rectification(request, rectification_id: int, payload: VerifyIn):
    rectification = access.get_rectification_for_inspector(request.user, rectification_id)
    verification = _call(
        services.rectification_verify,
        rectification=rectification,
        user=request.user,
        close=payload.close,
        note=payload.note,
        new_due_date=payload.new_due_date,
    )
    return Status(201, verification)

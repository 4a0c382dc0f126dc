"""API: reports — list, content, create a draft, edit its narrative, finalise, download."""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.lib.versions import VersionConflict
from zhenxing.mechanisms.scope import mechanism_for_api
from zhenxing.orgs import access
from zhenxing.policies.models import DivisionPlan
from zhenxing.reports import access as report_access
from zhenxing.reports.selectors import build_content
from zhenxing.reports.services import (
    render,
    report_create,
    report_finalise,
    report_update_narratives,
)
from zhenxing.reports.views import CONTENT_TYPES
from zhenxing.rounds.models import ReportingRound

router = Router(tags=["reports"])


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    period_label: str
    status: str
    version: int
    snapshot_at: datetime.datetime | None
    docx_sha256: str
    pdf_sha256: str
    xlsx_sha256: str


class ReportIn(Schema):
    kind: str
    period_label: str = ""
    plan_id: int | None = None
    round_id: int | None = None
    # Tasks with no accepted report: "note", "latest_submitted" (marked) or "omit" (counted).
    unaccepted: str = "note"


class NarrativesIn(Schema):
    narratives: dict[str, str]
    expected_version: int


def _invalid(error: ValidationError):
    raise HttpError(400, "；".join(error.messages))


@router.get("", response=list[ReportOut])
def list_reports(request):
    return report_access.visible_reports(request.user)


@router.get("/{report_id}", response=dict)
def get_report(request, report_id: int):
    report, _can_edit = report_access.get_report_for_user(request.user, report_id)
    return {
        "id": report.pk,
        "status": report.status,
        "version": report.version,
        "content": build_content(report).as_dict(),
    }


@router.post("", response={201: ReportOut})
def create_report(request, payload: ReportIn):
    access.require(report_access.may_write_reports(request.user))
    try:
        report = report_create(
            user=request.user,
            kind=payload.kind,
            period_label=payload.period_label,
            mechanism=mechanism_for_api(request, None),
            plan=DivisionPlan.objects.filter(pk=payload.plan_id).first()
            if payload.plan_id
            else None,
            round_=ReportingRound.objects.filter(pk=payload.round_id).first()
            if payload.round_id
            else None,
            unaccepted=payload.unaccepted,
        )
    except ValidationError as error:
        _invalid(error)
    return Status(201, report)


class ConflictOut(Schema):
    detail: str
    current: ReportOut


@router.put("/{report_id}/narratives", response={200: ReportOut, 409: ConflictOut})
def update_narratives(request, report_id: int, payload: NarrativesIn):
    report, can_edit = report_access.get_report_for_user(request.user, report_id)
    access.require(can_edit)
    try:
        return report_update_narratives(
            report=report,
            user=request.user,
            narratives=payload.narratives,
            expected_version=payload.expected_version,
        )
    except VersionConflict as conflict:
        return Status(409, {"detail": conflict.messages[0], "current": conflict.current})
    except ValidationError as error:
        _invalid(error)


@router.post("/{report_id}/finalise", response=ReportOut)
def finalise_report(request, report_id: int):
    report, can_edit = report_access.get_report_for_user(request.user, report_id)
    access.require(can_edit)
    try:
        return report_finalise(report=report, user=request.user)
    except ValidationError as error:
        _invalid(error)


@router.get("/{report_id}/download/{file_format}")
def download_report(request, report_id: int, file_format: str):
    report, _can_edit = report_access.get_report_for_user(request.user, report_id)
    if file_format not in CONTENT_TYPES:
        raise HttpError(404, "格式应为 docx、pdf 或 xlsx。")
    data = (
        getattr(report, f"{file_format}_file").read()
        if report.is_final
        else render(build_content(report), file_format)
    )
    return HttpResponse(data, content_type=CONTENT_TYPES[file_format])

"""Inspection pages: dashboard, campaigns, findings with rectification, the circular and exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.inspections import access, exports, selectors, services
from zhenxing.inspections.forms import (
    CircularForm,
    FindingForm,
    InspectionForm,
    RectificationForm,
    ReportForm,
    VerifyForm,
)
from zhenxing.inspections.models import Circular, Rectification, RectificationAttachment
from zhenxing.lib.actions import run_form_action
from zhenxing.lib.pagination import FastPaginator
from zhenxing.lib.versions import VersionConflict, conflict_context, rebase
from zhenxing.lib.xlsx_export import CONTENT_TYPE as XLSX
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.operations.list_cache import cached_fragment, tables_of
from zhenxing.orgs import access as org_access

FINDINGS_PAGE_SIZE = 100


@login_required
def dashboard(request):
    org_access.require(access.may_use_inspections(request.user))
    in_use = mechanism_in_use(request)
    findings = within_mechanism(
        access.findings_visible_to(request.user), in_use, "inspection__mechanism"
    )
    rows = selectors.findings_by_unit(findings)
    unit = org_access.acting_unit(request.user)
    my_items = (
        Rectification.objects.filter(finding__in=findings)
        .exclude(status=Rectification.Status.CLOSED)
        .select_related("finding__inspection", "responsible_unit")
        .order_by("due_date")
        if unit
        else []
    )
    today = timezone.localdate()
    context = {
        "inspections": within_mechanism(
            access.inspections_visible_to(request.user), in_use
        ).prefetch_related("team"),
        "rows": rows,
        "totals": selectors.totals(rows),
        "my_items": [(item, selectors.rectification_light(item, today)) for item in my_items],
        "is_unit": unit is not None,
        "may_run": access.may_run_inspections(request.user),
    }
    return render(request, "inspections/dashboard.html", context)


@login_required
def inspection_new(request):
    org_access.require(access.may_run_inspections(request.user))
    form = InspectionForm(request.POST or None, initial={"team_leader": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(
                user=request.user, mechanism=mechanism_in_use(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("督查已创建。"))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form})


@login_required
def inspection_detail(request, pk):
    inspection, may_run = access.get_inspection_for_user(request.user, pk)

    def findings_part() -> str:
        findings = selectors.with_rectifications(
            access.findings_visible_to(request.user).filter(inspection=inspection)
        ).select_related("task", "project", "policy_document")
        page = FastPaginator(findings.order_by("position", "id"), FINDINGS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        today = timezone.localdate()
        context = {
            "page": page,
            "findings": [(finding, selectors.finding_light(finding, today)) for finding in page],
            "rows": selectors.findings_by_unit(findings),
            "request": request,
        }
        return render_to_string("inspections/_findings.html", context)

    # The findings name their task, project or policy document.
    read_from = tables_of("inspections", "policies", "projects")
    context = {
        "inspection": inspection,
        "may_run": may_run,
        "may_export": org_access.sees_everything(request.user),  # as findings_export requires
        "findings_part": cached_fragment(request, "inspection-findings", read_from, findings_part),
        "circular": Circular.objects.filter(inspection=inspection).first(),
        "may_read_circular": access.may_read_circular(request.user, inspection),
    }
    return render(request, "inspections/inspection_detail.html", context)


@login_required
@require_POST
def inspection_conclude(request, pk):
    inspection = access.get_inspection_for_inspector(request.user, pk)
    try:
        services.inspection_conclude(inspection=inspection, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("督查已结束。"))
    return redirect("inspections:inspection_detail", pk=pk)


@login_required
def findings_export(request, pk):
    inspection, _may_run = access.get_inspection_for_user(request.user, pk)
    org_access.require(org_access.sees_everything(request.user))  # every unit's findings
    return exports.download(
        exports.findings_xlsx(inspection), XLSX, f"inspection-{pk}-findings.xlsx"
    )


@login_required
def finding_new(request, pk):
    inspection = access.get_inspection_for_inspector(request.user, pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_issue(
                inspection=inspection, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("问题已下发，被督查单位已收到通知。"))
            return redirect("inspections:finding_detail", pk=finding.pk)
    return render(
        request, "inspections/finding_form.html", {"form": form, "inspection": inspection}
    )


@login_required
def finding_detail(request, pk):
    finding, may_run = access.get_finding_for_user(request.user, pk)
    today = timezone.localdate()
    items = [
        {
            "item": item,
            "light": selectors.rectification_light(item, today),
            "history": selectors.rectification_history(item),
            "may_report": item.awaits_report and access.may_report(request.user, item),
            "may_verify": may_run and item.status == Rectification.Status.REPORTED,
        }
        for item in finding.rectifications.select_related("responsible_unit", "finding__unit")
    ]
    context = {
        "finding": finding,
        "may_run": may_run,
        "items": items,
        "report_form": ReportForm(),
        "verify_form": VerifyForm(),
        "rectification_form": RectificationForm(initial={"responsible_unit": finding.unit_id}),
    }
    return render(request, "inspections/finding_detail.html", context)


@login_required
@require_POST
def rectification_add(request, pk):
    finding, may_run = access.get_finding_for_user(request.user, pk)
    org_access.require(may_run)
    run_form_action(
        request,
        RectificationForm(request.POST),
        lambda **data: services.rectification_add(finding=finding, user=request.user, **data),
        _("整改事项已添加。"),
    )
    return redirect("inspections:finding_detail", pk=pk)


@login_required
@require_POST
def rectification_report(request, pk):
    rectification = access.get_rectification_for_reporter(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    run_form_action(
        request,
        form,
        lambda text, completed, attachments: services.rectification_report(
            rectification=rectification,
            user=request.user,
            text=text,
            completed=completed,
            attachments=form.attachment_contents(),
        ),
        _("整改情况已报告。"),
    )
    return redirect("inspections:finding_detail", pk=rectification.finding_id)


@login_required
@require_POST
def rectification_verify(request, pk):
    rectification = access.get_rectification_for_inspector(request.user, pk)
    run_form_action(
        request,
        VerifyForm(request.POST),
        lambda **data: services.rectification_verify(
            rectification=rectification, user=request.user, **data
        ),
        _("核查结论已保存。"),
    )
    return redirect("inspections:finding_detail", pk=rectification.finding_id)


def _circular_form(inspection, circular, data=None) -> CircularForm:
    if circular is not None:
        fields = {f: getattr(circular, f) for f in CircularForm.base_fields}
        return CircularForm(data, initial=fields)
    return CircularForm(
        data,
        initial={
            "title": f"关于{inspection.title}的通报",
            "issuer": "东北振兴省部联席落实推进工作机制秘书处",
            "version": 0,
        },
    )


@login_required
def circular(request, pk):
    inspection, may_run = access.get_circular_inspection_for_user(request.user, pk)
    return _circular_page(request, inspection, may_run)


def _circular_page(request, inspection, may_run, form=None, conflict=None, status=200):
    circular = Circular.objects.filter(inspection=inspection).first()
    summary = selectors.circular_summary(inspection)
    editable = may_run and not (circular and circular.is_issued)
    context = {
        "inspection": inspection,
        "circular": circular,
        "summary": summary,
        "sentence": selectors.summary_sentence(inspection, summary),
        "form": (form or _circular_form(inspection, circular)) if editable else None,
        "may_run": may_run,
        "conflict": conflict,
    }
    return render(request, "inspections/circular.html", context, status=status)


@login_required
@require_POST
def circular_save(request, pk):
    """Save the draft circular; over someone else's newer draft, 409 with theirs shown."""
    inspection = access.get_inspection_for_inspector(request.user, pk)
    form = CircularForm(request.POST)
    try:
        run_form_action(
            request,
            form,
            lambda **data: services.circular_save(inspection=inspection, user=request.user, **data),
            _("通报草稿已保存。"),
            reraise=(VersionConflict,),
        )
    except VersionConflict as stale:
        current = stale.current
        theirs = _circular_form(inspection, current)
        record = ChangeRecord.objects.latest_for(current)
        conflict = conflict_context(form, theirs, stale, record)
        rebase(form, current)
        return _circular_page(request, inspection, True, form, conflict, status=409)
    return redirect("inspections:circular", pk=pk)


@login_required
@require_POST
def circular_issue(request, pk):
    inspection = access.get_inspection_for_inspector(request.user, pk)
    try:
        services.circular_issue(inspection=inspection, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("通报已印发，各单位已收到通知。"))
    return redirect("inspections:circular", pk=pk)


@login_required
def circular_export(request, pk, export_format):
    inspection, _may_run = access.get_circular_inspection_for_user(request.user, pk)
    if export_format not in ("docx", "xlsx") or not hasattr(inspection, "circular"):
        raise Http404
    if export_format == "docx":
        return exports.download(
            exports.circular_docx(inspection), exports.DOCX, f"circular-{pk}.docx"
        )
    return exports.download(exports.circular_xlsx(inspection), XLSX, f"circular-{pk}.xlsx")


@login_required
def attachment_download(request, pk):
    """A rectification report's file, to whoever may read its finding."""
    attachment = get_object_or_404(
        RectificationAttachment.objects.select_related("report__rectification"), pk=pk
    )
    access.get_finding_for_user(request.user, attachment.report.rectification.finding_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename
    )

"""Report pages: list, draft with editable narrative beside live figures, finalise, download."""

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.versions import VersionConflict, VersionMissing, parse_version
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs import access
from zhenxing.reports import access as report_access
from zhenxing.reports.forms import ReportCreateForm
from zhenxing.reports.models import Report, ReportBuild
from zhenxing.reports.selectors import build_content
from zhenxing.reports.services import (
    render as render_report,
)
from zhenxing.reports.services import (
    report_build_request,
    report_create,
    report_finalise,
    report_update_narratives,
    work_points_plan_create,
)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def report_list(request):
    reports = within_mechanism(
        report_access.visible_reports(request.user), mechanism_in_use(request)
    )
    form = ReportCreateForm() if report_access.may_write_reports(request.user) else None
    return render(request, "reports/report_list.html", {"reports": reports, "form": form})


@login_required
@require_POST
def report_new(request):
    access.require(report_access.may_write_reports(request.user))
    form = ReportCreateForm(request.POST)
    if form.is_valid():
        try:
            report = report_create(
                user=request.user,
                kind=form.cleaned_data["kind"],
                period_label=form.cleaned_data["period_label"].strip(),
                mechanism=mechanism_in_use(request),
                plan=form.cleaned_data["plan"],
                round_=form.cleaned_data["round"],
                unaccepted=form.cleaned_data["unaccepted"] or Report.Unaccepted.NOTE,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("reports:report_detail", pk=report.pk)
    reports = report_access.visible_reports(request.user)
    return render(
        request, "reports/report_list.html", {"reports": reports, "form": form}, status=400
    )


@login_required
def report_detail(request, pk):
    report, can_edit = report_access.get_report_for_user(request.user, pk)
    content = build_content(report)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "content": content,
            "can_edit": can_edit,
            "may_write": report_access.may_write_reports(request.user),
            "builds": report.builds.all()[:5] if not report.is_final else [],
        },
    )


@login_required
@require_POST
def report_narratives(request, pk):
    report, can_edit = report_access.get_report_for_user(request.user, pk)
    access.require(can_edit)
    narratives = {
        key[len("narrative-") :]: value
        for key, value in request.POST.items()
        if key.startswith("narrative-")
    }
    try:
        report = report_update_narratives(
            report=report,
            user=request.user,
            narratives=narratives,
            expected_version=parse_version(request.POST.get("version")),
        )
    except VersionConflict as conflict:
        return _narratives_conflict(request, conflict, narratives)
    except VersionMissing as missing:
        return HttpResponse(f'<span class="errors">{missing.messages[0]}</span>', status=400)
    except ValidationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(
                f'<span class="errors">{"；".join(error.messages)}</span>', status=409
            )
        messages.error(request, "；".join(error.messages))
        return redirect("reports:report_detail", pk=pk)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_saved.html", {"report": report})
    messages.success(request, _("文字部分已保存。"))
    return redirect("reports:report_detail", pk=pk)


def _narratives_conflict(request, conflict, narratives: dict):
    """409: the other person's saved text beside this person's, with the current version (htmx
    swaps it into the save state; without htmx the page comes back with it on top)."""
    current = conflict.current
    record = ChangeRecord.objects.latest_for(current)
    rows = [
        {"label": key, "theirs": current.narratives.get(key, "") or "—", "mine": text or "—"}
        for key, text in narratives.items()
        if current.narratives.get(key, "") != text
    ]
    summary = {
        "message": conflict.messages[0],
        "changed_by": getattr(record, "actor_name", ""),
        "changed_at": getattr(record, "time", None),
        "rows": rows,
    }
    if request.headers.get("HX-Request"):
        context = {"conflict": summary, "report": current}
        return render(request, "reports/_conflict.html", context, status=409)
    context = {
        "report": current,
        "content": build_content(current),
        "can_edit": True,
        "may_write": True,
        "conflict": summary,
    }
    return render(request, "reports/report_detail.html", context, status=409)


@login_required
@require_POST
def report_finalise_view(request, pk):
    report, can_edit = report_access.get_report_for_user(request.user, pk)
    access.require(can_edit)
    try:
        report_finalise(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("报告已定稿，文件已存档，不能再修改。"))
    return redirect("reports:report_detail", pk=pk)


@login_required
@require_POST
def report_work_points(request, pk):
    report, _can_edit = report_access.get_report_for_user(request.user, pk)
    access.require(report_access.may_write_reports(request.user))
    try:
        plan = work_points_plan_create(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("reports:report_detail", pk=pk)
    messages.success(request, _("已生成下一年度工作要点草案：%(title)s") % {"title": plan.title})
    return redirect("reports:report_detail", pk=pk)


@login_required
def report_download(request, pk, file_format):
    report, _can_edit = report_access.get_report_for_user(request.user, pk)
    if file_format not in CONTENT_TYPES:
        return HttpResponse(status=404)
    if report.is_final:
        data = getattr(report, f"{file_format}_file").read()
    else:
        data = render_report(build_content(report), file_format)
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    name = f"{report.title or 'report'}{'' if report.is_final else '（草稿）'}.{file_format}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    if report.is_final:
        response["X-Content-SHA256"] = getattr(report, f"{file_format}_sha256")
    return response


@login_required
@require_POST
def report_build_new(request, pk, file_format):
    """A draft's Word or PDF file, built by the queue's worker; the build page shows progress."""
    report, _can_edit = report_access.get_report_for_user(request.user, pk)
    try:
        build = report_build_request(report=report, user=request.user, file_format=file_format)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("reports:report_detail", pk=pk)
    return redirect("reports:report_build_detail", pk=pk, build_pk=build.pk)


def _build_for_user(request, pk, build_pk) -> ReportBuild:
    report, _can_edit = report_access.get_report_for_user(request.user, pk)
    return get_object_or_404(report.builds.select_related("report"), pk=build_pk)


@login_required
def report_build_detail(request, pk, build_pk):
    build = _build_for_user(request, pk, build_pk)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_build_progress.html", {"build": build})
    return render(request, "reports/build_detail.html", {"build": build, "report": build.report})


@login_required
def report_build_file(request, pk, build_pk):
    build = _build_for_user(request, pk, build_pk)
    if build.status != ReportBuild.Status.SUCCEEDED or not build.file:
        raise Http404
    stamp = f"{build.finished_at:%Y%m%d-%H%M}" if build.finished_at else ""
    name = f"{build.report.title or 'report'}（草稿 {stamp}）.{build.file_format}"
    return FileResponse(
        build.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES[build.file_format],
    )

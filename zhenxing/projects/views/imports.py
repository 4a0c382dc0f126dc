"""The import wizard: upload, check the detected columns, run, watch progress, get the errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.orgs import access as org_access
from zhenxing.projects import access
from zhenxing.projects.forms import ImportMappingForm, ImportUploadForm
from zhenxing.projects.importing.columns import FIELDS, MONEY_FIELDS
from zhenxing.projects.importing.heartbeat import import_jobs_fail_stale
from zhenxing.projects.importing.jobs import (
    ImportRefused,
    import_job_cancel,
    import_job_configure,
    import_job_create,
    import_job_preview,
    import_job_start,
    read_progress,
)
from zhenxing.projects.models import ImportJob


@login_required
def import_list(request):
    org_access.require(access.may_import_projects(request.user))
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        unit = None if org_access.is_secretariat(request.user) else request.user.unit
        try:
            job = import_job_create(
                user=request.user, uploaded=upload, filename=upload.name, unit=unit
            )
        except ImportRefused as error:
            form.add_error("file", str(error))
        else:
            return redirect("projects:project_import_mapping", job.pk)
    jobs = access.import_jobs_visible_to(request.user).select_related("uploaded_by")[:20]
    return render(request, "projects/import_list.html", {"form": form, "jobs": jobs})


@login_required
def import_mapping(request, pk):
    job = access.get_import_job_for_user(request.user, pk)
    if job.status != ImportJob.Status.UPLOADED:
        return redirect("projects:project_import_detail", job.pk)
    preview = import_job_preview(job)
    form = ImportMappingForm(request.POST or None, job=job, headings=preview["headings"])
    if request.method == "POST" and form.is_valid():
        try:
            import_job_configure(
                job=job,
                columns=form.columns(),
                money_units=form.money_units(),
                mode=form.cleaned_data["mode"],
                period=form.cleaned_data["period_label"],
            )
        except ImportRefused as error:
            form.add_error(None, str(error))
        else:
            import_job_start(job)
            return redirect("projects:project_import_detail", job.pk)
    context = {
        "job": job,
        "form": form,
        "preview": preview,
        "unit_rows": [(form[f"unit_{key}"], FIELDS[key][0]) for key in MONEY_FIELDS],
    }
    return render(request, "projects/import_mapping.html", context)


@login_required
def import_detail(request, pk):
    job = access.get_import_job_for_user(request.user, pk)
    if import_jobs_fail_stale(jobs=[job]):  # its process died: say so rather than spin
        job.refresh_from_db()
    progress = read_progress(job) if job.status == ImportJob.Status.RUNNING else {}
    context = {"job": job, "progress": progress}
    if request.headers.get("HX-Request") and request.GET.get("part") == "progress":
        return render(request, "projects/_import_progress.html", context)
    return render(request, "projects/import_detail.html", context)


@login_required
def import_error_file(request, pk):
    job = access.get_import_job_for_user(request.user, pk)
    if not job.error_file:
        raise Http404
    return FileResponse(
        job.error_file.open("rb"), as_attachment=True, filename=f"导入错误行-{job.pk}.xlsx"
    )


@login_required
@require_POST
def import_cancel(request, pk):
    job = access.get_import_job_for_user(request.user, pk)
    try:
        import_job_cancel(job=job)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
    else:
        messages.success(request, _("已取消该导入。"))
    return redirect("projects:project_import_list")

"""A large project list's export, written by the queue's worker: progress, then the file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from zhenxing.orgs import access as org_access
from zhenxing.projects import access
from zhenxing.projects.models import ProjectExport


def _export_for_user(request, pk) -> ProjectExport:
    """An export is its requester's alone (it holds the list as they were allowed to see it)."""
    org_access.require(access.may_read_projects(request.user))
    return get_object_or_404(ProjectExport, pk=pk, requested_by=request.user)


@login_required
def export_detail(request, pk):
    export = _export_for_user(request, pk)
    if request.headers.get("HX-Request"):
        return render(request, "projects/_export_progress.html", {"export": export})
    return render(request, "projects/export_detail.html", {"export": export})


@login_required
def export_file(request, pk):
    export = _export_for_user(request, pk)
    if export.status != ProjectExport.Status.SUCCEEDED or not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename="重点项目清单.xlsx")

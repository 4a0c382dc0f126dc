"""Large project-list exports as jobs on the queue: request, run (by `zhenxing worker`), and
the clean-up when the worker running one died. Lists up to `PROJECT_EXPORT_INLINE_MAX_ROWS`
rows are written inside the request (the list view), larger ones here."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from zhenxing.lib.jobs import TransientFailure, is_transient, remove_partial_files
from zhenxing.projects import access
from zhenxing.projects.exports import projects_xlsx
from zhenxing.projects.forms import ProjectFilterForm
from zhenxing.projects.models import ProjectExport
from zhenxing.projects.selectors import filter_projects

logger = logging.getLogger(__name__)
TITLE = "重点项目清单"


def inline_max_rows() -> int:
    return getattr(settings, "PROJECT_EXPORT_INLINE_MAX_ROWS", 5_000)


def project_export_request(*, user, filters: dict) -> ProjectExport:
    """Enqueue the export of the list `user` sees with `filters` (the list page's parameters)."""
    from zhenxing.projects.tasks import project_export_run

    export = ProjectExport.objects.create(requested_by=user, filters=filters)
    project_export_run.enqueue(export.pk)
    export.refresh_from_db()
    return export


def project_export_execute(*, export_id: int, raise_transient: bool = False) -> ProjectExport:
    """The job: the requester's visible projects with the filters, as at run time, to .xlsx."""
    claimed = ProjectExport.objects.filter(pk=export_id, status=ProjectExport.Status.QUEUED).update(
        status=ProjectExport.Status.RUNNING
    )
    export = ProjectExport.objects.select_related("requested_by").get(pk=export_id)
    if not claimed:
        return export
    try:
        form = ProjectFilterForm(export.filters or None)
        projects = access.projects_visible_to(export.requested_by)
        projects = filter_projects(projects, form.cleaned_data if form.is_valid() else {})
        data, count = projects_xlsx(projects, title=TITLE)
        export.file.save(f"export-{export.pk}.xlsx", ContentFile(data), save=False)
        export.rows_written = count
        export.status = ProjectExport.Status.SUCCEEDED
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "rows_written", "status", "finished_at"])
    except Exception as error:
        _remove_file(export)
        if raise_transient and is_transient(error):
            ProjectExport.objects.filter(pk=export.pk).update(
                status=ProjectExport.Status.QUEUED, file=""
            )
            raise TransientFailure(str(error)) from error
        logger.exception("project export %s failed", export.pk)
        _fail(export, f"导出失败：{error}"[:500])
    export.refresh_from_db()
    return export


def project_export_abandon(export_id: int, attempt: int = 1) -> None:
    """The worker writing this export died: fail it and remove its partial file."""
    export = ProjectExport.objects.filter(pk=export_id).first()
    if export is None or export.is_finished:
        return
    _remove_file(export)
    _fail(export, "导出的后台进程已中断，请重新导出。")


def _remove_file(export: ProjectExport) -> None:
    if export.file:
        export.file.delete(save=False)
    remove_partial_files("project-exports", f"export-{export.pk}.")


def _fail(export: ProjectExport, message: str) -> None:
    ProjectExport.objects.filter(pk=export.pk).update(
        status=ProjectExport.Status.FAILED, message=message, file="", finished_at=timezone.now()
    )

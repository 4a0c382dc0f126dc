"""A running import's heartbeat, and what becomes of an import whose process died.

An import runs in one database transaction (all or nothing), so a process killed with kill -9
leaves no projects, updates or change records behind: the database rolls the transaction back.
What it does leave is its job marked "running" (the claim is committed before the transaction
starts), its progress and heartbeat files and, if it got that far, its error workbook on disk.

The heartbeat is a small file the import's own thread rewrites every HEARTBEAT_SECONDS, not a
database column: the import holds SQLite's one write lock for its whole transaction, and a
second connection writing a heartbeat row would wait for it. `import_jobs_fail_stale` (run by
`zhenxing projects run-import --pending`, and for one job by its page) marks a running job
whose heartbeat is older than PROJECT_IMPORT_STALE_MINUTES as failed, removes its files and
tells the person who uploaded it.
"""

import contextlib
import datetime
import threading
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import record_change
from zhenxing.lib.jobs import remove_partial_files
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notification_send
from zhenxing.projects.models import ImportJob

HEARTBEAT_SECONDS = 30


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.PROJECT_IMPORT_STALE_MINUTES)


def heartbeat_path(job: ImportJob) -> Path:
    return Path(settings.MEDIA_ROOT) / "project-imports" / "progress" / f"job-{job.pk}.heartbeat"


@contextlib.contextmanager
def heartbeat(job: ImportJob):
    """Beat every HEARTBEAT_SECONDS while the block runs; the beats stop when the process dies."""
    path = heartbeat_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    stopped = threading.Event()

    def beat() -> None:
        while not stopped.wait(HEARTBEAT_SECONDS):
            path.write_text(timezone.now().isoformat(), "utf-8")

    path.write_text(timezone.now().isoformat(), "utf-8")  # the first beat before any work

    beating = threading.Thread(target=beat, name=f"import-{job.pk}-heartbeat", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stopped.set()
        beating.join()
        path.unlink(missing_ok=True)


def last_heartbeat(job: ImportJob) -> datetime.datetime | None:
    """When the job's process last gave a sign of life (its start if it never beat)."""
    try:
        return datetime.datetime.fromisoformat(heartbeat_path(job).read_text("utf-8"))
    except (OSError, ValueError):
        return job.started_at


def is_stale(job: ImportJob, now: datetime.datetime | None = None) -> bool:
    if job.status != ImportJob.Status.RUNNING:
        return False
    beat = last_heartbeat(job)  # None: never claimed by a run, so nothing died
    return beat is not None and beat < (now or timezone.now()) - stale_after()


def import_jobs_fail_stale(*, jobs=None) -> list[ImportJob]:
    """Mark every running job without a recent heartbeat as failed; the jobs so marked."""
    now = timezone.now()
    running = ImportJob.objects.filter(status=ImportJob.Status.RUNNING)
    if jobs is not None:
        running = running.filter(pk__in=[job.pk for job in jobs])
    return [
        job for job in running.select_related("uploaded_by") if is_stale(job, now) and _fail(job)
    ]


def import_job_fail_dead(job_id: int) -> bool:
    """The queue's worker running this import died (its own sweep saw it): fail it now."""
    job = ImportJob.objects.select_related("uploaded_by").filter(pk=job_id).first()
    return job is not None and job.status == ImportJob.Status.RUNNING and _fail(job)


@transaction.atomic
def _fail(job: ImportJob) -> bool:
    from zhenxing.projects.importing.jobs import progress_path

    minutes = settings.PROJECT_IMPORT_STALE_MINUTES
    message = (
        f"导入进程已中断（{minutes} 分钟无心跳，最后一次为 "
        f"{timezone.localtime(last_heartbeat(job)):%Y-%m-%d %H:%M:%S}），已标记为失败。"
        "导入是整体提交的，中断时未写入任何项目数据。请重新上传该表格。"
    )
    marked = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED, phase="", message=message, finished_at=timezone.now()
    )
    if not marked:  # another sweep, or the import itself, finished it first
        return False
    job.refresh_from_db()
    record_change(
        instance=job,
        action=ChangeRecord.Action.UPDATE,
        before={"status": ImportJob.Status.RUNNING},
        after={"status": job.status, "message": message},
        reason="导入进程中断（无心跳）",
    )
    progress_path(job).unlink(missing_ok=True)
    heartbeat_path(job).unlink(missing_ok=True)
    _remove_orphan_error_files(job)
    if job.uploaded_by is not None and job.uploaded_by.is_active:
        notification_send(
            recipient=job.uploaded_by,
            kind=Notification.Kind.IMPORT_FAILED,
            title=f"项目导入失败：{job.original_name}",
            body=message,
            link=f"/projects/imports/{job.pk}/",
            dedup_key=f"project-import:{job.pk}:stale",
        )
    return True


def _remove_orphan_error_files(job: ImportJob) -> None:
    """An error workbook written before the kill, which the job row never came to name."""
    remove_partial_files(
        "project-imports/errors", f"job-{job.pk}-errors", keep=job.error_file.name or ""
    )

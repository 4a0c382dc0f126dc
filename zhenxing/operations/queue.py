"""The job queue seen from operations: worker heartbeats, dead workers' jobs, queue health.

`zhenxing worker` runs django-tasks-db's worker loop and, beside it, a thread that beats every
HEARTBEAT_SECONDS and sweeps: a job left "running" by a worker whose heartbeat stopped more
than WORKER_STALE_SECONDS ago (killed, machine lost) is marked failed with a message, and the
domain's own clean-up runs for it (the import's, the report build's), so no partial output
stays behind. A job is run at most once by the database backend (the worker claims it in one
transaction); it is not re-run after a death, because a half-run job may have sent mail.
"""

import datetime
import logging
import socket

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

from zhenxing.lib.jobs import clean_up_for
from zhenxing.operations.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15
WORKER_DIED = "zhenxing.operations.queue.WorkerDied"


class WorkerDied(Exception):
    """The worker running the job stopped beating before the job finished."""


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS)


def worker_beat(*, worker_id: str, started_at: datetime.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def worker_gone(*, worker_id: str) -> None:
    """A worker that stops cleanly says so (its jobs finished)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def uses_database_queue(alias: str = "default") -> bool:
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(task_backends[alias], DatabaseBackend)


def queue_sweep(now: datetime.datetime | None = None) -> list[str]:
    """Fail the running jobs of dead workers and clean up after them; their ids."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(beat_at__gte=now - stale_after()).values_list(
            "worker_id", flat=True
        )
    )
    failed = []
    running = DBTaskResult.objects.running().filter(started_at__lt=now - stale_after())
    for result in running:
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        if _fail_dead(result.pk, now):
            failed.append(str(result.pk))
            _clean_up(result)
    WorkerHeartbeat.objects.filter(beat_at__lt=now - datetime.timedelta(days=1)).delete()
    return failed


@transaction.atomic
def _fail_dead(result_id, now: datetime.datetime) -> bool:
    from django_tasks_db.models import DBTaskResult

    seconds = settings.WORKER_STALE_SECONDS
    return bool(
        DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=WORKER_DIED,
            traceback=f"运行该任务的后台进程已中断（{seconds} 秒无心跳），任务标记为失败。",
        )
    )


def _clean_up(result) -> None:
    clean_up = clean_up_for(result.task_path)
    if clean_up is None:
        return
    arguments = result.args_kwargs
    try:
        clean_up(*arguments["args"], **arguments["kwargs"])
    except Exception:  # one job's clean-up must not stop the sweep
        logger.exception("clean-up after dead job %s failed", result.pk)


def check_queue() -> str | None:
    """The database queue answers: a worker beat recently and no job waited too long to start."""
    if not uses_database_queue():
        return None  # immediate or a broker's backend: the broker has its own monitoring
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    try:
        last = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True)
        beat = last.first()
        ready = DBTaskResult.objects.ready().order_by("enqueued_at")
        waiting = list(ready.values_list("enqueued_at", "run_after")[:100])
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:200]
    if beat is None or beat < now - stale_after():
        return "no worker heartbeat" + (f" since {beat:%Y-%m-%dT%H:%M:%SZ}" if beat else "")
    # A deferred job (a retry) waits from its run_after; the others from their enqueueing.
    since = [
        max(enqueued, run_after) if run_after < now else enqueued for enqueued, run_after in waiting
    ]
    waited = (now - min(since)).total_seconds() if since else 0
    if waited > settings.QUEUE_READY_MAX_SECONDS:
        return f"oldest ready job waited {waited:.0f} s"
    return None

"""`zhenxing worker`: runs the queued jobs (django-tasks-db's worker loop, every queue).

Beside the loop, a thread writes this worker's heartbeat every 15 s and sweeps the jobs of
workers that died (zhenxing/operations/queue.py). Options are db_worker's (--batch,
--max-tasks, --interval …). With a broker-backed backend, run that broker's worker instead.
"""

import threading

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from zhenxing.operations import queue


class Command(DatabaseWorkerCommand):
    help = "Run queued background jobs (imports, report builds, exports) from the database."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
        # db_worker refuses a non-database backend while parsing, with argparse's message;
        # `handle` says it in our words and what to run instead.
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str

    def handle(self, *args, **options):
        if not queue.uses_database_queue(options["backend_name"]):
            raise CommandError(
                "TASKS_BACKEND 不是数据库队列，无需 zhenxing worker（代理队列请运行其自带的 worker）。"
            )
        worker_id = options["worker_id"]
        started_at = timezone.now()
        stopped = threading.Event()
        queue.worker_beat(worker_id=worker_id, started_at=started_at)
        queue.queue_sweep()
        beating = threading.Thread(
            target=_beat,
            args=(worker_id, started_at, stopped),
            name="worker-heartbeat",
            daemon=True,
        )
        beating.start()
        try:
            super().handle(*args, **options)
        finally:
            stopped.set()
            beating.join()
            queue.worker_gone(worker_id=worker_id)


def _beat(worker_id: str, started_at, stopped: threading.Event) -> None:
    """Beat and sweep until stopped; a busy database skips a beat rather than stop the thread."""
    try:
        while not stopped.wait(queue.HEARTBEAT_SECONDS):
            try:
                queue.worker_beat(worker_id=worker_id, started_at=started_at)
                queue.queue_sweep()
            except Exception:
                queue.logger.exception("worker heartbeat skipped")
    finally:
        connection.close()  # this thread's own connection

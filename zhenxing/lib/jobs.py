"""Helpers for background jobs (Django's tasks API): transient failures and their retry.

A job that fails because the database was briefly unavailable (SQLite's write lock held past
its timeout, a PostgreSQL connection dropped by a restart or a failover) is enqueued again
with a growing delay, at most `TASK_ATTEMPTS` times in all; any other error fails the job.
"""

import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.utils import timezone

logger = logging.getLogger(__name__)


class TransientFailure(Exception):
    """The job could not finish for a reason that may pass; it left nothing half-done."""


def is_transient(error: BaseException) -> bool:
    return isinstance(error, OperationalError | InterfaceError | TransientFailure)


def may_retry(attempt: int) -> bool:
    return attempt < settings.TASK_ATTEMPTS


def retry_delay(attempt: int) -> datetime.timedelta:
    """5 s after the first attempt, 20 s after the second, 45 s after the third …"""
    return datetime.timedelta(seconds=5 * attempt * attempt)


def enqueue_retry(task, *args, attempt: int, **kwargs):
    """Enqueue `task` again as attempt `attempt + 1`, later where the backend can defer."""
    logger.warning("job %s attempt %s failed transiently; enqueued again", task.name, attempt)
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + retry_delay(attempt))
    return task.enqueue(*args, attempt=attempt + 1, **kwargs)


def remove_partial_files(folder: str, prefix: str, *, keep: str = "") -> None:
    """Delete the stored files in `folder` whose names start with `prefix` (but `keep`): what a
    job killed mid-write left in the storage before its row came to name it."""
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(prefix) and f"{folder}/{name}" != keep:
            default_storage.delete(f"{folder}/{name}")

"""Helpers for background jobs (Django's tasks API): transient failures and their retry.

A job that fails because the database was briefly unavailable (SQLite's write lock held past
its timeout, a PostgreSQL connection dropped by a restart or a failover) is enqueued again
with a growing delay, at most `TASK_ATTEMPTS` times in all; any other error fails the job.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# What to do for a job whose worker died, by the task's path; each app registers its own.
_CLEAN_UPS: dict[str, Callable] = {}


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


def clean_up_after_death(task):
    """Decorator: the function runs with the job's arguments when the worker running a job of
    `task` died before it finished (operations.queue's sweep), to undo what it half did."""

    def register(function: Callable) -> Callable:
        _CLEAN_UPS[task.module_path] = function
        return function

    return register


def clean_up_for(task_path: str) -> Callable | None:
    """The clean-up registered for the task at `task_path`, importing its module to find it."""
    try:
        import_string(task_path)
    except ImportError:
        return None
    return _CLEAN_UPS.get(task_path)

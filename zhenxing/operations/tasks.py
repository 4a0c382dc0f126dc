"""The queue's own periodic job: finished jobs older than 30 days are removed."""

import datetime

from django.core.management import call_command
from django_tasks import task

from zhenxing.lib.jobs import periodic


@periodic(every=datetime.timedelta(days=1))
@task()
def queue_prune_finished() -> None:
    """django-tasks-db's results of finished jobs older than 30 days (the database queue only)."""
    from zhenxing.operations.queue import uses_database_queue

    if uses_database_queue():
        call_command("prune_db_task_results", min_age_days=30, verbosity=0)

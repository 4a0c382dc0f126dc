"""Background jobs of key enterprises (Django's tasks API; `zhenxing worker` runs them)."""

from django_tasks import task

from zhenxing.lib.jobs import TransientFailure, clean_up_after_death, enqueue_retry, may_retry


@task()
def enterprise_import_run(import_id: int, attempt: int = 1) -> str:
    """Import a queued workbook; a transient database failure enqueues it again (bounded)."""
    from zhenxing.enterprises.importing import enterprise_import_execute

    try:
        job = enterprise_import_execute(import_id, raise_transient=may_retry(attempt))
    except TransientFailure:
        enqueue_retry(enterprise_import_run, import_id, attempt=attempt)
        return "retry"
    return job.status


@clean_up_after_death(enterprise_import_run)
def enterprise_import_run_died(import_id: int, attempt: int = 1) -> None:
    from zhenxing.enterprises.importing import enterprise_import_fail_dead

    enterprise_import_fail_dead(import_id)

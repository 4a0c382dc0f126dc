"""The project library's background jobs (Django's tasks API; `zhenxing worker` runs them)."""

from django_tasks import task

from zhenxing.lib.jobs import TransientFailure, clean_up_after_death, enqueue_retry, may_retry


@task()
def project_import_run(job_id: int, attempt: int = 1) -> str:
    """Run a queued import; a transient database failure enqueues it again (bounded)."""
    from zhenxing.projects.importing.jobs import import_job_run

    try:
        job = import_job_run(job_id, raise_transient=may_retry(attempt))
    except TransientFailure:
        enqueue_retry(project_import_run, job_id, attempt=attempt)
        return "retry"
    return job.status


@task()
def project_export_run(export_id: int, attempt: int = 1) -> str:
    """Write a large project list as .xlsx; a transient database failure enqueues it again."""
    from zhenxing.projects.exporting import project_export_execute

    try:
        export = project_export_execute(export_id=export_id, raise_transient=may_retry(attempt))
    except TransientFailure:
        enqueue_retry(project_export_run, export_id, attempt=attempt)
        return "retry"
    return export.status


@clean_up_after_death(project_import_run)
def project_import_run_died(job_id: int, attempt: int = 1) -> None:
    """The import ran in the dead worker: fail it now, remove its files, tell its uploader."""
    from zhenxing.projects.importing.heartbeat import import_job_fail_dead

    import_job_fail_dead(job_id)


@clean_up_after_death(project_export_run)
def project_export_run_died(export_id: int, attempt: int = 1) -> None:
    from zhenxing.projects.exporting import project_export_abandon

    project_export_abandon(export_id, attempt)

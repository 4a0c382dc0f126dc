"""The project library's background jobs (Django's tasks API; `zhenxing worker` runs them)."""

from django_tasks import task

from zhenxing.lib.jobs import TransientFailure, enqueue_retry, may_retry


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

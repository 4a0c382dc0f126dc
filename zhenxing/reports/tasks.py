"""The reports' background jobs (Django's tasks API; `zhenxing worker` runs them)."""

from django_tasks import task

from zhenxing.lib.jobs import TransientFailure, clean_up_after_death, enqueue_retry, may_retry


@task()
def report_build_run(build_id: int, attempt: int = 1) -> str:
    """Build a draft's file; a transient database failure enqueues it again (bounded)."""
    from zhenxing.reports.services import report_build_execute

    try:
        build = report_build_execute(build_id=build_id, raise_transient=may_retry(attempt))
    except TransientFailure:
        enqueue_retry(report_build_run, build_id, attempt=attempt)
        return "retry"
    return build.status


@clean_up_after_death(report_build_run)
def report_build_run_died(build_id: int, attempt: int = 1) -> None:
    from zhenxing.reports.services import report_build_abandon

    report_build_abandon(build_id, attempt)

"""The job queue: a real `zhenxing worker` process runs a job from the database queue (SQLite
file, and PostgreSQL when DATABASE_URL names one), stops on SIGTERM; a dead worker's job is
failed by the sweep; /health/ready reports the queue."""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from zhenxing.operations import queue
from zhenxing.operations.models import WorkerHeartbeat
from zhenxing.projects.importing import jobs
from zhenxing.projects.models import ImportJob
from zhenxing.projects.tests.conftest import row, xlsx_bytes

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Run in a child process against the worker's database: upload a two-row project list and
# enqueue its import as the page does for a large file.
ENQUEUE = """
import django, sys
django.setup()
from django.core.files.base import ContentFile
from zhenxing.projects.importing import jobs
from zhenxing.projects.tasks import project_import_run
job = jobs.import_job_create(user=None, uploaded=ContentFile(open(sys.argv[1], "rb").read()), filename="big.xlsx")
jobs.import_job_configure(job=job, columns={int(k): v for k, v in job.column_mapping.items()},
    money_units=job.money_units, mode="valid-rows", period="2026-10")
project_import_run.enqueue(job.pk)
print(job.pk)
"""
STATUS = """
import django, sys
django.setup()
from zhenxing.projects.models import ImportJob, Project
from zhenxing.operations import queue
from zhenxing.operations.models import WorkerHeartbeat
job = ImportJob.objects.get(pk=int(sys.argv[1]))
print(job.status, Project.objects.count(), WorkerHeartbeat.objects.count())
"""


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(params=["sqlite", "postgresql"])
def worker_environment(request, tmp_path):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        ZHENXING_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="zhenxing.settings",
        SECRET_KEY="a-test-secret-key-that-is-long-enough-for-django-checks-0123456789",
    )
    dropped = None
    if request.param == "postgresql":
        url = postgres_url()
        if url is None:
            pytest.skip("DATABASE_URL names no PostgreSQL server")
        import psycopg

        name = f"zhenxing_worker_{uuid.uuid4().hex[:8]}"
        base, _, _old = url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        environment["DATABASE_URL"] = f"{base}/{name}"
        dropped = (f"{base}/postgres", name)
    subprocess.run(
        [sys.executable, "-m", "zhenxing.manage", "migrate", "--no-input", "-v", "0"],
        env=environment,
        check=True,
        timeout=600,
    )
    yield environment
    if dropped:
        import psycopg

        with psycopg.connect(dropped[0], autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{dropped[1]}" WITH (FORCE)')


def python(environment, script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.strip()


def test_a_worker_process_runs_an_enqueued_import(worker_environment, tmp_path):
    workbook = tmp_path / "big.xlsx"
    workbook.write_bytes(
        xlsx_bytes([row(1, "2024-210102-36-03-000001"), row(2, "2024-210102-36-03-000002")])
    )
    job_id = python(worker_environment, ENQUEUE, str(workbook))
    assert python(worker_environment, STATUS, job_id) == "queued 0 0"

    worker = subprocess.Popen(
        [sys.executable, "-m", "zhenxing.manage", "worker", "--interval", "0.2"],
        env=worker_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        state = ""
        while time.monotonic() < deadline:
            state = python(worker_environment, STATUS, job_id)
            if state.startswith("succeeded"):
                break
            time.sleep(0.5)
        assert state == "succeeded 2 1"  # done, while the worker beats
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        output = worker.communicate(timeout=30)[0].decode()
    assert worker.returncode == 0, output
    assert python(worker_environment, STATUS, job_id) == "succeeded 2 0"  # its heartbeat gone


def test_worker_refuses_without_the_database_queue():
    with pytest.raises(CommandError, match="不是数据库队列"):
        call_command("worker", "--batch")


def dead_worker_job(task_path: str, args: list, minutes_ago: int):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": args, "kwargs": {}},
        task_path=task_path,
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        worker_ids=["killed-worker"],
    )


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_QUEUE, WORKER_STALE_SECONDS=120)
def test_a_dead_workers_import_is_failed_and_cleaned(personas, tmp_path):
    from django_tasks import TaskResultStatus

    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx_bytes([row(1, "2024-210102-36-03-000001")]))
    with open(path, "rb") as handle:
        job = jobs.import_job_create(user=personas.secretariat, uploaded=handle, filename="a.xlsx")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    jobs.write_progress(job, 1, jobs.PHASE_CHECKING)
    # The killed worker beat three minutes ago; a live worker's job is left alone.
    WorkerHeartbeat.objects.create(
        worker_id="killed-worker",
        started_at=timezone.now(),
        beat_at=timezone.now() - datetime.timedelta(minutes=3),
    )
    dead = dead_worker_job("zhenxing.projects.tasks.project_import_run", [job.pk], 3)
    WorkerHeartbeat.objects.create(
        worker_id="live-worker", started_at=timezone.now(), beat_at=timezone.now()
    )
    alive = dead_worker_job("zhenxing.projects.tasks.project_import_run", [0], 3)
    alive.worker_ids = ["live-worker"]
    alive.save()

    # What each worker does on start and every 15 s. (Not `call_command("worker")` here: its
    # loop closes the connection, and with it this test's transaction, on PostgreSQL.)
    assert queue.queue_sweep() == [str(dead.pk)]

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED and "后台进程已中断" in dead.traceback
    assert alive.status == TaskResultStatus.RUNNING
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "已标记为失败" in job.message
    assert not jobs.progress_path(job).exists()


@pytest.mark.django_db
def test_heartbeats_are_not_written_to_the_change_log():
    from zhenxing.audit.models import ChangeRecord

    started = timezone.now()
    queue.worker_beat(worker_id="w", started_at=started)
    queue.worker_beat(worker_id="w", started_at=started)
    assert WorkerHeartbeat.objects.count() == 1
    assert not ChangeRecord.objects.filter(content_type__app_label="operations").exists()


@pytest.mark.django_db
def test_ready_reports_the_queue(client, settings, tmp_path):
    from django_tasks_db.models import DBTaskResult

    settings.MEDIA_ROOT = tmp_path
    settings.QUEUE_READY_MAX_SECONDS = 300
    with override_settings(TASKS=DATABASE_QUEUE):
        assert client.get("/health/ready").json()["checks"]["queue"] == "no worker heartbeat"
        WorkerHeartbeat.objects.create(
            worker_id="w", started_at=timezone.now(), beat_at=timezone.now()
        )
        response = client.get("/health/ready")
        assert response.status_code == 200 and response.json()["checks"]["queue"] == "ok"
        from zhenxing.projects.tasks import project_import_run

        result = project_import_run.enqueue(0)
        DBTaskResult.objects.filter(pk=result.id).update(
            enqueued_at=timezone.now() - datetime.timedelta(minutes=10)
        )
        response = client.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["queue"].startswith("oldest ready job waited 6")

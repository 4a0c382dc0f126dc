"""An import whose process died (kill -9) is failed after PROJECT_IMPORT_STALE_MINUTES without a
heartbeat, its leftovers removed and its uploader told (issue #13, item 9).

The dead process is simulated: a job left "running" with an old heartbeat, a progress file and
an error workbook it wrote before it died, as a killed import leaves them.
"""

import datetime
import io

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.projects.importing import heartbeat, jobs
from zhenxing.projects.importing.jobs import import_file
from zhenxing.projects.models import ImportJob, Project
from zhenxing.projects.tests.conftest import row, xlsx_bytes
from zhenxing.testing import client_for


def running_job(write_file, user, *, beat_minutes_ago: float | None) -> ImportJob:
    """A job as a killed `run-import` leaves it: claimed, beating until `beat_minutes_ago`."""
    path = write_file(xlsx_bytes([row(1, "2024-210102-36-03-000001")]), "projects.xlsx")
    with open(path, "rb") as handle:
        job = jobs.import_job_create(user=user, uploaded=handle, filename=path.name)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        phase=jobs.PHASE_CHECKING,
        started_at=now - datetime.timedelta(minutes=30),
    )
    job.refresh_from_db()
    jobs.write_progress(job, 1, jobs.PHASE_CHECKING)
    if beat_minutes_ago is not None:
        beat = now - datetime.timedelta(minutes=beat_minutes_ago)
        heartbeat.heartbeat_path(job).write_text(beat.isoformat(), "utf-8")
    return job


def test_pending_run_fails_a_dead_import_and_tells_the_uploader(write_file, personas, settings):
    settings.PROJECT_IMPORT_STALE_MINUTES = 10
    dead = running_job(write_file, personas.secretariat, beat_minutes_ago=11)
    alive = running_job(write_file, personas.secretariat, beat_minutes_ago=1)
    orphan = default_storage.save(f"project-imports/errors/job-{dead.pk}-errors.xlsx", io.BytesIO())

    output = io.StringIO()
    call_command("projects", "run-import", "--pending", stdout=output)

    dead.refresh_from_db()
    assert dead.status == ImportJob.Status.FAILED and dead.finished_at
    assert "10 分钟无心跳" in dead.message and "未写入任何项目数据" in dead.message
    assert f"job={dead.pk} status=failed stale" in output.getvalue()
    assert not jobs.progress_path(dead).exists()
    assert not heartbeat.heartbeat_path(dead).exists()
    assert not default_storage.exists(orphan)
    assert not Project.objects.filter(last_import_id=dead.pk).exists()
    record = ChangeRecord.objects.get(content_type__model="importjob", object_id=str(dead.pk))
    assert record.after["status"] == "failed" and "无心跳" in record.reason
    notice = Notification.objects.get(recipient=personas.secretariat)
    assert notice.title == "项目导入失败：projects.xlsx"
    assert notice.link == f"/projects/imports/{dead.pk}/"

    alive.refresh_from_db()
    assert alive.status == ImportJob.Status.RUNNING  # still beating: left alone
    call_command("projects", "run-import", "--pending", stdout=io.StringIO())
    assert Notification.objects.count() == 1  # told once


def test_job_page_and_api_show_a_dead_import_as_failed(write_file, personas, settings):
    settings.PROJECT_IMPORT_STALE_MINUTES = 10
    # Killed before its first beat: its start (30 minutes ago) is its last sign of life.
    never_beat = running_job(write_file, personas.secretariat, beat_minutes_ago=None)
    page = client_for(personas.secretariat).get(f"/projects/imports/{never_beat.pk}/")
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="import-status">失败' in content and "无心跳" in content
    dead = running_job(write_file, personas.secretariat, beat_minutes_ago=60)
    answer = client_for(personas.secretariat).get(f"/api/v1/projects/imports/{dead.pk}").json()
    assert answer["status"] == "failed" and "无心跳" in answer["message"]


def test_a_running_import_beats_and_stops_beating_when_it_ends(write_file, monkeypatch, db):
    seen = []
    original = jobs.ensure_regions

    def ensure_regions_and_look():
        job = ImportJob.objects.get()
        seen.append((job.status, heartbeat.heartbeat_path(job).exists(), heartbeat.is_stale(job)))
        original()

    monkeypatch.setattr(jobs, "ensure_regions", ensure_regions_and_look)
    job = import_file(
        write_file(xlsx_bytes([row(1, "2024-210102-36-03-000001")])), mode="all-or-nothing"
    )
    assert seen == [(ImportJob.Status.RUNNING, True, False)]
    assert job.status == ImportJob.Status.SUCCEEDED
    assert not heartbeat.heartbeat_path(job).exists()

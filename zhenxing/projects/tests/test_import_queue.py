"""Large imports run on the job queue (the test suite's backend runs a job as it is enqueued);
a transient database failure is retried a bounded number of times, through the page."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from zhenxing.projects.importing import jobs
from zhenxing.projects.models import ImportJob, Project
from zhenxing.projects.tests.conftest import row, upload, xlsx_bytes
from zhenxing.testing import client_for


def import_through_pages(client) -> ImportJob:
    rows = [row(1, "2024-210102-36-03-000001"), row(2, "2024-210102-36-03-000002")]
    response = client.post(
        reverse("projects:project_import_list"), {"file": upload(xlsx_bytes(rows))}
    )
    page = client.get(response.url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"mode": "all-or-nothing", "period_label": "2026-10"}
    response = client.post(response.url, data)
    assert response.status_code == 302
    return ImportJob.objects.get()


@pytest.fixture
def on_the_queue(settings, monkeypatch):
    settings.PROJECT_IMPORT_INLINE_MAX_ROWS = 0  # every file is "large"
    settings.TASK_ATTEMPTS = 3
    from django_tasks.signals import task_enqueued

    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append((tuple(task_result.args), task_result.kwargs))

    task_enqueued.connect(record)
    yield enqueued
    task_enqueued.disconnect(record)


def locked_for(monkeypatch, times: int) -> list:
    """The database is locked for the first `times` runs, as SQLite says when busy."""
    calls = []
    real = jobs.ensure_regions

    def ensure_regions():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("database is locked")
        return real()

    monkeypatch.setattr(jobs, "ensure_regions", ensure_regions)
    return calls


def test_a_large_import_is_enqueued_and_done(personas, on_the_queue):
    job = import_through_pages(client_for(personas.secretariat))
    assert on_the_queue == [((job.pk,), {})]
    assert (job.status, job.imported_count) == ("succeeded", 2)


def test_a_locked_database_is_retried_and_the_import_done(personas, on_the_queue, monkeypatch):
    calls = locked_for(monkeypatch, times=2)
    job = import_through_pages(client_for(personas.secretariat))
    assert len(calls) == 3
    assert [kwargs.get("attempt", 1) for _args, kwargs in on_the_queue] == [1, 2, 3]
    assert (job.status, job.imported_count) == ("succeeded", 2)
    assert Project.objects.count() == 2


def test_retries_are_bounded_and_the_job_then_fails(personas, on_the_queue, monkeypatch):
    calls = locked_for(monkeypatch, times=99)
    job = import_through_pages(client_for(personas.secretariat))
    assert len(calls) == 3  # TASK_ATTEMPTS
    assert job.status == "failed" and "database is locked" in job.message
    assert not Project.objects.exists()
    page = client_for(personas.secretariat).get(
        reverse("projects:project_import_detail", args=[job.pk])
    )
    assert "database is locked" in page.content.decode()

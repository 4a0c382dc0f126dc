"""A large project list's .xlsx export runs on the job queue: the list page enqueues it and
redirects to a page that polls, then offers the file; it is its requester's alone."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from python_calamine import CalamineWorkbook

from zhenxing.projects import exporting
from zhenxing.projects.models import ProjectExport
from zhenxing.projects.tests.test_views import LOGIN, check_matrix
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_the_queue(settings):
    settings.PROJECT_EXPORT_INLINE_MAX_ROWS = 1  # a list of two is "large"


def export_rows(response) -> list[list]:
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_a_large_list_is_exported_by_the_worker(personas, sample_projects):
    client = client_for(personas.secretariat)
    response = client.get(reverse("projects:project_list"), {"format": "xlsx", "region": "210000"})
    export = ProjectExport.objects.get()
    assert response.url == reverse("projects:project_export_detail", args=[export.pk])
    assert export.filters == {"region": "210000"} and export.status == "succeeded"
    progress = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="export-status">已完成' in progress and "every 1s" not in progress
    rows = export_rows(client.get(reverse("projects:project_export_file", args=[export.pk])))
    names = sorted(row[2] for row in rows[3:])  # the two Liaoning projects, not Jilin's
    assert names == sorted(["大连湾海底隧道连接线", "沈阳新能源汽车零部件产业园"])


def test_a_small_list_is_still_written_in_the_request(personas, sample_projects, settings):
    settings.PROJECT_EXPORT_INLINE_MAX_ROWS = 5_000
    response = client_for(personas.secretariat).get(
        reverse("projects:project_list"), {"format": "xlsx"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ProjectExport.objects.exists()


def test_a_queued_export_polls(personas, sample_projects, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = client_for(personas.secretariat)
    response = client.get(reverse("projects:project_list"), {"format": "xlsx"})
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in page and "排队中" in page
    export = ProjectExport.objects.get()
    assert client.get(reverse("projects:project_export_file", args=[export.pk])).status_code == 404


def test_a_failed_export_says_why_and_a_dead_one_leaves_no_file(
    personas, sample_projects, monkeypatch, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path

    def broken(projects, *, title):
        raise ValueError("磁盘已满")

    monkeypatch.setattr(exporting, "projects_xlsx", broken)
    client = client_for(personas.secretariat)
    response = client.get(reverse("projects:project_list"), {"format": "xlsx"})
    export = ProjectExport.objects.get()
    assert export.status == "failed" and not export.file
    assert "磁盘已满" in client.get(response.url).content.decode()

    dead = ProjectExport.objects.create(
        requested_by=personas.secretariat, status=ProjectExport.Status.RUNNING
    )
    partial = default_storage.save(f"project-exports/export-{dead.pk}.xlsx", ContentFile(b"PK"))
    exporting.project_export_abandon(dead.pk)
    dead.refresh_from_db()
    assert dead.status == "failed" and "后台进程已中断" in dead.message
    assert not default_storage.exists(partial)


def test_export_matrix(people, personas, sample_projects):
    client_for(personas.secretariat).get(reverse("projects:project_list"), {"format": "xlsx"})
    export = ProjectExport.objects.get()
    statuses = {
        name: 302
        if name in LOGIN
        else 200
        if name == "secretariat"
        else 403
        if name in {"system_admin", "security_admin", "audit_admin", "no_role"}
        else 404
        for name in people
    }
    check_matrix(people, reverse("projects:project_export_detail", args=[export.pk]), statuses)
    check_matrix(people, reverse("projects:project_export_file", args=[export.pk]), statuses)

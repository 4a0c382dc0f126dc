"""A draft's Word and PDF files are built on the job queue: the page enqueues, shows progress,
offers the file; a failure is shown and leaves no file; a dead worker's build is failed and its
partial file removed. The suite's backend runs a job as it is enqueued."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError

from zhenxing.reports import services
from zhenxing.reports.models import Report, ReportBuild
from zhenxing.reports.services import report_build_abandon, report_create
from zhenxing.reports.tests.test_views import ADMINISTRATORS, READERS, status_of
from zhenxing.testing import client_for

NOT_RUN = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def draft(demo, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return report_create(
        user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label=demo["quarter"]
    )


def test_the_page_enqueues_a_build_and_offers_the_file(personas, draft):
    client = client_for(personas.secretariat)
    page = client.get(f"/reports/{draft.pk}/").content.decode()
    assert f'action="/reports/{draft.pk}/builds/docx/"' in page
    assert f"/reports/{draft.pk}/download/docx/" not in page  # not rendered in the request

    response = client.post(f"/reports/{draft.pk}/builds/docx/")
    build = ReportBuild.objects.get()
    assert response.url == f"/reports/{draft.pk}/builds/{build.pk}/"
    assert (build.status, build.requested_by) == ("succeeded", personas.secretariat)
    progress = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="build-status">已生成' in progress and "every 1s" not in progress
    download = client.get(f"/reports/{draft.pk}/builds/{build.pk}/file/")
    data = b"".join(download.streaming_content)
    assert download.status_code == 200 and data.startswith(b"PK")  # a .docx (zip)
    assert "attachment" in download["Content-Disposition"]
    assert (
        f"/reports/{draft.pk}/builds/{build.pk}/"
        in client.get(f"/reports/{draft.pk}/").content.decode()
    )


def test_a_queued_build_polls_until_done(personas, draft, settings):
    settings.TASKS = NOT_RUN
    client = client_for(personas.secretariat)
    client.post(f"/reports/{draft.pk}/builds/pdf/")
    build = ReportBuild.objects.get()
    progress = client.get(
        f"/reports/{draft.pk}/builds/{build.pk}/", headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in progress and "排队中" in progress
    assert client.get(f"/reports/{draft.pk}/builds/{build.pk}/file/").status_code == 404


def test_a_failed_build_says_why_and_leaves_no_file(personas, draft, monkeypatch):
    def broken(content, file_format):
        raise ValueError("字体缺失")

    monkeypatch.setattr(services, "render", broken)
    client = client_for(personas.secretariat)
    client.post(f"/reports/{draft.pk}/builds/pdf/")
    build = ReportBuild.objects.get()
    assert build.status == "failed" and "字体缺失" in build.message and not build.file
    page = client.get(f"/reports/{draft.pk}/builds/{build.pk}/").content.decode()
    assert "字体缺失" in page and "重新生成" in page


def test_a_locked_database_is_retried(personas, draft, monkeypatch, settings):
    settings.TASK_ATTEMPTS = 2
    calls = []
    real = services.render

    def locked_once(content, file_format):
        calls.append(file_format)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(content, file_format)

    monkeypatch.setattr(services, "render", locked_once)
    client_for(personas.secretariat).post(f"/reports/{draft.pk}/builds/docx/")
    assert len(calls) == 2 and ReportBuild.objects.get().status == "succeeded"


def test_a_dead_workers_build_is_failed_and_its_partial_file_removed(personas, draft):
    build = ReportBuild.objects.create(
        report=draft, file_format="pdf", status=ReportBuild.Status.RUNNING
    )
    partial = default_storage.save(
        f"report-builds/report-{draft.pk}-{build.pk}.pdf", ContentFile(b"%PDF-1.")
    )
    report_build_abandon(build.pk)
    build.refresh_from_db()
    assert build.status == "failed" and "后台进程已中断" in build.message
    assert not default_storage.exists(partial)


def test_a_final_report_is_not_built_again(personas, draft):
    from zhenxing.reports.services import report_finalise

    report_finalise(report=draft, user=personas.secretariat)
    response = client_for(personas.secretariat).post(f"/reports/{draft.pk}/builds/pdf/")
    assert response.url == f"/reports/{draft.pk}/" and not ReportBuild.objects.exists()


@pytest.mark.parametrize("persona", ["secretariat", *READERS, *ADMINISTRATORS, None])
def test_build_permission_matrix(client, personas, draft, persona, settings):
    settings.TASKS = NOT_RUN
    build = ReportBuild.objects.create(
        report=draft, file_format="docx", status=ReportBuild.Status.SUCCEEDED, file="x.docx"
    )
    default_storage.save("x.docx", ContentFile(b"PK"))
    user = getattr(personas, persona) if persona else None
    secretariat = persona == "secretariat"
    denied = 302 if persona is None else 403 if persona in ADMINISTRATORS else 404
    base = f"/reports/{draft.pk}/builds"
    assert status_of(client, user, "post", f"{base}/docx/") == (302 if secretariat else denied)
    assert status_of(client, user, "get", f"{base}/{build.pk}/") == (200 if secretariat else denied)
    assert status_of(client, user, "get", f"{base}/{build.pk}/file/") == (
        200 if secretariat else denied
    )

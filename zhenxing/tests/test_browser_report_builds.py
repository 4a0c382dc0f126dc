"""Issue #19 in the browser: a draft's PDF is enqueued from the report page, the build page
polls with HTMX while the job waits, then offers the file once the worker has built it."""

import pytest
from playwright.sync_api import expect

from zhenxing.reports.models import Report, ReportBuild
from zhenxing.reports.services import report_build_execute, report_create
from zhenxing.tests.browser import save_screenshot
from zhenxing.tests.test_browser_rounds import round_world  # noqa: F401

pytestmark = pytest.mark.browser


def test_a_report_file_is_built_on_the_queue(
    browser,
    page,
    log_in,
    personas,
    round_world,  # noqa: F811
    settings,
):
    # Jobs stay queued (no worker in this process) until the test runs the one it wants.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    report = report_create(
        user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label="2026Q3"
    )
    log_in(personas.secretariat)
    page.goto(f"/reports/{report.pk}/")
    page.locator("#build-pdf").click()
    page.wait_for_url(lambda url: "/builds/" in url)
    expect(page.locator("#build-status")).to_have_text("排队中")
    save_screenshot(browser, page, "report-build-queued")

    report_build_execute(build_id=ReportBuild.objects.get().pk)  # what the worker does
    expect(page.locator("#build-status")).to_have_text("已生成", timeout=10_000)  # polled
    expect(page.locator("#build-file")).to_have_text("下载 PDF")
    save_screenshot(browser, page, "report-build-done")
    with page.expect_download() as download:
        page.locator("#build-file").click()
    assert download.value.suggested_filename.endswith(".pdf")

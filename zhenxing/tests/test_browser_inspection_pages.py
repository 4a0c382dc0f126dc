"""A campaign's page with more findings than one page holds, in the browser: the inspector reads
the first page, follows 下一页 to the rest, and the summary by unit counts them all. A screenshot
goes to test-artifacts/screenshots/ for a person to look at."""

import pytest
from playwright.sync_api import expect

from zhenxing.inspections import views
from zhenxing.inspections.tests.conftest import campaign, clock, issue_findings, units  # noqa: F401
from zhenxing.tests.browser import save_screenshot

pytestmark = pytest.mark.browser


def test_a_campaigns_findings_page_by_page(
    browser,
    page,
    log_in,
    personas,
    campaign,  # noqa: F811
    units,  # noqa: F811
    monkeypatch,
):
    issue_findings(campaign, personas, units, [f"第{number}个问题" for number in range(2, 6)])
    monkeypatch.setattr(views, "FINDINGS_PAGE_SIZE", 3)
    log_in(personas.inspector)
    page.goto(f"/inspections/{campaign.inspection.pk}/")
    rows = page.locator("#finding-table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("p.count").first).to_have_text("共 5 个问题")
    expect(page.locator("nav.pagination")).to_contain_text("第 1 / 2 页")
    # The summary by unit counts every finding, not only the page's: Liaoning 3, MOF 2.
    totals = page.locator("table.matrix tbody tr td:nth-child(2)").all_inner_texts()
    assert sorted(totals) == ["2", "3"]
    save_screenshot(browser, page, "inspection-findings-paged")
    page.get_by_role("link", name="下一页").click()
    expect(page).to_have_url(f"/inspections/{campaign.inspection.pk}/?page=2")
    expect(rows).to_have_count(2)
    expect(rows.last).to_contain_text("第5个问题")

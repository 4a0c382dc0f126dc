"""Issue #13 item 7: the main pages work under the Content-Security-Policy (no inline script or
style, everything from this site): Chromium reports no refusal on any of them. The `page`
fixture fails any browser test with a refusal, so the tests that draw ECharts charts with data
(test_browser_projects, test_browser_rounds) check them too; this test walks the pages each role
opens first, and shows the check catches an inline script."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "/",
    "/mechanisms/northeast/",
    "/units/",
    "/policies/",
    "/policies/plans/",
    "/projects/",
    "/projects/statistics/",
    "/projects/funnel/",
    "/rounds/dashboard/",
    "/rounds/new/",  # the plan chooser's script, formerly inline
    "/coordination/",
    "/inspections/",
    "/reports/",
]


def test_main_pages_raise_no_csp_violation(page, log_in, personas, csp_violations):
    page.goto("/accounts/login/")
    policy = page.request.get("/accounts/login/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    log_in(personas.secretariat)
    for path in MAIN_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # htmx works under the policy: the unit search swaps the table in place.
    page.goto("/units/")
    page.locator("input[name=q]").press_sequentially("财政")
    expect(page.locator("#unit-table tbody")).not_to_contain_text("国家发展和改革委员会")
    # The administrators' pages too.
    page.context.clear_cookies()
    log_in(personas.audit_admin)
    assert page.goto("/audit/").status == 200
    page.context.clear_cookies()
    log_in(personas.system_admin)
    assert page.goto("/admin/").status == 200
    page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_an_inline_script_is_refused_and_reported(page, log_in, personas, csp_violations):
    log_in(personas.secretariat)
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("window.inlineRan") is None
    page.wait_for_timeout(200)
    assert any("inline script" in message for message in csp_violations), csp_violations
    csp_violations.clear()  # expected here; the fixture fails any other test with one

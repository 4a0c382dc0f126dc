"""Issue #21 item 1: the open-data page as an anonymous visitor's browser draws it under the
Content-Security-Policy: the map and the charts from the vendored script, no refusal."""

import pytest
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.policies.models import DivisionPlan
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.public.models import Publication
from zhenxing.public.services import publications_set

pytestmark = pytest.mark.browser


def test_the_open_page_draws_under_the_policy(page, personas, mechanism, csp_violations):
    with acting_as(user=personas.secretariat):
        plan = DivisionPlan.objects.create(title="2026年重点工作分工方案", mechanism=mechanism)
        task_create(plan=plan, user=personas.secretariat, code="1", title="优化营商环境")
        plan.tasks.update(lead_unit=mechanism.lead_unit)
        plan = division_plan_publish(plan=plan, user=personas.secretariat)
        publications_set(
            mechanism=mechanism,
            datasets=[Publication.Dataset.MEMBERS, Publication.Dataset.PROJECTS],
            plans=[plan],
            user=personas.secretariat,
        )
    assert page.goto("/open/northeast/").status == 200
    expect(page.locator("#investment-map canvas").first).to_be_visible()
    expect(page.locator("#dataset-members")).to_contain_text("国家发展和改革委员会")
    page.wait_for_load_state("networkidle")
    page.screenshot(path="var/test/open-page.png", full_page=True)
    page.get_by_role("link", name="2026年重点工作分工方案").click()
    expect(page.locator("table")).to_contain_text("优化营商环境")
    assert page.goto("/open/api/docs").status == 200
    page.wait_for_load_state("networkidle")
    assert csp_violations == []


def test_the_suggestion_form_works_under_the_policy(page, mechanism, csp_violations):
    """A visitor fills in the suggestion form, reads the captcha image, sends, gets a receipt."""
    import re

    from zhenxing.public.models import Suggestion

    assert page.goto("/open/northeast/suggest/").status == 200
    image = page.locator("#captcha-image")
    expect(image).to_be_visible()
    assert page.evaluate("document.getElementById('captcha-image').naturalWidth") == 180
    svg = page.request.get(image.get_attribute("src")).text()
    first, second = re.match(r"(\d) \+ (\d)", "".join(re.findall(r">([^<]+)</text>", svg))).groups()
    page.select_option("#id_category", "project_lead")
    page.fill("#id_text", "某园区拟引进新材料项目，建议对接。")
    page.fill("#id_contact_name", "某企业")
    page.fill("#id_contact", "13800000000")
    page.fill("#id_captcha_answer", str(int(first) + int(second)))
    page.screenshot(path="var/test/suggestion-form.png", full_page=True)
    page.get_by_role("button", name="提交").click()
    receipt = Suggestion.objects.get().receipt_number
    expect(page.locator("#receipt-number")).to_contain_text(receipt)
    page.goto("/open/suggestions/status/")
    page.fill("#id_receipt_number", receipt)
    page.fill("#id_contact", "13800000000")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#status-result")).to_contain_text("已受理")
    page.screenshot(path="var/test/suggestion-status.png", full_page=True)
    page.wait_for_load_state("networkidle")
    assert csp_violations == []

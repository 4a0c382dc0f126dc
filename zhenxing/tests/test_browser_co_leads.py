"""A task two units lead (A、B牵头), as the co-lead's liaison sees it in Chromium (issue 18)."""

import pytest
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Unit
from zhenxing.policies import services
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


def test_a_co_lead_sees_the_task_as_its_own_lead(browser, page, log_in, personas):
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(code__in=["ndrc", "mof", "liaoning-government"])
    }
    with acting_as(user=personas.secretariat):
        plan = services.division_plan_import_table(
            user=personas.secretariat,
            title="共同牵头方案",
            rows=[
                {
                    "code": "1",
                    "title": "推进东北地区营商环境建设",
                    "lead_unit": units["ndrc"],
                    "co_lead_units": [units["liaoning-government"]],
                    "participating_units": [units["mof"]],
                    "deadline_text": "2027年底前",
                }
            ],
        )
        services.division_plan_publish(plan=plan, user=personas.secretariat)
    task = plan.tasks.get()
    log_in(personas.province_liaison)
    page.goto("/policies/tasks/mine/")
    row = page.locator("tr", has_text="推进东北地区营商环境建设")
    expect(row).to_contain_text("牵头")
    expect(row).to_contain_text("国家发展改革委、辽宁省政府")
    page.goto(f"/policies/tasks/{task.pk}/")
    expect(page.locator(".facts")).to_contain_text("共同牵头")
    expect(page.locator(".facts .lead-unit")).to_have_count(2)
    assert_drawn_with_cjk_fonts(page, ".facts")
    save_screenshot(browser, page, "task-co-led")

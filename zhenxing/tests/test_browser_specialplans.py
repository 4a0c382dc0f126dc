"""Special plans in Chromium (issue 20 item 3): the demo plans listed, Liaoning's liaison
reports a resettlement site's year from the relocation plan's page, and the reconstruction
plan's page with its disaster."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.mechanisms.models import Mechanism
from zhenxing.specialplans import demo
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


def test_a_liaison_reports_a_site_year_from_the_plan_page(browser, page, log_in, personas):
    today = timezone.localdate()
    demo.populate(
        secretariat=personas.secretariat,
        mechanism=Mechanism.objects.get(code="northeast"),
        plan=None,
        today=today,
    )
    log_in(personas.province_liaison)
    page.goto("/specialplans/")
    expect(page.locator("#plan-table")).to_contain_text("松花江流域吉黑跨省横向生态保护补偿")
    assert_drawn_with_cjk_fonts(page, "#plan-table td a")
    save_screenshot(browser, page, "specialplans-list")
    page.locator("#plan-table a", has_text="采煤沉陷区").click()
    expect(page.locator("#relocation-totals")).to_contain_text("累计搬迁 5710 人")
    save_screenshot(browser, page, "specialplan-relocation")
    page.locator("#site-table tr", has_text="北宁").get_by_role("link", name="报送年度进展").click()
    page.get_by_label("年度").fill(str(today.year))
    page.get_by_label("搬迁户数").fill("120")
    page.get_by_label("搬迁人数").fill("300")
    page.get_by_label("建成安置住房（套）").fill("130")
    page.get_by_label("实现就业人数").fill("500")
    page.get_by_label("完成投资（万元）").fill("9000")
    page.get_by_label("说明").fill("就业帮扶专场招聘会后新增就业")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#site-year-table")).to_contain_text("就业帮扶专场招聘会后新增就业")
    page.goto("/specialplans/?kind=reconstruction")
    page.locator("#plan-table a").first.click()
    expect(page.locator("#disaster-table")).to_contain_text(f"{today.year - 1}年7月25日")
    expect(page.locator("#reconstruction-progress")).to_contain_text("%")
    save_screenshot(browser, page, "specialplan-reconstruction")

"""Issue #2: the main pages render in headless Chromium with real Chinese glyphs (no tofu).

Each test logs in through the login form, checks visible text, asks Chromium over CDP which
platform fonts drew the Chinese text, and saves a full-page screenshot to
test-artifacts/screenshots/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


def test_login_page_and_home_dashboard(browser, page, log_in, personas):
    page.goto("/accounts/login/")
    expect(page.locator("h1")).to_have_text("登录")
    assert_drawn_with_cjk_fonts(page, "h1")
    save_screenshot(browser, page, "login")

    log_in(personas.secretariat)
    expect(page.locator("h1")).to_have_text("工作台")
    expect(page.locator(".lead")).to_contain_text("东北振兴省部联席落实推进工作机制")
    assert_drawn_with_cjk_fonts(page, ".cards .card .label")
    save_screenshot(browser, page, "home")


def test_mechanism_page_draws_chinese_text(browser, page, log_in, personas):
    log_in(personas.secretariat)
    page.goto("/mechanisms/northeast/")

    expect(page.locator("h1")).to_have_text("东北振兴省部联席落实推进工作机制")
    expect(page.locator(".orgchart .node.lead")).to_contain_text("国家发展和改革委员会")
    expect(page.locator("#member-count")).to_have_text("26")
    expect(page.locator("ol.members li")).to_have_count(26)
    assert_drawn_with_cjk_fonts(page, "h1")
    assert_drawn_with_cjk_fonts(page, "ol.members li a")
    assert_drawn_with_cjk_fonts(page, "#member-count")
    save_screenshot(browser, page, "mechanism")


def test_unit_directory_search_refreshes_the_table(browser, page, log_in, personas):
    log_in(personas.secretariat)
    page.goto("/units/")
    table = page.locator("#unit-table")
    expect(table).to_contain_text("财政部")

    page.locator("input[name=q]").press_sequentially("发改委")
    # htmx swaps the table in place and pushes the query into the address bar.
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(table).not_to_contain_text("财政部")
    expect(table).to_have_count(1)  # the swap replaces the table; it must not nest a second one
    expect(table.locator("tbody")).to_contain_text("国家发展和改革委员会")
    assert_drawn_with_cjk_fonts(page, "h1")
    assert_drawn_with_cjk_fonts(page, "#unit-table tbody tr td a")
    save_screenshot(browser, page, "units")


def test_language_switch_to_english_and_back(browser, page, log_in, personas):
    log_in(personas.secretariat)
    page.goto("/mechanisms/northeast/")
    nav = page.locator("nav.mainnav")
    expect(nav).to_contain_text("单位名录")

    page.get_by_role("button", name="English").click()
    expect(nav).to_contain_text("Units")
    expect(nav).not_to_contain_text("单位名录")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/mechanisms/northeast/$"))
    expect(page.locator(".orgchart .node.lead .role")).to_have_text("Lead unit")
    save_screenshot(browser, page, "mechanism-en")

    page.get_by_role("button", name="中文").click()
    expect(nav).to_contain_text("单位名录")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

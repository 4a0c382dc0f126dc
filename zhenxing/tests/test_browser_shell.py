"""Issue #14 in the browser: the page shell (first-login password page, phone layout, language
switch on the login page, light colours on the home page), the report page (chart, reports
waiting for review quoted), the route form's due date and the league table's period filter.
Screenshots go to test-artifacts/screenshots/ for a person to look at."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.conftest import PASSWORD
from zhenxing.coordination.models import CoordinationMatter
from zhenxing.coordination.services import matter_raise
from zhenxing.orgs.models import Unit
from zhenxing.reports.models import Report
from zhenxing.reports.services import report_create
from zhenxing.rounds.tests.conftest import write_and_submit
from zhenxing.tests.browser import save_screenshot
from zhenxing.tests.test_browser_rounds import round_world  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_first_login_password_page_does_not_nest_itself(browser, page, log_in, personas):
    """The bell's polling used to load the whole password page into the header, again and again."""
    newcomer = personas.lead_liaison
    newcomer.must_change_password = True
    newcomer.save()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(newcomer)
    expect(page).to_have_url(re.compile(r"/accounts/password/"))
    page.wait_for_timeout(2500)  # htmx's load triggers would have fired many times by now
    expect(page.locator("header.topbar")).to_have_count(1)
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(".bell")).to_have_count(0)
    assert not [url for url in requests if "/notifications/badge/" in url]
    save_screenshot(browser, page, "first-login-password")

    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password1]").fill("Another-Horse-77")
    page.locator("input[name=new_password2]").fill("Another-Horse-77")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/password/" not in url)
    expect(page.locator(".bell")).to_have_count(1)
    expect(page.locator("header.topbar")).to_have_count(1)


def test_language_switch_is_outside_the_login_form(browser, page):
    page.goto("/accounts/login/")
    first_button = page.get_by_role("button").first
    expect(first_button).to_have_text("登录")
    expect(page.locator("form.form button")).to_have_count(1)
    page.locator("input[name=username]").fill("nobody")
    page.locator("input[name=password]").fill("wrong")
    page.locator("input[name=password]").press("Enter")  # submits the log-in, not the switch
    expect(page.locator("form.form .errors")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Log in")
    save_screenshot(browser, page, "login-en")


def phone_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def phone_log_in(page, user):
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def assert_fits_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def test_home_page_and_report_form_on_a_phone(browser, live_server, personas, round_world):  # noqa: F811
    world, units = round_world
    context, page = phone_page(browser, live_server)
    try:
        phone_log_in(page, personas.lead_liaison)
        expect(page.locator("h1")).to_have_text("工作台")
        assert_fits_phone(page)
        menu = page.locator("#site-menu")
        toggle = page.get_by_role("button", name="菜单")
        expect(menu).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        save_screenshot(browser, page, "phone-home")

        toggle.click()
        expect(menu).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(menu.get_by_role("link", name="调度督办")).to_be_visible()
        assert_fits_phone(page)
        save_screenshot(browser, page, "phone-menu-open")

        menu.get_by_role("link", name="调度督办").click()
        expect(page.locator("h1")).to_contain_text("我的报送")
        lead_report = world.submission(1, units["ndrc"])
        page.goto(f"/rounds/submissions/{lead_report.pk}/")
        expect(page.locator("#id_progress")).to_be_visible()
        assert_fits_phone(page)
        save_screenshot(browser, page, "phone-report-form")
    finally:
        context.close()


def test_report_page_draws_its_chart(browser, page, log_in, personas, round_world):  # noqa: F811
    report = report_create(
        user=personas.secretariat, kind=Report.Kind.PROGRESS, period_label="2026Q3"
    )
    log_in(personas.secretariat)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/reports/{report.pk}/")
    chart = page.locator(".echart").first
    expect(chart.locator("svg")).to_have_count(1)
    expect(chart).to_contain_text("重点任务进度预警情况")
    assert not errors, errors
    save_screenshot(browser, page, "report-page-chart")


def test_home_page_draws_each_light_in_its_colour(browser, page, log_in, personas, round_world):  # noqa: F811
    log_in(personas.secretariat)
    colours = {
        name: page.locator(f"#rounds-panel + .cards [data-figure={name}]").evaluate(
            "element => getComputedStyle(element).color"
        )
        for name in ("green", "yellow", "red")
    }
    assert colours == {
        "green": "rgb(46, 125, 50)",
        "yellow": "rgb(183, 121, 31)",
        "red": "rgb(198, 40, 40)",
    }
    page.locator("#rounds-panel").scroll_into_view_if_needed()
    save_screenshot(browser, page, "home-lights")


def test_report_quotes_reports_waiting_for_review(browser, page, log_in, personas, round_world):  # noqa: F811
    world, units = round_world
    write_and_submit(
        world.submission(1, units["ndrc"]),
        personas.lead_liaison,
        "沈白高铁等12个重大项目全部开工，累计完成投资86亿元。",
    )
    log_in(personas.secretariat)
    page.goto("/reports/")
    page.locator("#id_kind").select_option("progress")
    page.locator("#id_period_label").fill("2026Q3")
    page.locator("#id_unaccepted").select_option("latest_submitted")
    page.get_by_role("button", name="生成草稿").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.locator("#unaccepted-choice")).to_contain_text("引用最新报送（待审核）的内容并注明")
    paper = page.locator(".report-paper")
    expect(paper).to_contain_text(
        "1. 推进重大基础设施项目建设（国家发展改革委牵头）：〔已报送，待审核〕沈白高铁"
    )
    expect(paper).to_contain_text("本期尚无已采用的进展报告。")  # tasks with nothing submitted
    page.locator("h3", has_text="重点任务推进情况").scroll_into_view_if_needed()
    save_screenshot(browser, page, "report-waiting-quoted")


def test_routing_form_shows_the_wished_for_due_date(browser, page, log_in, personas, round_world):  # noqa: F811
    world, units = round_world
    with acting_as(user=personas.province_liaison):
        matter = matter_raise(
            user=personas.province_liaison,
            mechanism=world.plan.mechanism,
            unit=units["liaoning"],
            title="沈阳至白河高铁项目资本金缺口",
            description="项目资本金缺口约20亿元，请财政部协调支持。",
            category=CoordinationMatter.Category.MAJOR_PROJECT,
            proposed_units=[units["mof"], Unit.objects.get(code="miit")],
            response_due_date=datetime.date(2026, 12, 20),
        )
    log_in(personas.secretariat)
    page.goto(f"/coordination/matters/{matter.pk}/")
    due = page.locator("#route-form input[name=due_date]")
    expect(due).to_have_value("2026-12-20")
    due.scroll_into_view_if_needed()
    save_screenshot(browser, page, "matter-route-prefilled")
    page.locator("#route-form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    assert {str(r.due_date) for r in matter.requests.all()} == {"2026-12-20"}


def test_league_table_period_filter(browser, page, log_in, personas, round_world):  # noqa: F811
    log_in(personas.secretariat)
    page.goto("/rounds/dashboard/")
    page.locator("#id_league_period").select_option("2026Q3")
    page.locator("#id_league_period").locator("xpath=ancestor::form").get_by_role(
        "button", name="查询"
    ).click()
    expect(page).to_have_url(re.compile(r"league_period=2026Q3"))
    expect(page.locator("#id_league_period")).to_have_value("2026Q3")
    expect(page.locator("#league-table tbody tr").first).to_contain_text("—")
    page.locator("#league-table").scroll_into_view_if_needed()
    save_screenshot(browser, page, "league-period")

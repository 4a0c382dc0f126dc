"""Issue #6 in the browser: a province raises a coordination matter, the secretariat routes it to
two ministries, one answers, the other lets the deadline pass (red) and the secretariat escalates
it to the joint meeting; and an inspection finding is rectified and closed out. Screenshots go
to test-artifacts/screenshots/ for a person to look at."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.conftest import PASSWORD
from zhenxing.coordination.models import CoordinationMatter, Level
from zhenxing.coordination.tests.conftest import Clock
from zhenxing.inspections import services as inspection_services
from zhenxing.inspections.models import Finding, Rectification
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser
START = datetime.date(2026, 10, 1)


@pytest.fixture
def story(personas, mechanism, monkeypatch):
    """The clock on 1 October 2026, the units of the story and MIIT's liaison."""
    units = {
        key: Unit.objects.get(code=code)
        for key, code in {
            "mof": "mof",
            "miit": "miit",
            "ndrc": "ndrc",
            "liaoning": "liaoning-government",
        }.items()
    }
    miit = User(username="miit.liaison", unit=units["miit"], role=Role.UNIT_LIAISON)
    miit.set_password(PASSWORD)
    miit.save()
    return Clock(monkeypatch, START), units, miit


def switch(page, log_in, user):
    """Log out (the login page sends signed-in people home) and log in as `user`."""
    page.context.clear_cookies()
    return log_in(user)


def test_a_matter_is_raised_routed_answered_late_and_escalated(
    browser, page, log_in, personas, story
):
    clock, units, _miit = story

    # Liaoning raises the matter from the coordination dashboard.
    log_in(personas.province_liaison)
    page.locator("nav.mainnav").get_by_role("link", name="协调事项").click()
    expect(page.locator("h1")).to_have_text("协调事项工作台")
    page.get_by_role("link", name="提出协调事项").first.click()
    page.locator("#id_title").fill("沈阳至白河高铁项目资本金缺口")
    page.locator("#id_category").select_option(CoordinationMatter.Category.MAJOR_PROJECT)
    page.locator("#id_description").fill(
        "沈白高铁辽宁段项目资本金缺口约20亿元，地方财力难以全部承担，"
        "请财政部、工业和信息化部协调支持，争取年内落实资金来源。"
    )
    form = page.locator("form.stack-form")
    form.get_by_label(units["mof"].display_name, exact=True).check()
    form.get_by_label(units["miit"].display_name, exact=True).check()
    page.locator("#id_response_due_date").fill("2026-10-15")
    assert_drawn_with_cjk_fonts(page, "h1")
    save_screenshot(browser, page, "coordination_raise")
    page.get_by_role("button", name="提交").click()
    matter = CoordinationMatter.objects.get()
    expect(page).to_have_url(re.compile(rf"/coordination/matters/{matter.pk}/$"))
    expect(page.locator("#matter-status")).to_have_text("待分办")

    # The secretariat routes it: the suggested units are already ticked.
    switch(page, log_in, personas.secretariat)
    page.goto(f"/coordination/matters/{matter.pk}/")
    route = page.locator("#route-form")
    expect(route.get_by_label(units["mof"].display_name, exact=True)).to_be_checked()
    expect(route.get_by_label(units["miit"].display_name, exact=True)).to_be_checked()
    route.locator("input[type=date]").fill("2026-10-10")
    route.get_by_role("button", name="分办并通知").click()
    expect(page.locator("#matter-status")).to_have_text("办理中")
    expect(page.locator("#request-table tbody tr")).to_have_count(2)

    # 5 October: MOF finds the matter on its dashboard and answers.
    clock.set(datetime.date(2026, 10, 5))
    switch(page, log_in, personas.participant_liaison)
    page.goto("/coordination/")
    page.locator("#my-requests + .table-scroll").get_by_role(
        "link", name="沈阳至白河高铁项目资本金缺口"
    ).click()
    page.locator("#respond-form textarea").fill(
        "财政部同意通过中央预算内投资予以支持，请辽宁省抓紧完善项目前期手续。"
    )
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator(".messages")).to_contain_text("答复已提交")

    # 13 October: MIIT has not answered; the secretariat sees red and escalates.
    clock.set(datetime.date(2026, 10, 13))
    switch(page, log_in, personas.secretariat)
    page.goto("/coordination/")
    expect(page.locator("#overdue-count")).to_have_text("1")
    page.goto(f"/coordination/matters/{matter.pk}/")
    miit_row = page.locator(f"#request-table tr[data-unit={units['miit'].code}]")
    expect(miit_row.locator(".light.red")).to_have_text("已逾期3天未答复")
    mof_row = page.locator(f"#request-table tr[data-unit={units['mof'].code}]")
    expect(mof_row.locator(".light.green")).to_have_text("按期答复")
    page.locator("#escalate-form textarea").fill(
        "工业和信息化部逾期未答复，资金安排涉及多个部门，提请联席会议研究。"
    )
    page.get_by_role("button", name="提级", exact=True).click()
    expect(page.locator("#matter-level")).to_have_text("联席会议研究")
    expect(page.locator("#escalations")).to_contain_text("秘书处协调 → 联席会议研究")
    assert CoordinationMatter.objects.get().level == Level.JOINT_MEETING
    assert_drawn_with_cjk_fonts(page, "#request-table tbody td")
    save_screenshot(browser, page, "coordination_matter")

    page.goto("/coordination/")
    expect(page.locator("#age-matrix")).to_contain_text("联席会议研究")
    save_screenshot(browser, page, "coordination_dashboard")

    # The joint meeting: agenda from the matters awaiting decision, minutes, an agreed item.
    page.locator(".subnav").get_by_role("link", name="联席会议").click()
    page.get_by_role("link", name="安排会议").click()
    page.locator("#id_held_on").fill("2026-10-20")
    page.locator("#id_location").fill("国家发展改革委")
    page.get_by_role("button", name="安排并通知参会单位").click()
    expect(page.locator("h1")).to_contain_text("第1次会议")
    page.get_by_role("button", name="列入议题").click()
    expect(page.locator("#agenda")).to_contain_text("沈阳至白河高铁项目资本金缺口")
    meeting_url = page.url
    clock.set(datetime.date(2026, 10, 20))  # the day of the meeting
    switch(page, log_in, personas.secretariat)
    page.goto(meeting_url)
    page.locator("#minutes-form textarea").fill(
        "会议听取了秘书处关于协调事项办理情况的汇报，研究了沈白高铁项目资本金问题。"
    )
    page.get_by_role("button", name="保存纪要").click()
    decision = page.locator("#decision-form")
    decision.locator("#id_text").fill("工业和信息化部会同财政部、辽宁省研究提出资本金筹措方案")
    decision.locator("#id_matter").select_option(str(matter.pk))
    decision.locator("#id_lead_unit").select_option(str(units["miit"].pk))
    decision.get_by_label(units["mof"].display_name, exact=True).check()
    decision.get_by_label(units["liaoning"].display_name, exact=True).check()
    decision.locator("#id_due_date").fill("2026-12-31")
    decision.get_by_role("button", name="添加议定事项").click()
    expect(page.locator("#decision-table tbody tr")).to_have_count(1)
    page.locator("#issue-form input[name=confirm]").check()  # irreversible: ticked first
    page.get_by_role("button", name="印发纪要").click()
    expect(page.locator("#meeting-status")).to_have_text("纪要已印发")
    expect(page.locator("#decision-table")).to_contain_text("会议1-1")
    save_screenshot(browser, page, "coordination_meeting")


def test_a_finding_is_rectified_and_closed_out(browser, page, log_in, personas, story, mechanism):
    _clock, units, _miit = story
    with acting_as(user=personas.inspector):
        inspection = inspection_services.inspection_create(
            user=personas.inspector,
            mechanism=mechanism,
            title="2026年东北振兴重点任务落实情况督查",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 9, 30),
            team_leader=personas.inspector,
            scope_units=[units["liaoning"], units["mof"]],
        )

    # The inspector issues a finding to Liaoning.
    log_in(personas.inspector)
    page.locator("nav.mainnav").get_by_role("link", name="督查").click()
    page.get_by_role("link", name=inspection.title).click()
    page.get_by_role("link", name="下发问题").click()
    page.locator("#id_unit").select_option(str(units["liaoning"].pk))
    page.locator("#id_title").fill("营商环境改革任务进度滞后")
    page.locator("#id_description").fill("企业开办全程网办覆盖率为76%，未达到年度90%的目标。")
    page.locator("#id_severity").select_option(Finding.Severity.SERIOUS)
    page.locator("#id_measures").fill("11月底前实现企业开办全程网办全覆盖。")
    page.locator("#id_due_date").fill("2026-11-30")
    page.get_by_role("button", name="下发并通知").click()
    finding = Finding.objects.get()
    expect(page).to_have_url(re.compile(rf"/inspections/findings/{finding.pk}/$"))

    # Liaoning reports the rectification done.
    switch(page, log_in, personas.province_liaison)
    page.goto("/inspections/")
    page.locator("#my-rectifications").get_by_role("link", name="营商环境改革任务进度滞后").click()
    page.locator(".report-form textarea").fill("已完成系统改造，全省企业开办全程网办全覆盖。")
    page.locator(".report-form input[type=checkbox]").check()
    page.get_by_role("button", name="报告整改情况").click()
    expect(page.locator("[data-role=rectification-status]")).to_have_text("待核查")

    # The inspector verifies and closes it out.
    switch(page, log_in, personas.inspector)
    page.goto(f"/inspections/findings/{finding.pk}/")
    page.locator(".verify-form").get_by_label("核查通过，予以销号").check()
    page.locator(".verify-form textarea").fill("抽查3个市，全部实现全程网办。")
    page.get_by_role("button", name="提交核查结论").click()
    expect(page.locator("#finding-status")).to_have_text("已销号")
    assert Rectification.objects.get().status == Rectification.Status.CLOSED
    save_screenshot(browser, page, "inspection_finding")

    # The circular, drafted and issued.
    page.goto(f"/inspections/{inspection.pk}/circular/")
    page.locator("#id_document_number").fill("东北振兴秘〔2026〕5号")
    page.locator("#id_conclusion").fill("各单位要举一反三，建立长效机制，巩固整改成果。")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="印发", exact=True).click()
    expect(page.locator("#circular-status")).to_have_text("已印发")
    expect(page.locator("#circular")).to_contain_text("共发现问题1个")
    assert_drawn_with_cjk_fonts(page, "#circular h1")
    save_screenshot(browser, page, "inspection_circular")
    page.goto("/inspections/")
    save_screenshot(browser, page, "inspection_dashboard")

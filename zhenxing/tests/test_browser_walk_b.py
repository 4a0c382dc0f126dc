"""Issue #14 (walk-b) in the browser: confirmations before irreversible actions, chasing units,
bulk acceptance, the instruction picker. Screenshots go to test-artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.inspections.tests.conftest import campaign, clock, units  # noqa: F401
from zhenxing.policies import services as policy_services
from zhenxing.policies.models import PolicyDocument
from zhenxing.policies.tests.conftest import SEED_003
from zhenxing.rounds import services
from zhenxing.rounds.models import CloseOut, ReportingRound, Submission
from zhenxing.rounds.tests.conftest import write_and_submit
from zhenxing.tests.browser import save_screenshot
from zhenxing.tests.test_browser_rounds import round_world  # noqa: F401

pytestmark = pytest.mark.browser


def test_close_out_and_round_close_ask_for_confirmation(
    browser,
    page,
    log_in,
    personas,
    round_world,  # noqa: F811
):
    world, round_units = round_world
    lead = world.submission(1, round_units["ndrc"])
    with acting_as(user=personas.lead_liaison):
        services.evidence_add(
            submission=lead, user=personas.lead_liaison, filename="验收.pdf", data=b"%PDF-1.4 x"
        )
    lead = write_and_submit(
        lead, personas.lead_liaison, "全部完成。", progress_status=Submission.Progress.COMPLETED
    )
    with acting_as(user=personas.secretariat):
        services.submission_accept(submission=lead, user=personas.secretariat)

    log_in(personas.secretariat)
    page.goto(f"/rounds/submissions/{lead.pk}/")
    # Liaoning only has a draft: 未报送, not the draft's default 未启动.
    liaoning = page.locator("#participants .participant", has_text="辽宁")
    expect(liaoning).to_contain_text("未报送")
    expect(liaoning).not_to_contain_text("未启动")
    expect(page.locator("#unreported-participants")).to_contain_text("辽宁")
    form = page.locator("#close-out-form")
    form.get_by_role("button", name="据此销号").click()  # the browser refuses the unticked box
    assert not CloseOut.objects.exists()
    form.locator("input[name=confirm]").check()
    form.get_by_role("button", name="据此销号").click()
    expect(page.locator(".messages")).to_contain_text("销号须写明理由")
    page.locator("#close-out-form textarea[name=note]").fill("辽宁省工作已并入牵头单位报告。")
    page.locator("#close-out-form input[name=confirm]").check()
    save_screenshot(browser, page, "walk-b-close-out-confirm")
    page.locator("#close-out-form").get_by_role("button", name="据此销号").click()
    expect(page.locator(".messages")).to_contain_text("任务已销号")
    assert CloseOut.objects.get().note == "辽宁省工作已并入牵头单位报告。"

    page.goto(f"/rounds/{world.round.pk}/")
    close = page.locator("#close-round-form")
    close.get_by_role("button", name="结束本次调度").click()
    world.round.refresh_from_db()
    assert world.round.status == ReportingRound.Status.OPEN
    close.locator("input[name=confirm]").check()
    save_screenshot(browser, page, "walk-b-round-close-confirm")
    close.get_by_role("button", name="结束本次调度").click()
    expect(page.locator("h1")).to_contain_text(re.compile("已结束"))


def test_importing_a_document_already_held_links_to_it(browser, page, log_in, personas):
    with acting_as(user=personas.secretariat):
        held = policy_services.policy_document_import(
            user=personas.secretariat, text=SEED_003.read_text("utf-8")
        )
    log_in(personas.secretariat)
    page.goto("/policies/")
    page.locator("#import-panel summary").click()
    page.set_input_files("input[name=file]", str(SEED_003))
    page.locator("#id_document_number").fill("中发[2016]第７号")
    page.get_by_role("button", name="导入并解析").click()
    notice = page.locator("#already-held")
    expect(notice).to_contain_text("未再导入")
    expect(notice.get_by_role("link", name=held.title)).to_be_visible()
    save_screenshot(browser, page, "walk-b-document-already-held")
    assert PolicyDocument.objects.count() == 1
    notice.get_by_role("link", name=held.title).click()
    expect(page).to_have_url(re.compile(rf"/policies/documents/{held.pk}/$"))


def test_chase_and_bulk_accept_from_the_round_page(
    browser,
    page,
    log_in,
    personas,
    round_world,  # noqa: F811
):
    """MOF reported on task 1; Liaoning and NDRC owe reports. Liaoning's people lose their
    accounts: the page warns. The secretariat chases the others, then accepts what is waiting."""
    world, round_units = round_world
    write_and_submit(
        world.submission(2, round_units["mof"]), personas.participant_liaison, "财政部汇总"
    )
    for person in (personas.province_liaison, personas.province_leader):
        person.is_active = False
        person.save(update_fields=["is_active"])
    log_in(personas.secretariat)
    page.goto(f"/rounds/{world.round.pk}/")
    unstaffed = page.locator("#unstaffed-units")
    expect(unstaffed).to_contain_text("1 个单位没有可报送的账号")
    expect(unstaffed.get_by_role("link", name="辽宁省政府")).to_have_attribute(
        "href", f"/units/{round_units['liaoning'].pk}/"
    )

    completion = page.locator("#completion")
    expect(completion.locator("input[name=unit]:checked")).to_have_count(2)  # NDRC, Liaoning
    page.locator("#chase-button").click()
    expect(page.locator(".messages")).to_contain_text("已催报")
    expect(page.locator("#chase-log tbody tr")).to_have_count(2)
    expect(page.locator("#chase-log")).to_contain_text("无联络员账号")
    expect(completion).to_contain_text("已催报")
    expect(completion.locator("input[name=unit]")).to_have_count(0)
    save_screenshot(browser, page, "walk-b-round-chase")

    queue = page.locator("#review-queue")
    boxes = queue.locator("tbody input[name=submission]")
    expect(boxes).to_have_count(2)
    queue.locator("[data-select-all]").check()  # static JS ticks every report
    expect(queue.locator("tbody input[name=submission]:checked")).to_have_count(2)
    save_screenshot(browser, page, "walk-b-bulk-accept")
    page.locator("#bulk-accept").click()
    expect(page.locator(".messages")).to_contain_text("已采用 2 份报送")
    assert Submission.objects.filter(status=Submission.Status.ACCEPTED).count() == 2
    expect(page.locator("#review-queue")).to_have_count(0)


def test_rectification_report_with_attachments(
    browser,
    page,
    log_in,
    personas,
    campaign,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    log_in(personas.province_liaison)
    page.goto(f"/inspections/findings/{campaign.finding.pk}/")
    form = page.locator(".report-form")
    form.locator("textarea[name=text]").fill("已实现全程网办全覆盖。")
    form.locator("input[name=attachments]").set_input_files(
        [
            {"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ok"},
            {"name": "截图.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n x"},
        ]
    )
    form.get_by_role("button", name="报告整改情况").click()
    expect(page.locator(".messages")).to_contain_text("整改情况已报告")
    history = page.locator(".timeline .attachments")
    expect(history).to_contain_text("验收报告.pdf")
    expect(history).to_contain_text("截图.png")
    save_screenshot(browser, page, "walk-b-rectification-attachments")
    with page.expect_download() as download:
        history.get_by_role("link", name="验收报告.pdf").click()
    assert download.value.suggested_filename == "验收报告.pdf"


def test_plan_tasks_search_and_filter(browser, page, log_in, personas, round_world):  # noqa: F811
    world, round_units = round_world
    log_in(personas.secretariat)
    page.goto("/policies/plans/")
    filters = page.locator("#plan-filters")
    filters.locator("select[name=status]").select_option("published")
    filters.get_by_role("button", name="查询").click()
    expect(page.locator("#plan-table")).to_contain_text(world.plan.title)
    page.locator("#plan-table").get_by_role("link", name=world.plan.title).click()
    tasks = page.locator("#task-filters")
    tasks.locator("input[name=q]").fill("财政")
    tasks.locator("select[name=unit]").select_option(str(round_units["mof"].pk))
    tasks.get_by_role("button", name="查询").click()
    expect(page.locator("#task-count")).to_contain_text("符合条件的任务 1 项（共 3 项）")
    expect(page.locator("#task-table tbody tr")).to_have_count(1)
    expect(page.locator("#task-table")).to_contain_text("加大中央财政转移支付力度")
    save_screenshot(browser, page, "walk-b-plan-task-filters")


def test_instruction_task_picker_by_keyboard(browser, page, log_in, personas, round_world):  # noqa: F811
    world, _round_units = round_world
    log_in(personas.secretariat)
    page.goto("/coordination/instructions/")
    search = page.locator("#instruction-task-search")
    search.focus()
    page.keyboard.type("财政")
    options = page.locator("#instruction-task-options [role=option]")
    expect(options).to_have_count(1)
    expect(search).to_have_attribute("aria-expanded", "true")
    save_screenshot(browser, page, "walk-b-instruction-picker")
    page.keyboard.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")  # chooses
    expect(search).to_have_value("2 加大中央财政转移支付力度")
    expect(page.locator("#instruction-task")).to_have_value(str(world.tasks[1].pk))
    page.keyboard.press("Enter")  # submits
    expect(page).to_have_url(
        re.compile(rf"/coordination/instructions/new/\?.*task={world.tasks[1].pk}")
    )
    expect(page.locator(".lead")).to_contain_text("加大中央财政转移支付力度")

"""Issue #4 in the browser: the lead-unit liaison's report (autosave, evidence, submit), and the
secretariat's dashboards. Screenshots go to test-artifacts/screenshots/ for a person to look at."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Unit
from zhenxing.rounds import services
from zhenxing.rounds.models import PeriodKind, Submission
from zhenxing.rounds.tests.conftest import make_plan, write_and_submit
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def round_world(personas, mechanism, settings, tmp_path):
    """A published plan of three tasks and an open round due in ten days; MOF has reported on
    task 1 (led by NDRC), Liaoning has only a draft."""
    settings.MEDIA_ROOT = tmp_path
    codes = {"ndrc": "ndrc", "mof": "mof", "liaoning": "liaoning-government"}
    units = {key: Unit.objects.get(code=code) for key, code in codes.items()}
    units["jilin"] = Unit.objects.get(code="jilin-government")
    with acting_as(user=personas.secretariat):
        world = make_plan(user=personas.secretariat, units=units, mechanism=mechanism)
        world.round = services.round_open(
            user=personas.secretariat,
            tasks=world.plan.tasks.all(),
            period_kind=PeriodKind.QUARTER,
            period_label="2026Q3",
            due_date=timezone.localdate() + datetime.timedelta(days=10),
            instructions="请报送第三季度重点任务进展，附佐证材料。",
            mechanism=mechanism,
        )
    write_and_submit(
        world.submission(1, units["mof"]),
        personas.participant_liaison,
        "财政部：已下达中央预算内投资12亿元，支持沈白高铁等项目建设。",
        problems="部分项目地方配套资金到位偏慢。",
    )
    liaoning = world.submission(1, units["liaoning"])
    services.submission_save_draft(
        submission=liaoning,
        user=personas.province_liaison,
        fields={"progress": "辽宁草稿：尚未核实"},
        expected_version=liaoning.version,
    )
    return world, units


def test_lead_unit_liaison_consolidates_and_submits(browser, page, log_in, personas, round_world):
    world, units = round_world
    lead_report = world.submission(1, units["ndrc"])
    log_in(personas.lead_liaison)

    page.get_by_role("link", name="调度督办").click()
    expect(page.locator("h1")).to_contain_text("我的报送")
    page.locator("#due-submissions").get_by_role(
        "link", name=re.compile("推进重大基础设施")
    ).click()
    expect(page).to_have_url(re.compile(rf"/rounds/submissions/{lead_report.pk}/$"))

    participants = page.locator("#participants")
    expect(participants).to_contain_text("已下达中央预算内投资12亿元")
    expect(participants).to_contain_text("辽宁")
    expect(participants).not_to_contain_text("辽宁草稿")

    page.locator("#id_progress_status").select_option("on_track")
    page.locator("#id_progress").fill(
        "汇总：沈白高铁等12个重大项目全部开工，累计完成投资86亿元；财政部已下达中央预算内投资12亿元。"
    )
    page.locator("#id_problems").fill("部分项目地方配套资金到位偏慢。")
    page.locator("#id_next_steps").fill("加快配套资金拨付，第四季度完成主体工程招标。")
    page.locator("input[name=figure_key_0]").fill("累计完成投资（亿元）")
    page.locator("input[name=figure_value_0]").fill("86")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("草稿已自动保存", timeout=8_000)
    lead_report.refresh_from_db()
    assert lead_report.progress.startswith("汇总：沈白高铁")
    assert lead_report.figures == {"累计完成投资（亿元）": "86"}

    page.locator("#evidence-file").set_input_files(
        {"name": "项目开工情况说明.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 demo"}
    )
    page.locator("#evidence").get_by_role("button", name="上传", exact=True).click()
    expect(page.locator("#evidence .evidence-list")).to_contain_text("项目开工情况说明.pdf")
    expect(page.locator("#id_progress")).to_have_value(re.compile("^汇总：沈白高铁"))
    page.wait_for_load_state("networkidle")
    assert_drawn_with_cjk_fonts(page, "#participants h2")
    save_screenshot(browser, page, "round_submission_editing")

    page.locator("#submit-button").click()
    expect(page.locator("#submission-status")).to_have_text("已报送")
    expect(page.locator("#submission-content")).to_contain_text("累计完成投资86亿元")
    expect(page.locator("#history")).to_contain_text("第 1 次报送存档")
    lead_report.refresh_from_db()
    assert lead_report.status == Submission.Status.SUBMITTED
    assert lead_report.snapshots.get().content["evidence"] == ["项目开工情况说明.pdf"]
    save_screenshot(browser, page, "round_submission")


def test_secretariat_dashboards(browser, page, log_in, personas, round_world):
    world, units = round_world
    log_in(personas.secretariat)
    expect(page.locator("#rounds-panel")).to_be_visible()
    page.get_by_role("link", name="调度督办").click()
    expect(page.locator("h1")).to_have_text("督办总览")
    expect(page.locator("#rounds-progress")).to_contain_text(world.round.title)
    expect(page.locator("#league-table")).to_contain_text("财政部")
    page.wait_for_load_state("networkidle")  # the bell's count swaps in; then the DOM is still
    assert_drawn_with_cjk_fonts(page, "h1")
    save_screenshot(browser, page, "round_dashboard")

    page.locator("#rounds-progress").get_by_role("link", name=world.round.title).click()
    expect(page.locator("#completion")).to_contain_text("国家发展改革委")
    expect(page.locator("#review-queue")).to_contain_text("财政部")
    save_screenshot(browser, page, "round_detail")


def test_an_autosave_conflict_shows_in_the_page(page, log_in, personas, round_world):
    """A 409 from autosave is swapped in (static/js/zhenxing.js), the typed text kept."""
    world, units = round_world
    lead_report = world.submission(1, units["ndrc"])
    log_in(personas.lead_liaison)
    page.goto(f"/rounds/submissions/{lead_report.pk}/")
    with acting_as(user=personas.lead_liaison):
        services.submission_save_draft(
            submission=lead_report,
            user=personas.lead_liaison,
            fields={"progress": "别处保存的内容"},
            expected_version=lead_report.version,
        )
    page.locator("#id_progress").fill("本页输入的内容")
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("已在别处被修改", timeout=8_000)
    expect(page.locator("#id_progress")).to_have_value("本页输入的内容")
    lead_report.refresh_from_db()
    assert lead_report.progress == "别处保存的内容"

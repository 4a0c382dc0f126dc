"""Issue #3 in the browser: a secretariat officer uploads seed 003, reviews its structure,
generates the division plan, changes a lead unit with the keyboard alone, publishes the plan
and downloads both exports. Screenshots of the document and plan pages go to
test-artifacts/screenshots/ for a person to look at."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.tests.conftest import SEED_003
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


def edit_lead_with_keyboard(page, row, unit_name: str) -> None:
    """Focus the row, Enter opens the editor on the lead unit, type, Enter saves."""
    row.focus()
    page.keyboard.press("Enter")
    lead = page.locator(f"#{row.get_attribute('id')} input[name=lead_unit]")
    expect(lead).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(unit_name)
    page.keyboard.press("Enter")


def test_upload_review_edit_publish_and_export(browser, page, log_in, personas):
    log_in(personas.secretariat)
    page.goto("/policies/")
    expect(page.locator("nav.mainnav a.active")).to_have_text("政策与任务")
    page.set_input_files("input[name=file]", str(SEED_003))
    page.get_by_role("button", name="导入并解析").click()

    expect(page.locator("h1")).to_have_text(
        "中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见"
    )
    expect(page.locator("#part-count")).to_have_text("6")
    expect(page.locator("#article-count")).to_have_text("26")
    expect(page.locator(".node.kind-article .heading")).to_have_count(26)
    expect(page.locator(".node.kind-article .heading").last).to_have_text("强化组织协调")
    expect(
        page.locator(".node.kind-article").last.locator(".suggestions .reason").first
    ).not_to_be_empty()
    assert_drawn_with_cjk_fonts(page, ".node.kind-article .heading")
    save_screenshot(browser, page, "policy-document")

    page.locator("#propose-plan").click()
    expect(page).to_have_url(re.compile(r"/policies/plans/\d+/$"))
    # The rows exist while the page is still parsed; the keyboard works once its deferred
    # scripts have run (a CI run pressed Enter before them and no editor opened).
    page.wait_for_load_state("load")
    plan = DivisionPlan.objects.get()
    rows = page.locator("tr.task-row")
    expect(rows).to_have_count(plan.tasks.count())

    task = plan.tasks.get(code="15")  # infrastructure: railways, aviation, energy
    new_lead, code = (
        ("国家能源局", "nea") if task.lead_unit.code != "nea" else ("交通运输部", "mot")
    )
    row = page.locator(f"#task-{task.pk}")
    edit_lead_with_keyboard(page, row, new_lead)
    expect(row.locator(".lead-unit")).to_have_text(new_lead)
    expect(row).to_be_focused()  # the keyboard user carries on from the saved row
    task.refresh_from_db()
    assert task.lead_unit.code == code and task.version == 2

    # Esc puts the row back unchanged.
    row.focus()
    page.keyboard.press("Enter")
    expect(row.locator("input[name=lead_unit]")).to_be_focused()
    page.keyboard.type("随便写写")
    # The editor's own focus step (htmx:load) may come after the first keys: it must not select,
    # and so swallow, what was already typed (a CI run lost "国家能" of "国家能源局" that way).
    field_state = page.evaluate(
        """() => {
            const row = document.querySelector("tr.task-editor");
            row.dispatchEvent(new CustomEvent("htmx:load", {bubbles: true, detail: {elt: row}}));
            const field = document.activeElement;
            return [field.value, field.selectionStart, field.selectionEnd];
        }"""
    )
    assert field_state == ["随便写写", 4, 4]
    save_screenshot(browser, page, "policy-plan-editor")
    page.keyboard.press("Escape")
    expect(row.locator(".lead-unit")).to_have_text(new_lead)

    # Whatever the proposal left without a lead is filled in the same way before publishing.
    for missing in Task.objects.filter(plan=plan, lead_unit__isnull=True):
        edit_lead_with_keyboard(page, page.locator(f"#task-{missing.pk}"), "国家发展和改革委员会")
        expect(page.locator(f"#task-{missing.pk} .lead-unit")).to_have_text("国家发展改革委")
    save_screenshot(browser, page, "policy-plan")

    page.locator("#publish-form input[name=confirm]").check()
    page.locator("#publish-plan").click()
    expect(page.locator("#plan-status")).to_have_text("已发布")
    plan.refresh_from_db()
    assert plan.is_published

    with page.expect_download() as xlsx_download:
        page.locator("#export-xlsx").click()
    xlsx = xlsx_download.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    sheet = CalamineWorkbook.from_path(xlsx.path()).get_sheet_by_index(0).to_python()
    assert sheet[2][:5] == ["序号", "重点任务", "牵头单位", "参加单位", "完成时限"]
    assert any(row[1] == "不断提升基础设施水平" and row[2] == new_lead for row in sheet[3:])

    with page.expect_download() as docx_download:
        page.locator("#export-docx").click()
    word = docx_download.value
    assert word.suggested_filename.endswith(".docx")
    with open(word.path(), "rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    assert document.paragraphs[0].text == plan.title
    assert len(document.tables[0].rows) == plan.tasks.count() + 1

"""The transformation evaluation in Chromium (issue 20 item 6): the secretariat opens a year,
imports the values with one bad row (refused by number), imports them corrected, publishes,
and reads the ranking; last year's demo evaluation as a reader sees it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhenxing.mechanisms.models import Mechanism
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot
from zhenxing.transformations import demo
from zhenxing.transformations.models import EvaluationIndicator

pytestmark = pytest.mark.browser


def test_the_secretariat_imports_values_and_publishes(browser, page, log_in, personas, tmp_path):
    today = timezone.localdate()
    demo.populate(
        secretariat=None, mechanism=Mechanism.objects.get(code="northeast"), plan=None, today=today
    )
    names = [indicator.name for indicator in EvaluationIndicator.objects.all()]
    log_in(personas.secretariat)
    page.goto("/transformations/")
    page.get_by_label("评价年度").fill(str(today.year))
    page.get_by_role("button", name="新建").click()
    expect(page.locator("#ranking-table")).to_contain_text("阜新市")
    cities = page.locator("#ranking-table tbody td:nth-child(2)").all_inner_texts()
    bad = tmp_path / "数值.csv"
    rows = [",".join(["城市", *names])] + [
        ",".join([city, *(["5"] * len(names))]) for city in cities
    ]
    bad.write_text("\n".join([*rows, "沈阳市" + ",1" * len(names)]), encoding="utf-8")
    page.get_by_role("link", name="导入数值").click()
    page.get_by_label("数值表（.xlsx、.xls 或 .csv）").set_input_files(str(bad))
    page.get_by_role("button", name="导入").click()
    expect(page.locator("#import-errors")).to_contain_text(
        f"第{len(rows) + 1}行：不是本年度评价的城市：沈阳市"
    )
    good = tmp_path / "数值2.csv"
    good.write_text("\n".join(rows), encoding="utf-8")
    page.get_by_label("数值表（.xlsx、.xls 或 .csv）").set_input_files(str(good))
    page.get_by_role("button", name="导入").click()
    expect(page.locator(".messages")).to_contain_text(f"已导入{len(cities)}个城市的数值")
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("评价已发布")
    expect(page.locator("#ranking-table tbody tr").first).to_contain_text("100.00")
    page.goto("/transformations/")
    page.get_by_role("link", name=f"{today.year - 1}年资源枯竭城市转型绩效评价").click()
    expect(page.locator("#scoring-rule")).to_contain_text("逆向指标")
    assert_drawn_with_cjk_fonts(page, "#ranking-table td")
    save_screenshot(browser, page, "transformation-evaluation")

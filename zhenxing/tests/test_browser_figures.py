"""Issue #16 item 5 in the browser: a secretariat officer pastes a news article and sees each
figure highlighted in the text and listed with its region and period. Screenshot to
test-artifacts/screenshots/ for a person to look at."""

import pytest
from playwright.sync_api import expect

from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser

ARTICLE = (
    "吉林省35个重点项目集中签约 签约额逾1184亿元\n"
    "更新时间:2021-09-26 08:54   来源:吉林日报\n"
    "9月25日,我省成功签约35个重大项目,签约额1184.08亿元,其中,合同项目24个,"
    "合同金额408.78亿元;协议项目11个,协议金额775.3亿元。"
)


def test_pasted_article_shows_figures_highlighted_and_listed(browser, page, log_in, personas):
    log_in(personas.secretariat)
    page.locator("nav.mainnav").get_by_role("link", name="报告").click()
    page.locator("#figure-extract-link").click()
    expect(page.locator("h1")).to_have_text("从文本提取数据")
    page.locator("#id_text").fill(ARTICLE)
    page.get_by_role("button", name="提取数据").click()
    expect(page.locator("#figures-text mark")).to_have_count(8)
    rows = page.locator("#figure-table tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.nth(3)).to_contain_text("118408000000")
    expect(rows.nth(3)).to_contain_text("吉林省")
    expect(rows.nth(3)).to_contain_text("2021")
    assert_drawn_with_cjk_fonts(page, "#figures-text")
    assert_drawn_with_cjk_fonts(page, "#figure-table th")
    save_screenshot(browser, page, "figures-extract")

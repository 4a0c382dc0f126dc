"""Pilots and demonstration zones in Chromium (issue 20 item 4): the list, and a pilot's page
with its project and evaluation."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region
from zhenxing.pilots.models import Pilot, PilotEvaluation
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


def test_a_reader_opens_a_pilot_from_the_list(browser, page, log_in, personas):
    pilot = Pilot.objects.create(
        name="中韩（长春）国际合作示范区",
        kind=Pilot.Kind.COOPERATION,
        region=Region.objects.get(code="220100"),
        document_title="国务院关于同意设立中韩（长春）国际合作示范区的批复",
        first_year=2020,
        mechanism=Mechanism.objects.get(code="northeast"),
        goals="建设东北亚开放合作新平台",
    )
    PilotEvaluation.objects.create(
        pilot=pilot, year=2025, score=Decimal("84.5"), grade="good", text="开放平台初具规模"
    )
    log_in(personas.reader)
    page.goto("/pilots/")
    row = page.locator("#pilot-table tr", has_text="中韩（长春）国际合作示范区")
    expect(row).to_contain_text("良好")
    assert_drawn_with_cjk_fonts(page, "#pilot-table td a")
    save_screenshot(browser, page, "pilots-list")
    row.get_by_role("link").click()
    expect(page.locator("#evaluation-table")).to_contain_text("开放平台初具规模")
    expect(page.locator("#pilot-facts")).to_contain_text("2020—")
    save_screenshot(browser, page, "pilot-detail")

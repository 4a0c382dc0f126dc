"""Central funds in Chromium (issue 20 item 5): Liaoning's liaison finds its slow allocation
on the list, reports disbursement on the allocation's page, and the warning goes."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from zhenxing.funds.models import Allocation, Disbursement, FundProgramme
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser
YI = Decimal(100_000_000)


def test_a_responsible_unit_reports_and_the_warning_goes(browser, page, log_in, personas):
    year = datetime.date.today().year - 1  # a finished year: wholly elapsed
    programme = FundProgramme.objects.create(
        name="东北振兴中央预算内投资专项", kind=FundProgramme.Kind.CENTRAL_BUDGET
    )
    allocation = Allocation.objects.create(
        programme=programme,
        region=Region.objects.get(code="210000"),
        year=year,
        amount=10 * YI,
        responsible_unit=Unit.objects.get(code="liaoning-government"),
        mechanism=Mechanism.objects.get(code="northeast"),
    )
    Disbursement.objects.create(
        allocation=allocation, as_of=datetime.date(year, 6, 30), disbursed=3 * YI
    )
    log_in(personas.province_liaison)
    page.goto("/funds/")
    row = page.locator("#allocation-table tr", has_text="东北振兴中央预算内投资专项")
    expect(row).to_contain_text("支出偏慢")
    assert_drawn_with_cjk_fonts(page, "#allocation-table td a")
    save_screenshot(browser, page, "funds-list")
    row.get_by_role("link").click()
    page.fill("#id_as_of", f"{year}-12-31")
    page.fill("#id_disbursed", "95000")
    page.fill("#id_note", "全年支出")
    page.get_by_role("button", name="报送").click()
    expect(page.locator("#disbursement-table")).to_contain_text("全年支出")
    expect(page.locator("#allocation-figures")).not_to_contain_text("支出偏慢")
    save_screenshot(browser, page, "funds-allocation")

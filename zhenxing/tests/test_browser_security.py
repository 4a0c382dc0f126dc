"""Issue 13 in the browser: an administrator enrols the second factor with the QR code drawn by
the server, a locked-out person reads why, the security administrator releases the lock."""

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from zhenxing.conftest import PASSWORD
from zhenxing.testing import verified_device
from zhenxing.tests.browser import assert_drawn_with_cjk_fonts, save_screenshot

pytestmark = pytest.mark.browser


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_administrator_enrols_the_second_factor(browser, page, log_in, personas):
    log_in(personas.audit_admin)
    expect(page.locator("h1")).to_have_text("动态口令")
    qr = page.locator("#second-factor-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] > 120 and box["height"] > 120
    assert_drawn_with_cjk_fonts(page, "h1")
    save_screenshot(browser, page, "second-factor-enrol")

    device = TOTPDevice.objects.get(user=personas.audit_admin)
    page.locator("input[name=token]").fill(code_for(device))
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("工作台")
    page.goto("/audit/")
    expect(page.locator("main")).to_contain_text("账户事件")


def test_locked_out_person_and_release(browser, page, log_in, personas):
    # Five failures from elsewhere lock the account (not this browser's address).
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    for _attempt in range(5):
        elsewhere.post("/accounts/login/", {"username": "reader", "password": "Wrong-Pass-99"})
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("reader")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("登录已锁定")
    expect(page.locator("#locked-out")).to_contain_text("30 分钟")
    save_screenshot(browser, page, "locked-out")

    admin = personas.security_admin
    device = verified_device(admin)  # enrolled earlier: the page asks for the code only
    log_in(admin)
    expect(page.locator("#second-factor-qr")).to_have_count(0)
    page.locator("input[name=token]").fill(code_for(device))
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("工作台")
    page.goto("/security/lockouts/")
    account_row = page.locator("#lockouts tbody tr", has_text="reader")
    expect(account_row).to_have_count(1)
    save_screenshot(browser, page, "lockouts")
    account_row.get_by_role("button").click()
    expect(page.locator("#lockouts")).not_to_contain_text("reader")

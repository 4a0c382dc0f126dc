"""Browser fixtures: one headless Chromium per session, a fresh page per test, a log-in helper.

Playwright's sync API keeps an event loop running on the main thread, which Django's
async-safety check would take for async code; the check is lifted while the browser runs.
Without Chromium the tests skip locally but fail under CI=true, so CI cannot go quietly green.
"""

import os

import pytest

from zhenxing.conftest import PASSWORD
from zhenxing.tests.browser import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def csp_violations() -> list[str]:
    """What the Content-Security-Policy refused on the page, as Chromium's console reported it."""
    return []


@pytest.fixture
def page(browser, live_server, csp_violations):
    """A fresh browser context per test (no cookies carried over), Chinese as the browser language.

    Every browser test also checks the Content-Security-Policy: a refused script, style, image
    or request (an inline handler, an eval, a foreign file) fails the test that caused it."""
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not csp_violations, "refused by the Content-Security-Policy:\n" + "\n".join(
        csp_violations
    )


@pytest.fixture
def log_in(page):
    """Log in through the real login form; returns the page, now on the home dashboard."""

    def log_in(user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(user.username)
        page.locator("input[name=password]").fill(password)
        page.locator("form.form button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return log_in

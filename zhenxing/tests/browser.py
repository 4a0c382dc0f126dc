"""Helpers for the browser tests: where Chromium lives, font checks over CDP, screenshots.

Debian's chromium is driven through Playwright's sync API; no browser is ever downloaded.
"""

import base64
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Families that carry Chinese glyphs; the stylesheet names the first ones in its font stack.
CJK_FONT_MARKERS = (
    "CJK",
    "Source Han",
    "Noto Sans SC",
    "WenQuanYi",
    "Microsoft YaHei",
    "PingFang",
)


def platform_fonts(page, selector: str) -> list[dict]:
    """The platform fonts Chromium used to draw the text of the first element matching selector."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        root = session.send("DOM.getDocument", {"depth": 0})["root"]
        node = session.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": selector})[
            "nodeId"
        ]
        assert node, f"no element matches {selector!r}"
        session.send("CSS.enable")
        return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        session.detach()


def assert_drawn_with_cjk_fonts(page, selector: str) -> None:
    """No tofu: every glyph of the element's text came from a font that has Chinese glyphs."""
    fonts = platform_fonts(page, selector)
    assert fonts, f"{selector!r} drew no text"
    for font in fonts:
        assert font["glyphCount"] > 0, font
        assert any(marker in font["familyName"] for marker in CJK_FONT_MARKERS), (
            f"{selector!r} fell back to {font['familyName']!r}, which has no Chinese glyphs"
        )


def distinct_colours(browser, png: bytes, enough: int = 16) -> int:
    """Count the distinct colours of a PNG (stopping at `enough`), decoded by Chromium's canvas."""
    page = browser.new_page()
    try:
        return page.evaluate(
            """async ([source, enough]) => {
                const image = new Image();
                image.src = source;
                await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.naturalWidth;
                canvas.height = image.naturalHeight;
                const context = canvas.getContext("2d");
                context.drawImage(image, 0, 0);
                const pixels = new Uint32Array(
                    context.getImageData(0, 0, canvas.width, canvas.height).data.buffer);
                const seen = new Set();
                for (const pixel of pixels) {
                    seen.add(pixel);
                    if (seen.size >= enough) break;
                }
                return seen.size;
            }""",
            ["data:image/png;base64," + base64.b64encode(png).decode(), enough],
        )
    finally:
        page.close()


def save_screenshot(browser, page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/; check it is a real page that fits the window."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    png = page.screenshot(path=path, full_page=True)
    assert len(png) > 20_000, f"{path} is only {len(png)} bytes"
    assert distinct_colours(browser, png) >= 16, f"{path} is (nearly) a single colour"
    return path

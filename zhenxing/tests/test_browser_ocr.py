"""Issue #18: a scanned PDF uploaded on the import page comes back with its recognised text in
the 正文 box, the import panel open, for a person to check before it is parsed."""

import pytest
from playwright.sync_api import expect

from zhenxing.policies.parser.ocr import ocr_available
from zhenxing.policies.services import policy_document_import
from zhenxing.policies.tests.scans import scanned_pdf
from zhenxing.tests.browser import save_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not ocr_available(), reason="tesseract-ocr-chi-sim (scripts/test)"),
]
PAGE_TEXT = (
    "国务院关于推进某项改革的意见\n一、重点任务\n"
    "（一）深化简政放权。全面推行权力清单制度（国家发展改革委牵头，2016年底前完成）。"
)


def test_scanned_pdf_text_comes_back_for_correction(browser, page, log_in, personas, tmp_path):
    # With a document already there the import panel starts closed; the scan must reopen it.
    policy_document_import(user=personas.secretariat, text="国务院关于另一事项的通知\n一、任务\n")
    scan = tmp_path / "红头文件.pdf"
    scan.write_bytes(scanned_pdf(PAGE_TEXT))
    log_in(personas.secretariat)
    page.goto("/policies/")
    panel = page.locator("#import-panel")
    if not panel.get_attribute("open"):
        page.locator("#import-panel summary").click()
    page.locator("input[name=file]").set_input_files(str(scan))
    page.locator("#import-panel button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("已识别出其中的文字")
    expect(panel).to_have_attribute("open", "")
    text = page.locator("textarea[name=text]").input_value()
    assert "深化简政放权" in text and "国家发展改革委" in text
    save_screenshot(browser, page, "policy-import-scan")

"""Scanned PDFs: the text is recognised offline and shown for correction before parsing."""

import io
from pathlib import Path

import pytest

from zhenxing.policies.extract import RecognisedText, extract_text
from zhenxing.policies.models import PolicyDocument
from zhenxing.policies.parser.ocr import character_accuracy, ocr_available
from zhenxing.policies.tests.scans import scanned_pdf

needs_ocr = pytest.mark.skipif(
    not ocr_available(), reason="tesseract-ocr-chi-sim (scripts/test installs it)"
)
SEED = Path(__file__).parent / "data" / "seed_003.txt"
PAGE = "\n".join(SEED.read_text("utf-8").splitlines()[:5])  # about one printed page


def test_character_accuracy():
    assert character_accuracy("国务院关于", "国务院关于") == 1.0
    assert character_accuracy("国务院关干", "国务院关于") == pytest.approx(0.8)
    assert character_accuracy("国 务\n院", "国务院") == 1.0
    assert character_accuracy("", "国务院") == 0.0


@needs_ocr
def test_scanned_pdf_text_is_recognised_for_correction():
    with pytest.raises(RecognisedText) as scan:
        extract_text("scan.pdf", scanned_pdf(PAGE))
    assert character_accuracy(scan.value.text, PAGE) >= 0.98
    assert "核对" in scan.value.messages[0]


@needs_ocr
def test_import_page_shows_the_recognised_text_then_parses_the_corrected_text(
    client, personas, mechanism
):
    client.force_login(personas.secretariat)
    upload = io.BytesIO(scanned_pdf(PAGE))
    upload.name = "红头文件.pdf"
    response = client.post("/policies/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "已识别出其中的文字" in page
    assert "实施东北地区等老工业基地振兴战略" in page  # in the 正文 box, to be corrected
    assert not PolicyDocument.objects.exists()
    corrected = response.context["form"].data["text"]
    response = client.post("/policies/", {"text": corrected})
    document = PolicyDocument.objects.get()
    assert response["Location"] == f"/policies/documents/{document.pk}/"
    assert document.title.startswith("中共中央")


def test_scanned_pdf_without_ocr_is_refused_with_a_clear_message(monkeypatch):
    from zhenxing.policies.parser import ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    with pytest.raises(Exception) as refused:
        extract_text("scan.pdf", scanned_pdf("国务院关于某事的通知"))
    assert "扫描件" in refused.value.messages[0]
    assert not isinstance(refused.value, RecognisedText)

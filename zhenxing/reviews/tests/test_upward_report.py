"""The 重大事项报告 through the doors people use: marked items, the report drafted on the
reports page, and its Word and PDF files read back as text."""

import datetime
import io
import shutil
import subprocess

import docx
import pytest

from zhenxing.audit.context import acting_as
from zhenxing.reviews import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(world, personas, mechanism):
    """The review decided and marked, the world's free-text item, and one outside the period."""
    with acting_as(user=personas.secretariat):
        review = services.review_decide(
            review=world.review,
            user=personas.secretariat,
            status="approved",
            minutes="会议审议通过分工方案，请各成员单位抓好落实。",
            decided_on=datetime.date(2026, 10, 20),
        )
        services.upward_item_mark(
            mechanism=mechanism, user=personas.secretariat, source="review", review=review
        )
        services.upward_item_mark(
            mechanism=mechanism,
            user=personas.secretariat,
            source="free_text",
            title="上一季度的事项",
            summary="不在本期。",
            occurred_on=datetime.date(2026, 9, 30),
        )
    return review


def drafted(client, personas) -> int:
    client.force_login(personas.secretariat)
    response = client.post("/reports/new/", {"kind": "upward", "period_label": "2026Q4"})
    assert response.status_code == 302
    return int(response["Location"].rstrip("/").split("/")[-1])


def test_the_report_in_word_lists_the_period_items_by_source(client, personas, marked):
    report = drafted(client, personas)
    response = client.get(f"/reports/{report}/download/docx/")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "关于2026年第四季度东北振兴重大事项的报告"
    assert "一、领导小组审议重大政策和重点规划情况" in paragraphs
    assert "二、其他需要报告的重大事项" in paragraphs
    assert f"（一）领导小组审议{marked.title}。" in text
    assert "会议审议通过分工方案" in text
    assert "（一）东北地区秋粮收购进展。秋粮收购总体平稳。" in paragraphs
    assert "上一季度的事项" not in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_report_in_pdf_reads_the_same(client, personas, marked, tmp_path):
    report = drafted(client, personas)
    pdf = tmp_path / "upward.pdf"
    pdf.write_bytes(client.get(f"/reports/{report}/download/pdf/").content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", "")
    assert "关于2026年第四季度东北振兴重大事项的报告" in text
    assert "领导小组审议重大政策和重点规划情况" in text
    assert "东北地区秋粮收购进展" in text
    assert "上一季度的事项" not in text


def test_the_progress_report_gains_the_reviews_part(client, personas, marked):
    client.force_login(personas.secretariat)
    response = client.post("/reports/new/", {"kind": "progress", "period_label": "2026Q4"})
    page = client.get(response["Location"]).content.decode()
    assert "领导小组审议情况" in page and "本期提请领导小组审议事项1项" in page

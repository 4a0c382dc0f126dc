"""Issue #14, reached for: reports full of 本期尚无已采用的进展报告. When creating a report the
secretariat chooses to quote the latest report waiting for review (marked as such) or to leave
such tasks out with a count; checked on the page, in Word, PDF and Excel, and the command line."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from zhenxing.reports import builders
from zhenxing.reports.models import Report
from zhenxing.reports.tests.test_content import docx_text
from zhenxing.rounds.models import Submission
from zhenxing.rounds.selectors import rounds_in_period

NOTE = "本期尚无已采用的进展报告。"
MARK = "〔已报送，待审核〕"


def create(client, demo, unaccepted):
    response = client.post(
        "/reports/new/",
        {"kind": "progress", "period_label": demo["quarter"], "unaccepted": unaccepted},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    report = Report.objects.latest("pk")
    assert report.unaccepted == unaccepted
    return report


def download(client, report, file_format) -> bytes:
    response = client.get(f"/reports/{report.pk}/download/{file_format}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return "".join(text.split())


def ledger(data: bytes) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return workbook.get_sheet_by_name("附件1 重点任务台账").to_python()[2:]


def key_figures(data: bytes) -> dict:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {row[0]: row[1] for row in workbook.get_sheet_by_name("主要数据").to_python()[2:]}


def test_choices_are_the_builders(demo):
    assert set(Report.Unaccepted.values) == set(builders.UNACCEPTED_LABELS)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_quote_the_latest_report_waiting_for_review(client, personas, demo, tmp_path):
    lead = Submission.objects.filter(
        round__in=rounds_in_period(demo["quarter"]), role=Submission.Role.LEAD
    )
    accepted = lead.filter(status=Submission.Status.ACCEPTED).values("task")
    waiting = lead.filter(status__in=Submission.WAITING_FOR_REVIEW).exclude(task__in=accepted)
    assert waiting.exists(), "the demo has lead reports waiting for review"
    example = waiting.first()
    client.force_login(personas.secretariat)
    report = create(client, demo, Report.Unaccepted.LATEST_SUBMITTED)

    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert MARK in page and "引用最新报送（待审核）的内容并注明" in page
    line = re.search(rf"{re.escape(example.task.code)}\. [^<]*", page).group(0)
    assert MARK in line and " ".join(example.progress.split())[:20] in line
    assert f"{MARK}" in docx_text(download(client, report, "docx"))
    assert MARK in pdf_text(download(client, report, "pdf"), tmp_path)
    workbook = download(client, report, "xlsx")
    assert any(str(row[6]).startswith(MARK) for row in ledger(workbook))
    assert key_figures(workbook)["无已采用报告的任务"] == "引用最新报送（待审核）的内容并注明"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_leave_empty_tasks_out_with_a_count(client, personas, demo, tmp_path):
    client.force_login(personas.secretariat)
    noted = create(client, demo, Report.Unaccepted.NOTE)
    noted_page = client.get(f"/reports/{noted.pk}/").content.decode()
    empty = noted_page.count(NOTE)
    assert empty > 0

    report = create(client, demo, Report.Unaccepted.OMIT)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    counted = f"本期尚无已采用进展报告的{empty}项任务未逐项列出（见附件1）。"
    assert NOTE not in page and counted in page
    word = docx_text(download(client, report, "docx"))
    assert NOTE not in word and counted in word
    assert counted in pdf_text(download(client, report, "pdf"), tmp_path)
    workbook = download(client, report, "xlsx")
    assert key_figures(workbook)["本期尚无已采用进展报告的任务（项）"] == empty
    assert len(ledger(workbook)) == 22  # the ledger still lists every task


def test_command_line_and_api_take_the_choice(client, personas, demo, tmp_path):
    out = tmp_path / "report.docx"
    call_command(
        "report", "build", "--period", demo["quarter"], "--unaccepted", "omit", "--out", str(out)
    )
    assert "未逐项列出" in docx_text(out.read_bytes())
    client.force_login(personas.secretariat)
    response = client.post(
        "/api/v1/reports",
        {"kind": "progress", "period_label": demo["quarter"], "unaccepted": "sometimes"},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post(
        "/api/v1/reports",
        {"kind": "progress", "period_label": demo["quarter"], "unaccepted": "omit"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Report.objects.get(pk=response.json()["id"]).unaccepted == "omit"

"""Reports go to the leading group in Chinese whatever the language of the person who drafts,
reads, downloads or finalises them: built while English is active, a report is the same, word
for word, as one built in Chinese, though the pages around it are in English."""

import re

import pytest
from django.utils import translation

from zhenxing.lib.colours import Colour
from zhenxing.reports.builders import progress_report_content, round_circular_content
from zhenxing.reports.content import ReportContent
from zhenxing.reports.models import Report
from zhenxing.reports.tests.test_content import docx_text

ENGLISH_REASONS = ("Past the due date", "Due within", "Latest report", "On track", "Closed out")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def lagging_rows(content) -> list[list]:
    problems = next(section for section in content.sections if section.key == "problems")
    return problems.tables[0].rows


@pytest.mark.django_db
def test_a_report_built_while_english_is_active_is_chinese(demo):
    chinese = progress_report_content(period_label=demo["quarter"])
    with translation.override("en"):
        in_english = progress_report_content(period_label=demo["quarter"])
        circular = round_circular_content(round_=demo["rounds"][0])
        assert translation.get_language() == "en"  # the caller's language is left as it was
    assert in_english.as_dict() == chinese.as_dict()
    assert circular.as_dict() == round_circular_content(round_=demo["rounds"][0]).as_dict()

    rows = lagging_rows(in_english)
    assert any(row[4].startswith("已超过截止日期") for row in rows)
    for row in rows:
        assert row[3] in (Colour.LABELS[Colour.RED], Colour.LABELS[Colour.YELLOW])
        assert not LATIN_WORD.search(row[3] + row[4]), row
    ledger = in_english.annexes[0]
    assert {row[5] for row in ledger.rows} <= set(Colour.LABELS.values())


@pytest.mark.django_db
def test_an_english_reader_drafts_downloads_and_finalises_a_chinese_report(english, demo, personas):
    english.force_login(personas.secretariat)
    response = english.post("/reports/new/", {"kind": "progress", "period_label": demo["quarter"]})
    report = Report.objects.get()
    assert response["Location"] == f"/reports/{report.pk}/"
    assert report.title.startswith("关于") and report.title.endswith("推进情况的报告")

    page = english.get(f"/reports/{report.pk}/").content.decode()
    assert "Build Word" in page  # the page is in English, the report in it Chinese
    assert "已超过截止日期" in page and "滞后和预警任务" in page
    assert not any(reason in page for reason in ENGLISH_REASONS)

    draft = docx_text(english.get(f"/reports/{report.pk}/download/docx/").content)
    assert "已超过截止日期" in draft and "附件1 重点任务台账" in draft
    assert not any(reason in draft for reason in ENGLISH_REASONS)

    english.post(f"/reports/{report.pk}/finalise/")
    report.refresh_from_db()
    assert report.is_final
    assert lagging_rows(ReportContent.from_dict(report.snapshot)) == lagging_rows(
        progress_report_content(period_label=demo["quarter"])
    )
    final = docx_text(english.get(f"/reports/{report.pk}/download/docx/").content)
    assert "已超过截止日期" in final
    assert not any(reason in final for reason in ENGLISH_REASONS)

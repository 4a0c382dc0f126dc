"""Inspections read in English: the rectification lights and the history of reports are
translated on the pages, while the findings workbook, the circular and the inspection part of
the progress report stay in Chinese whatever the reader's language."""

import datetime
import io

import docx
import pytest
from django.utils import translation

from zhenxing.coordination.tests.test_instructions_and_suggestions import xlsx_strings
from zhenxing.reports.sections.inspections import section as report_section

OVERDUE = datetime.date(2026, 11, 5)  # the rectification was due on 31 October


def report(client, campaign, text: str, *, completed: bool = False):
    data = {"text": text, **({"completed": "on"} if completed else {})}
    response = client.post(f"/inspections/rectifications/{campaign.rectification.pk}/report/", data)
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lights_and_the_history_read_in_english(english, campaign, clock, personas):
    english.force_login(personas.province_liaison)
    report(english, campaign, "已完成系统改造，正在试运行。")
    clock.set(OVERDUE)
    english.force_login(personas.province_liaison)  # a month later: signed in again

    page = english.get("/inspections/").content.decode()
    assert "Rectification 5 days overdue" in page
    assert "整改已逾期" not in page

    finding_page = f"/inspections/findings/{campaign.finding.pk}/"
    page = english.get(finding_page).content.decode()
    assert "Rectification 5 days overdue" in page
    assert "Reported rectification progress" in page
    assert "整改已逾期" not in page and "报告整改进展" not in page

    report(english, campaign, "已实现全程网办全覆盖。", completed=True)
    page = english.get(finding_page).content.decode()
    assert "Reported as rectified, awaiting verification" in page
    assert "Reported rectification complete" in page
    assert "待核查" not in page and "报告整改完成" not in page

    english.force_login(personas.inspector)
    page = english.get(f"/inspections/{campaign.inspection.pk}/").content.decode()
    assert "Reported as rectified, awaiting verification" in page


@pytest.mark.django_db
def test_the_workbooks_the_circular_and_the_report_are_chinese_for_an_english_reader(
    english, campaign, clock, personas
):
    clock.set(OVERDUE)
    inspection = campaign.inspection
    english.force_login(personas.inspector)
    english.post(
        f"/inspections/{inspection.pk}/circular/save/",
        {"title": "关于督查情况的通报", "introduction": "各单位认真配合督查。", "version": 0},
    )
    english_words = ("Significant", "Red", "Under rectification", "Awaiting", "overdue")

    cells = xlsx_strings(english.get(f"/inspections/{inspection.pk}/findings.xlsx").content)
    assert "较重" in cells and "红灯" in cells
    assert not any(word in cell for cell in cells for word in english_words)

    cells = xlsx_strings(english.get(f"/inspections/{inspection.pk}/circular.xlsx").content)
    assert "较重" in cells and "红灯" in cells and "销号率" in cells
    assert not any(word in cell for cell in cells for word in english_words)

    word = english.get(f"/inspections/{inspection.pk}/circular.docx").content
    document = docx.Document(io.BytesIO(word))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "待整改）" in text and "整改逾期1个" in text
    assert not any(word in text for word in english_words)

    def period():
        return report_section(
            period_start=datetime.date(2026, 10, 1),
            period_end=datetime.date(2026, 12, 31),
            mechanism=None,
        )

    chinese = period()
    with translation.override("en"):
        assert period() == chinese
    assert "整改逾期1个" in chinese.paragraphs[0]

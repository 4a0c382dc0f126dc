"""Coordination read in English: the dashboard's age groups and the responses' lights are
translated on the pages, while the ledger exported for the units and the coordination part of
the progress report stay in Chinese whatever the reader's language."""

import datetime

import pytest
from django.utils import translation

from zhenxing.coordination.tests.test_instructions_and_suggestions import xlsx_strings
from zhenxing.reports.sections.coordination import section as report_section

ASKED_ON = datetime.date(2026, 10, 1)  # the world's matter: MOF and MIIT answer by 10 October
AGE_GROUPS = {
    "15天以内": "Up to 15 days",
    "16–30天": "16–30 days",
    "31–60天": "31–60 days",
    "60天以上": "Over 60 days",
}


def answer_in_time_and_let_miit_run_late(client, clock, world, personas, units):
    """MOF answers on 5 October; on the 15th MIIT's answer is 5 days overdue."""
    clock.set(datetime.date(2026, 10, 5))
    client.force_login(personas.participant_liaison)
    response = client.post(
        f"/coordination/requests/{world.request_of(units['mof']).pk}/respond/",
        {"response": "财政部同意予以支持。"},
    )
    assert response.status_code == 302
    clock.set(datetime.date(2026, 10, 15))


@pytest.mark.django_db
def test_the_dashboard_list_and_matter_read_in_english(english, clock, world, personas, units):
    answer_in_time_and_let_miit_run_late(english, clock, world, personas, units)
    english.force_login(personas.secretariat)

    page = english.get("/coordination/").content.decode()
    assert 'lang="en"' in page
    for chinese, translated in AGE_GROUPS.items():
        assert translated in page
        assert chinese not in page

    # The Warning column of the list: the worst light of the matter, MIIT's.
    page = english.get("/coordination/matters/").content.decode()
    assert "No reply, 5 days overdue" in page
    assert "已逾期5天未答复" not in page

    page = english.get(f"/coordination/matters/{world.matter.pk}/").content.decode()
    assert "Replied on time" in page and "No reply, 5 days overdue" in page
    assert "按期答复" not in page and "未答复" not in page


@pytest.mark.django_db
def test_the_same_pages_stay_chinese_by_default(client, clock, world, personas, units):
    answer_in_time_and_let_miit_run_late(client, clock, world, personas, units)
    client.force_login(personas.secretariat)
    page = client.get("/coordination/").content.decode()
    assert all(chinese in page for chinese in AGE_GROUPS)
    page = client.get(f"/coordination/matters/{world.matter.pk}/").content.decode()
    assert "按期答复" in page and "已逾期5天未答复" in page
    assert "No reply" not in page


@pytest.mark.django_db
def test_the_ledger_and_the_report_are_chinese_for_an_english_reader(
    english, clock, world, personas, units, mechanism
):
    answer_in_time_and_let_miit_run_late(english, clock, world, personas, units)
    english.force_login(personas.secretariat)
    response = english.get("/coordination/matters/export.xlsx")
    assert response.status_code == 200
    cells = xlsx_strings(response.content)
    assert "重大项目建设" in cells and "红灯" in cells  # category and warning
    assert any("按期答复" in cell for cell in cells)
    assert any("已逾期5天未答复" in cell for cell in cells)
    assert not any(
        word in cell
        for cell in cells
        for word in ("Major project", "Red", "Replied", "No reply", "overdue")
    )

    def quarter():
        return report_section(
            period_start=ASKED_ON, period_end=datetime.date(2026, 12, 31), mechanism=mechanism
        )

    chinese = quarter()
    with translation.override("en"):
        in_english = quarter()
        assert translation.get_language() == "en"  # the caller's language is left as it was
    assert in_english == chinese
    assert in_english.paragraphs[0].startswith("本期成员单位提出协调事项1项（重大项目建设1项）")
    assert in_english.tables[0].rows[0][3:] == ["秘书处协调", "办理中"]

"""Rounds read in English: the computed lights and their reasons are translated on the task page
and the dashboard, and so is the dashboard's own export of the task table (its headers already
were); a progress report stays in Chinese (zhenxing/reports/tests/test_english.py)."""

import datetime
import io

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from zhenxing.rounds.selectors import light_of

# Task 1 is due on 31 December (yellow), task 2 on 20 October (red), task 3 next June (green).
TODAY = datetime.date(2026, 12, 5)
REASONS = {
    "距截止日期不足30天": "Due within 30 days",
    "已超过截止日期 2026-10-20": "Past the due date (2026-10-20)",
    "正常": "On track",
}


def read_xlsx(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.mark.django_db
def test_the_task_page_and_the_dashboard_show_english_lights(english, clock, world, personas):
    clock.set(TODAY)
    english.force_login(personas.secretariat)

    page = english.get(f"/rounds/tasks/{world.tasks[1].pk}/").content.decode()
    assert "Past the due date (2026-10-20)" in page
    assert ">Red</span>" in page
    assert "已超过截止日期" not in page and "红灯" not in page

    page = english.get("/rounds/dashboard/").content.decode()
    for chinese, translated in REASONS.items():
        assert translated in page
        assert chinese not in page


@pytest.mark.django_db
def test_the_dashboard_export_follows_the_page_language(english, client, clock, world, personas):
    clock.set(TODAY)
    english.force_login(personas.secretariat)
    rows = read_xlsx(english.get("/rounds/dashboard/?export=tasks").content)
    by_code = {row[0]: row for row in rows[1:]}
    assert rows[0][5:7] == ["Computed light", "Basis"]
    assert by_code["2"][5:7] == ["Red", "Past the due date (2026-10-20)"]
    assert by_code["1"][5:7] == ["Yellow", "Due within 30 days"]

    client.cookies.clear()
    client.force_login(personas.secretariat)
    rows = read_xlsx(client.get("/rounds/dashboard/?export=tasks").content)
    by_code = {row[0]: row for row in rows[1:]}
    assert rows[0][5:7] == ["计算灯色", "依据"]
    assert by_code["2"][5:7] == ["红灯", "已超过截止日期 2026-10-20"]


def test_a_light_reads_in_the_active_language():
    due = datetime.date(2026, 10, 20)
    assert light_of(due, None, False, TODAY).reason == "已超过截止日期 2026-10-20"
    with translation.override("en"):
        assert light_of(due, None, False, TODAY).reason == "Past the due date (2026-10-20)"
        assert light_of(None, None, True, TODAY).reason == "Closed out"
        near = light_of(datetime.date(2026, 12, 6), None, False, TODAY)
        assert near.reason == "Due within 30 days"
    assert light_of(None, None, True, TODAY).reason == "已销号"

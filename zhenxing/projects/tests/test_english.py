"""The project library read in English: amounts keep their unit and only its words are
translated; the exported tables, handed on to the provinces, stay in Chinese."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

pytestmark = pytest.mark.django_db


def test_amounts_read_in_english_in_the_unit_chosen(english, personas, sample_projects):
    english.force_login(personas.secretariat)
    project = sample_projects["shenyang"]
    page = english.get(reverse("project_detail", args=[project.pk])).content.decode()
    # The total investment (12 亿元) on its card: the unit set apart, so the number keeps its line.
    assert '12.00<span class="unit">hundred million yuan</span>' in page
    assert "亿元" not in page and "万元" not in page
    page = english.get(reverse("project_statistics")).content.decode()
    assert "hundred million yuan" in page and "(100 million yuan)" in page
    assert "亿元" not in page


def test_the_exports_are_chinese_for_an_english_reader(english, personas, sample_projects):
    english.force_login(personas.secretariat)
    response = english.get(reverse("project_list"), {"format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0][0] == "重点项目清单"
    assert rows[2][7] == "总投资（万元）"
    shenyang = next(row for row in rows[3:] if row[2] == "沈阳新能源汽车零部件产业园")
    assert shenyang[6] == "续建"  # the stage, "Continuing" on the English pages
    assert not any("Continuing" in str(cell) for row in rows for cell in row)

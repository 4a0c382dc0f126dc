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
    page = english.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    # The total investment (12 亿元) on its card: the unit set apart, so the number keeps its line.
    assert '12.00<span class="unit">hundred million yuan</span>' in page
    assert "亿元" not in page and "万元" not in page
    page = english.get(reverse("projects:project_statistics")).content.decode()
    assert "hundred million yuan" in page and "(100 million yuan)" in page
    assert "亿元" not in page


def test_the_exports_are_chinese_for_an_english_reader(english, personas, sample_projects):
    english.force_login(personas.secretariat)
    response = english.get(reverse("projects:project_list"), {"format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0][0] == "重点项目清单"
    assert rows[2][7] == "总投资（万元）"
    shenyang = next(row for row in rows[3:] if row[2] == "沈阳新能源汽车零部件产业园")
    assert shenyang[6] == "续建"  # the stage, "Continuing" on the English pages
    assert not any("Continuing" in str(cell) for row in rows for cell in row)


def test_an_import_reads_in_english_while_running_and_when_rejected(english, personas, tmp_path):
    from zhenxing.projects.importing.jobs import PHASE_READING, import_file
    from zhenxing.projects.models import ImportJob
    from zhenxing.projects.tests.conftest import row, xlsx_bytes

    english.force_login(personas.secretariat)
    running = ImportJob.objects.create(
        original_name="大表.xlsx",
        uploaded_by=personas.secretariat,
        period_label="2026-11",
        status=ImportJob.Status.RUNNING,
        phase=PHASE_READING,
        rows_total=300000,
    )
    progress = {"part": "progress"}
    page = english.get(reverse("projects:project_import_detail", args=[running.pk]), progress)
    page = page.content.decode()
    assert "Reading the spreadsheet" in page and "读取表格" not in page

    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([row(1, "2024-219999-36-03-000001"), row(2, "bad")]))
    rejected = import_file(path, mode="all-or-nothing", user=personas.secretariat)
    assert rejected.status == ImportJob.Status.REJECTED and "有 2 行错误" in rejected.message
    page = english.get(reverse("projects:project_import_detail", args=[rejected.pk]), progress)
    page = page.content.decode()
    assert "2 rows have errors" in page and "all or nothing" in page
    assert "全部正确才导入" not in page and "有错误，未导入" not in page

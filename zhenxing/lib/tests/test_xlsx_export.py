"""The one spreadsheet writer and its formula guard, read back as a user's spreadsheet program
would (python-calamine for values, the sheet XML for formulas, panes and formats)."""

import datetime
import io
import zipfile
from decimal import Decimal

from python_calamine import CalamineWorkbook

from zhenxing.lib.xlsx_export import (
    Rate,
    SheetTable,
    heading_width,
    neutralise_formula,
    safe_cell,
    tables_to_xlsx,
)

# What each export's test writes into a text field: a formula, a function call, arithmetic,
# and a formula behind a tab.
FORMULA_LIKE = ["=1+1", "@SUM(A1)", "-2+3", "\t=cmd", "+86 10", "\r=cmd"]


def sheet_values(content: bytes, index: int = 0) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return workbook.get_sheet_by_index(index).to_python()


def sheet_xml(content: bytes, index: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(f"xl/worksheets/sheet{index}.xml").decode()


def test_the_guard_prefixes_every_formula_start_and_leaves_other_text():
    for text in FORMULA_LIKE:
        assert neutralise_formula(text) == "'" + text
    assert neutralise_formula("正常文字 = 1") == "正常文字 = 1"
    assert neutralise_formula("一、") == "一、"
    assert safe_cell("=1+1") == "'=1+1" and safe_cell(12) == 12 and safe_cell(None) is None


def test_every_string_cell_title_and_note_comes_out_neutralised():
    sheet = SheetTable(
        name="表", title="=TITLE()", note="@NOTE", headers=["甲"], rows=[[t] for t in FORMULA_LIKE]
    )
    content = tables_to_xlsx([sheet])
    values = sheet_values(content)
    assert values[0][0] == "'=TITLE()" and values[1][0] == "'@NOTE"
    assert [row[0] for row in values[3:]] == ["'" + text for text in FORMULA_LIKE]
    assert "<f>" not in sheet_xml(content)


def test_cells_are_typed_and_the_header_frozen_and_filtered():
    sheet = SheetTable(
        name="数/据?",
        title="",
        headers=["名称", "金额", "比率", "日期", "是否"],
        rows=[["甲", Decimal("1.50"), Rate(0.25), datetime.date(2026, 3, 1), True]],
        number_format="#,##0.00",
        frozen_columns=1,
    )
    content = tables_to_xlsx([sheet])
    values = sheet_values(content)
    assert values[1][:3] == ["甲", 1.5, 0.25] and values[1][4] == "是"
    assert values[1][3] in (datetime.date(2026, 3, 1), datetime.datetime(2026, 3, 1))
    xml = sheet_xml(content)
    assert 'xSplit="1" ySplit="1"' in xml and "<autoFilter" in xml
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert 'name="数-据"' in archive.read("xl/workbook.xml").decode()
        assert 'formatCode="#,##0.00"' in archive.read("xl/styles.xml").decode()
        assert 'formatCode="0.0%"' in archive.read("xl/styles.xml").decode()
    assert sheet.rows_written == 1


def test_streaming_writes_a_generator_and_counts_its_rows():
    sheet = SheetTable("大表", "标题", ["序号", "内容"], ([n, "=x"] for n in range(1, 1001)))
    content = tables_to_xlsx([sheet], streaming=True)
    values = sheet_values(content)
    assert sheet.rows_written == 1000 and len(values) == 1002  # title, header, rows
    assert values[-1] == [1000.0, "'=x"]


def test_widths_fit_chinese_headings():
    assert heading_width("名称") == 10  # at least 10
    assert heading_width("年度计划投资（万元）") == 24  # ten wide characters and a margin
    assert heading_width("x" * 80) == 50  # at most 50

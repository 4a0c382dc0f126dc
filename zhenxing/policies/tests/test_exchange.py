"""Exchange with Excel and Word: the exports read back, the import's row errors, the round trip."""

import datetime
import io

import docx
import pytest
import xlsxwriter
from docx.shared import Mm, Pt
from python_calamine import CalamineWorkbook

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.xlsx_export import neutralise_formula
from zhenxing.policies import services
from zhenxing.policies.exchange import (
    EXPORT_COLUMNS,
    TableImportError,
    export_plan,
    plan_to_docx,
    plan_to_xlsx,
    read_division_table,
)
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.tests.conftest import DATA
from zhenxing.testing import FORMULA_LIKE, assert_neutralised, xlsx_texts


def sheet_rows(content: bytes) -> list[list]:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)


def spreadsheet(rows: list[list], merged_title: str = "") -> bytes:
    """An .xlsx as people make them: a merged title on top, then whatever rows are given."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("Sheet1")
    offset = 0
    if merged_title:
        sheet.merge_range(0, 0, 0, 5, merged_title)
        offset = 2  # a blank row under the title
    for number, values in enumerate(rows):
        for column, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    offset + number,
                    column,
                    datetime.datetime.combine(value, datetime.time()),
                    workbook.add_format({"num_format": "yyyy-mm-dd"}),
                )
            elif value is not None:
                sheet.write(offset + number, column, value)
    workbook.close()
    return buffer.getvalue()


def snapshot(plan: DivisionPlan) -> list[tuple]:
    """What must survive a round trip through Excel, task by task."""
    return [
        (
            task.code,
            task.title,
            task.lead_unit_id,
            sorted(unit.pk for unit in task.participating_units.all()),
            sorted(task.unresolved_units),
            task.due_date,
            task.result_form,
            task.priority,
        )
        for task in plan.tasks.filter(parent__isnull=True).order_by("position")
    ]


def test_xlsx_export_is_the_standard_table(world):
    rows = sheet_rows(plan_to_xlsx(world.published))
    assert rows[0][0] == "测试分工方案"
    assert rows[2][: len(EXPORT_COLUMNS)] == EXPORT_COLUMNS
    assert rows[2][:5] == ["序号", "重点任务", "牵头单位", "参加单位", "完成时限"]
    first, second = rows[3], rows[4]
    assert first[:6] == [1.0, "深化简政放权", "国家发展改革委", "财政部", "2026年底前", "1"]
    assert second[1:4] == ["推进国资国企改革", "辽宁省政府", "财政部"]
    assert first[EXPORT_COLUMNS.index("截止日期")] == datetime.date(2026, 12, 31)
    assert len(rows) == 5  # sub-tasks belong to the unit that split them, not to the plan's table


def test_seed_plan_exports_sources_and_unresolved_names(world):
    task = world.draft.tasks.get(code="15")
    with acting_as(user=world.published.published_by):
        services.task_update(
            task=task,
            user=None,
            expected_version=task.version,
            changes={"unresolved_units": ["某某协会"]},
        )
    rows = sheet_rows(plan_to_xlsx(world.draft))
    row = next(r for r in rows if r[EXPORT_COLUMNS.index("编号")] == "15")
    assert row[EXPORT_COLUMNS.index("来源条款")] == "(十五)不断提升基础设施水平"
    assert row[EXPORT_COLUMNS.index("参加单位")].endswith("某某协会")


def test_formulas_are_neutralised(world, units):
    task = world.national_task
    with acting_as(user=world.published.published_by):
        services.task_update(
            task=task,
            user=world.published.published_by,
            expected_version=task.version,
            changes={
                "title": '=HYPERLINK("http://evil.example","点击")',
                "deadline_text": "+3个月",
            },
            reason="测试",
        )
    content = plan_to_xlsx(world.published)
    rows = sheet_rows(content)
    assert rows[3][1] == '\'=HYPERLINK("http://evil.example","点击")'
    assert rows[3][4] == "'+3个月"
    assert b"<f>" not in content  # no formula element anywhere in the sheet XML
    assert neutralise_formula("-1") == "'-1" and neutralise_formula("一、") == "一、"
    # Re-import removes exactly the guard it added.
    table = read_division_table("plan.xlsx", content)
    assert table.rows[0]["title"] == '=HYPERLINK("http://evil.example","点击")'


def test_exported_xlsx_reimports_to_the_same_plan(world, personas):
    with acting_as(user=personas.secretariat):
        for task in world.draft.tasks.filter(lead_unit__isnull=True):
            services.task_update(
                task=task,
                user=personas.secretariat,
                expected_version=task.version,
                changes={"lead_unit": world.national_task.lead_unit},
            )
        task = world.draft.tasks.get(code="20")
        services.task_update(
            task=task,
            user=personas.secretariat,
            expected_version=task.version,
            changes={
                "unresolved_units": ["某某协会"],
                "priority": Task.Priority.KEY,
                "deadline_text": "2027年6月底前",
                "due_date": datetime.date(2027, 6, 30),
            },
        )
    for plan in (world.draft, world.published):
        content, _type, _name = export_plan(plan, "xlsx")
        table = read_division_table("export.xlsx", content)
        assert table.title == plan.title
        with acting_as(user=personas.secretariat):
            copy = services.division_plan_import_table(
                user=personas.secretariat, title=table.title, rows=table.rows
            )
        assert snapshot(copy) == snapshot(plan)
        assert [t.deadline_text for t in copy.tasks.order_by("position")] == [
            t.deadline_text for t in plan.tasks.filter(parent__isnull=True).order_by("position")
        ]
        assert (
            ChangeRecord.objects.filter(
                user=personas.secretariat,
                content_type__model="task",
                object_id__in=[str(pk) for pk in copy.tasks.values_list("pk", flat=True)],
            ).count()
            >= copy.tasks.count()
        )


def test_import_reads_the_headings_people_write(units):
    content = spreadsheet(
        [
            ["编号", "任务内容", "牵头\n部门", "配合单位", "时间节点"],
            ["一、体制机制改革", None, None, None, None],
            [1, "深化简政放权", "国家发展改革委", "财政部、商务部等", "2026年6月底前"],
            [2, "完善社保体系", "某某研究会", "", datetime.date(2026, 9, 30)],
            [3, "营造良好环境", "国家发展改革委、财政部", "辽宁省政府", "长期坚持"],
        ],
        merged_title="2026年工作要点分工表",
    )
    table = read_division_table("分工表.xlsx", content)
    assert table.title == "2026年工作要点分工表"
    first, second, third = table.rows
    assert (first["code"], first["title"], first["lead_unit"]) == (
        "1",
        "深化简政放权",
        units["ndrc"],
    )
    assert first["participating_units"] == [units["mof"], units["mofcom"]]
    assert (first["deadline_text"], first["due_date"]) == (
        "2026年6月底前",
        datetime.date(2026, 6, 30),
    )
    assert second["lead_unit"] is None and second["unresolved_units"] == ["某某研究会"]
    assert second["due_date"] == datetime.date(2026, 9, 30)
    assert third["lead_unit"] == units["ndrc"]
    assert third["co_lead_units"] == [units["mof"]]  # 国家发展改革委、财政部: both lead
    assert third["participating_units"] == [units["liaoning-government"]]
    assert (third["deadline_text"], third["due_date"]) == ("长期坚持", None)


def test_responsible_unit_column_and_merged_leads(units):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["序号", "工作任务", "责任单位", "完成时限"])
    sheet.write_row(1, 0, [1, "任务甲"])
    sheet.write_row(2, 0, [2, "任务乙"])
    sheet.merge_range(1, 2, 2, 2, "财政部")  # one lead written once for two tasks
    sheet.write(1, 3, "2026年底前")
    sheet.write(2, 3, "2026年底前")
    workbook.close()
    table = read_division_table("t.xlsx", buffer.getvalue())
    assert [row["lead_unit"] for row in table.rows] == [units["mof"], units["mof"]]


def test_every_bad_row_is_reported_by_number_and_nothing_is_written(client, personas):
    content = spreadsheet(
        [
            ["序号", "重点任务", "牵头单位", "参加单位", "完成时限"],
            [1, "好的任务", "财政部", "", "2026年底前"],
            [2, None, "财政部", "", "2026年底前"],
            [3, "日期不存在", "财政部", "", "2026-02-30"],
            [1, "编号重复", "财政部", "", ""],
            [5, "字" * 301, "", "", ""],
        ],
        merged_title="分工表",
    )
    with pytest.raises(TableImportError) as caught:
        read_division_table("bad.xlsx", content)
    assert [row for row, _reason in caught.value.row_errors] == [5, 6, 7, 8]
    reasons = dict(caught.value.row_errors)
    assert reasons[5] == "缺少重点任务"
    assert "2026-02-30" in reasons[6] and "编号“1”与第 4 行重复" in reasons[7]
    assert "300" in reasons[8]
    client.force_login(personas.secretariat)
    upload = io.BytesIO(content)
    upload.name = "bad.xlsx"
    response = client.post("/policies/plans/", {"file": upload})
    page = response.content.decode()
    assert response.status_code == 422
    for message in ("第 5 行：缺少重点任务", "第 6 行：", "第 7 行：", "第 8 行："):
        assert message in page
    assert not DivisionPlan.objects.exists() and not Task.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.csv", b"a,b", "请上传 Excel 表格"),
        ("plan.xlsx", b"", "文件为空"),
        ("plan.xlsx", b"not a workbook", "无法读取该表格文件"),
        ("plan.xlsx", None, "未找到表头"),
    ],
)
def test_unreadable_tables(name, content, message, db):
    content = spreadsheet([["甲", "乙"], [1, 2]]) if content is None else content
    with pytest.raises(TableImportError) as caught:
        read_division_table(name, content)
    assert message in caught.value.messages[0]


def test_docx_export_in_official_layout(world):
    document = docx.Document(io.BytesIO(plan_to_docx(world.draft)))
    section = document.sections[0]
    close = lambda length, mm: abs(length - Mm(mm)) < Mm(0.2)  # noqa: E731 - twips round
    assert close(section.page_width, 210) and close(section.page_height, 297)
    assert close(section.top_margin, 37) and close(section.bottom_margin, 35)
    assert close(section.left_margin, 28) and close(section.right_margin, 26)

    def east_asian(run):
        return run._element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))

    title = document.paragraphs[0]
    assert title.text == world.draft.title
    assert title.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    body = next(p for p in document.paragraphs if p.text.startswith("为贯彻落实"))
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)

    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == [
        "序号",
        "重点任务",
        "牵头单位",
        "参加单位",
        "完成时限",
        "编号",
        "来源条款",
        "成果形式",
    ]
    assert len(table.rows) == world.draft.tasks.count() + 1
    fifteen = next(r for r in table.rows[1:] if r.cells[5].text == "15")
    assert fifteen.cells[1].text.startswith(
        "不断提升基础设施水平。实施东北地区低标准铁路扩能改造工程"
    )
    assert fifteen.cells[6].text == "(十五)不断提升基础设施水平"
    cell_run = fifteen.cells[1].paragraphs[0].runs[0]
    assert east_asian(cell_run) == "仿宋_GB2312" and cell_run.font.size == Pt(10.5)

    footer = section.footer.paragraphs[0]
    xml = footer._p.xml
    assert "PAGE" in xml and 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_exports_download_from_the_plan_page(client, personas, world):
    client.force_login(personas.reader)
    xlsx = client.get(f"/policies/plans/{world.published.pk}/export?format=xlsx")
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in xlsx["Content-Disposition"] and ".xlsx" in xlsx["Content-Disposition"]
    assert sheet_rows(xlsx.content)[3][1] == "深化简政放权"
    word = client.get(f"/policies/plans/{world.published.pk}/export?format=docx")
    assert docx.Document(io.BytesIO(word.content)).tables[0].rows[1].cells[1].text == "深化简政放权"
    assert client.get(f"/policies/plans/{world.published.pk}/export?format=pdf").status_code == 404


def test_table_import_page_creates_a_draft_plan(client, personas, world):
    client.force_login(personas.secretariat)
    upload = io.BytesIO(plan_to_xlsx(world.published))
    upload.name = "分工表.xlsx"
    response = client.post("/policies/plans/", {"file": upload, "title": "导入的方案"})
    plan = DivisionPlan.objects.get(title="导入的方案")
    assert response["Location"] == f"/policies/plans/{plan.pk}/"
    assert plan.status == DivisionPlan.Status.DRAFT and snapshot(plan) == snapshot(world.published)
    assert ChangeRecord.objects.filter(
        user=personas.secretariat,
        content_type__model="divisionplan",
        object_id=str(plan.pk),
        action="create",
    ).exists()


def test_legacy_xls_table(units):
    """A .xls made by older Excel (data/division_table.xls, written once with xlwt)."""
    table = read_division_table("division_table.xls", (DATA / "division_table.xls").read_bytes())
    assert table.title == "2016年重点工作分工表"
    first, second, third = table.rows
    assert first["lead_unit"] == units["nra"]
    assert first["participating_units"] == [units["ndrc"], units["china-railway"]]
    assert (first["deadline_text"], first["due_date"]) == (
        "2016年底前",
        datetime.date(2016, 12, 31),
    )
    assert second["due_date"] == datetime.date(2016, 6, 30)
    assert third["participating_units"] == [units["liaoning-government"]]
    assert third["unresolved_units"] == ["某某联合会"]


def word_table(include_second_page=True) -> bytes:
    """A division table as Word writes them: a title line, a section row merged across, a lead
    merged down over two tasks, a task continued on the next page without its 序号, and the
    table split in two with its heading row repeated."""
    document = docx.Document()
    document.add_paragraph("2026年重点工作分工表")
    heading = ["序号", "重点任务", "牵头单位", "参加单位", "完成时限"]
    first = document.add_table(rows=5, cols=5)
    for column, text in enumerate(heading):
        first.cell(0, column).text = text
    section = first.cell(1, 0).merge(first.cell(1, 4))
    section.text = "一、体制机制改革"
    for row, values in ((2, ["1", "深化国有企业改革，", "", "商务部", "2026年底前"]),
                        (3, ["2", "落实减税降费政策", "", "", "2026年6月底前"])):  # fmt: skip
        for column, text in enumerate(values):
            if text:
                first.cell(row, column).text = text
    lead = first.cell(2, 2).merge(first.cell(3, 2))
    lead.text = "财政部"
    first.cell(4, 1).text = "并清理地方违规优惠。"  # continued on the next page: no 序号
    if include_second_page:
        document.add_paragraph("")
        second = document.add_table(rows=2, cols=5)
        for column, text in enumerate(heading):
            second.cell(0, column).text = text
        for column, text in enumerate(["3", "推进重大项目建设", "国家发展改革委", "", "长期坚持"]):
            second.cell(1, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_division_table_with_merged_cells_and_continued_rows(units):
    table = read_division_table("分工表.docx", word_table())
    assert table.title == "2026年重点工作分工表"
    first, second, third = table.rows
    assert [row["code"] for row in table.rows] == ["1", "2", "3"]
    assert first["lead_unit"] == units["mof"] and second["lead_unit"] == units["mof"]
    assert first["participating_units"] == [units["mofcom"]]
    assert second["title"] == "落实减税降费政策并清理地方违规优惠。"
    assert (second["deadline_text"], second["due_date"]) == (
        "2026年6月底前",
        datetime.date(2026, 6, 30),
    )
    assert third["lead_unit"] == units["ndrc"] and third["deadline_text"] == "长期坚持"


def test_word_table_rows_in_error_are_numbered_as_the_table_shows_them(db):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for column, text in enumerate(["序号", "重点任务", "牵头单位"]):
        table.cell(0, column).text = text
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "好的任务"
    table.cell(2, 0).text, table.cell(2, 2).text = "2", "财政部"
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(TableImportError) as caught:
        read_division_table("t.docx", buffer.getvalue())
    assert caught.value.row_errors == [(3, "缺少重点任务")]


def test_word_table_import_page_creates_a_draft_plan(client, personas, units):
    client.force_login(personas.secretariat)
    upload = io.BytesIO(word_table())
    upload.name = "分工表.docx"
    response = client.post("/policies/plans/", {"file": upload})
    plan = DivisionPlan.objects.get(title="2026年重点工作分工表")
    assert response["Location"] == f"/policies/plans/{plan.pk}/"
    tasks = list(plan.tasks.order_by("position"))
    assert [task.lead_unit for task in tasks] == [units["mof"], units["mof"], units["ndrc"]]


def test_unreadable_word_file(db):
    with pytest.raises(TableImportError) as caught:
        read_division_table("plan.docx", b"not a document")
    # the shared upload checks (lib.uploads) refuse it before the Word reader opens it
    assert "Word 文件已损坏、已加密或不是 .docx 文件，无法读取" in caught.value.messages[0]


def test_the_plan_export_neutralises_every_formula_start(world):
    first, second = world.published.tasks.order_by("position")[:2]
    Task.objects.filter(pk=first.pk).update(title=FORMULA_LIKE[0], code=FORMULA_LIKE[1])
    Task.objects.filter(pk=second.pk).update(title=FORMULA_LIKE[2], code=FORMULA_LIKE[3])
    assert_neutralised(xlsx_texts(plan_to_xlsx(world.published)))

"""Importing key enterprises and their monthly figures from a workbook: header and month
variants and units, each bad row by number with nothing saved, who imports for which
enterprises, the template, and text that looks like a formula made harmless on re-export."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.enterprises.models import Enterprise, MonthlyFigure
from zhenxing.enterprises.tests.conftest import CREDIT_CODE
from zhenxing.enterprises.validators import credit_code_check_character

pytestmark = pytest.mark.django_db
URL = "/enterprises/import/"
NEW_CODE = "91210900MA0000001" + credit_code_check_character("91210900MA0000001")
THIRD_CODE = "91210900MA0000003" + credit_code_check_character("91210900MA0000003")
HEADER = [
    "单位名称",
    "统一社会信用代码",
    "期间",
    "产值（亿元）",
    "营业收入",
    "订单金额",
    "从业人员",
    "行业",
    "企业规模",
    "包联领导",
    "联系部门",
]


def workbook(
    *rows, name="figures.xlsx", above=("重点企业月度运行情况", "单位：万元")
) -> io.BytesIO:
    """An .xlsx as a department keeps it: a title and unit row above the header; every cell
    written as given (strings stay strings, even one starting with =)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("数据")
    for number, row in enumerate([[text] for text in above] + [HEADER, *rows]):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(number, column, value)
            elif value is not None:
                sheet.write_number(number, column, value)
    book.close()
    buffer.seek(0)
    buffer.name = name
    return buffer


def existing_row(month="2026年3月", output="1,234.5", **changes):
    row = dict(
        name="阜新德尔汽车部件股份有限公司",
        code=CREDIT_CODE,
        month=month,
        output=output,
        revenue="2,000",
        orders=500,
        employment="1,200",
        industry="",
        size="",
        liaison="",
        contact="",
    )
    return list((row | changes).values())


def new_row(**changes):
    return existing_row(
        **{
            "name": "阜新示例机械制造有限公司",
            "code": NEW_CODE,
            "month": 202604,
            "output": 0.5,
            "industry": "制造业",
            "size": "中型",
            "liaison": "王副市长",
        }
        | changes
    )


def post(client, user, upload):
    client.force_login(user)
    return client.post(URL, {"file": upload})


def test_a_good_file_registers_updates_and_reports(client, world, personas):
    before = ChangeRecord.objects.count()
    rows = workbook(existing_row(), new_row(contact="工业和信息化部"))
    response = post(client, personas.secretariat, rows)
    assert response.status_code == 200, response.content.decode()
    result = response.context["result"]
    assert (result.rows, result.registered, result.figures, result.errors) == (2, 1, 2, [])
    old = MonthlyFigure.objects.get(enterprise=world.enterprise, month=datetime.date(2026, 3, 1))
    # 产值 in 亿元 by its heading; the other money columns in 万元 by the unit row
    assert old.output_value == Decimal("12345000.00")
    assert (old.revenue, old.orders, old.employment) == (Decimal(2000), Decimal(500), 1200)
    new = Enterprise.objects.get(credit_code=NEW_CODE)
    assert (new.industry, new.size, new.liaison_official) == ("C", "medium", "王副市长")
    assert new.contact_unit.code == "miit"
    assert new.figures.get().output_value == Decimal("5000.00")
    assert ChangeRecord.objects.count() > before  # written through the audited services


def test_each_bad_row_is_named_and_nothing_is_saved(client, world, personas):
    figures = MonthlyFigure.objects.count()
    rows = [
        new_row(contact="工业和信息化部"),  # row 4: good on its own
        existing_row(code="91440300708461136X"),  # row 5: bad check character
        existing_row(month="2026年13月"),  # row 6
        existing_row(month="2026-12"),  # row 7: a month not begun (today is 2026-11-20)
        existing_row(output="-3"),  # row 8
        new_row(code="91210900MA0000002" + credit_code_check_character("91210900MA0000002"))[:3],
        existing_row(month="2026-03", orders="很多"),  # row 10
        existing_row(month="2026-04"),  # row 11
        existing_row(month="2026年4月"),  # row 12: the same month again
        new_row(industry="炼金业"),  # row 13
        new_row(code=THIRD_CODE),  # row 14: the secretariat names the contact department
    ]
    response = post(client, personas.secretariat, workbook(*rows))
    assert response.status_code == 400
    errors = [(error.row, error.message) for error in response.context["result"].errors]
    assert errors == [
        (5, "统一社会信用代码校验位不正确。"),
        (6, "月份“2026年13月”无法识别（例：2026-03、2026年3月、202603）"),
        (7, "不能报送尚未开始月份的数据。"),
        (8, "产值：不能为负数"),
        (9, "产值：未填写"),
        (9, "营业收入：未填写"),
        (9, "订单：未填写"),
        (9, "用工人数：未填写"),
        (10, "订单：“很多”不是金额"),
        (12, "该企业2026-04的数据在第11行已填写"),
        (13, "行业“炼金业”不是国民经济行业门类（如 制造业 或 C）"),
        (13, "该企业2026-04的数据在第4行已填写"),
        (14, "该企业尚未登记，登记须填写：联系部门"),
    ]
    page = response.content.decode()
    assert "<td>12</td><td>该企业2026-04的数据在第11行已填写</td>" in page
    assert MonthlyFigure.objects.count() == figures
    assert not Enterprise.objects.filter(credit_code=NEW_CODE).exists()


def test_month_and_heading_variants():
    from zhenxing.enterprises.importing import find_columns, parse_money, parse_month

    for cell in ("2026-03", "2026-3", "2026/03", "2026.03", "2026年3月", "202603", 202603.0):
        assert parse_month(cell) == datetime.date(2026, 3, 1), cell
    assert parse_month(datetime.datetime(2026, 3, 31)) == datetime.date(2026, 3, 1)
    columns = find_columns(["企业名称", "统一社会信用代码", "月份", "营业收入（元）", "订单(亿元)"])
    assert (columns["revenue"].unit, columns["orders"].unit) == ("元", "亿元")
    assert parse_money("12,345,678", "元") == Decimal("1234.57")
    assert parse_money("1.2亿元", "万元") == Decimal("12000.00")
    assert find_columns(["名称", "代码"]) == {}


def test_a_unit_imports_only_for_the_enterprises_it_is_the_contact_department_of(
    client, world, personas
):
    # Jilin is not MOF: the enterprise's row is refused, the whole file with it
    response = post(client, personas.outsider, workbook(existing_row(), new_row()))
    assert response.status_code == 400
    assert [(e.row, e.message) for e in response.context["result"].errors] == [
        (4, "本单位不是该企业的联系部门，不能导入其数据")
    ]
    assert not Enterprise.objects.filter(credit_code=NEW_CODE).exists()
    # MOF imports for its enterprise, and a new one becomes its own
    response = post(client, personas.participant_liaison, workbook(existing_row(), new_row()))
    assert response.status_code == 200
    assert Enterprise.objects.get(credit_code=NEW_CODE).contact_unit.code == "mof"


def test_permission_matrix_of_the_upload(client, world, personas):
    from zhenxing.coordination.tests.test_permissions import matrix
    from zhenxing.enterprises.tests.test_permissions import SECRETARIAT, UNIT_PEOPLE
    from zhenxing.enterprises.tests.test_permissions import expected as expected_statuses

    def upload():
        return client.post(URL, {"file": workbook(existing_row())})

    statuses = matrix(client, personas, upload)
    # The door is the secretariat's and unit people's; readers and administrators get 403.
    # Through it only the secretariat and MOF, the contact department, import this
    # enterprise's figures: the other units' files are refused row by row (400).
    expected = expected_statuses(SECRETARIAT | UNIT_PEOPLE, 200, URL)
    expected |= dict.fromkeys(UNIT_PEOPLE - {"participant_liaison"}, 400)
    assert statuses == expected
    client.logout()
    assert client.post(URL, {"file": workbook(new_row())})["Location"].startswith("/accounts/")


def test_the_template_is_a_workbook_the_import_reads(client, world, personas):
    client.force_login(personas.participant_liaison)
    content = client.get("/enterprises/import/template.xlsx").content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    header = next(row for row in rows if row and row[0] == "企业名称")
    assert header[:7] == ["企业名称", "统一社会信用代码", "月份", "产值（万元）"] + [
        "营业收入（万元）",
        "订单（万元）",
        "用工人数",
    ]


def test_formula_looking_text_is_neutralised_on_re_export(client, world, personas):
    name = '=HYPERLINK("http://example.com","点击")'
    response = post(client, personas.secretariat, workbook(new_row(name=name, contact="财政部")))
    assert response.status_code == 200
    assert Enterprise.objects.get(credit_code=NEW_CODE).name == name  # kept as typed
    content = client.get("/enterprises/figures.xlsx?year=2026").content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    cells = [row[0] for row in rows if row and NEW_CODE in row]
    assert cells == ["'" + name]


def test_not_a_table_of_enterprises(client, world, personas):
    upload = io.BytesIO(b"not a zip")
    upload.name = "figures.xlsx"
    response = post(client, personas.secretariat, upload)
    assert response.status_code == 400
    upload = io.BytesIO("地区,2026\n辽宁,1\n".encode())
    upload.name = "figures.csv"
    response = post(client, personas.secretariat, upload)
    assert response.status_code == 400
    assert "未找到表头" in response.content.decode()


def test_a_large_file_goes_to_the_queue_and_its_page_shows_the_outcome(
    client, world, personas, settings, django_capture_on_commit_callbacks
):
    from zhenxing.enterprises.models import EnterpriseImport

    settings.ENTERPRISE_IMPORT_INLINE_MAX_ROWS = 3  # the title, unit and header rows fit
    client.force_login(personas.participant_liaison)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": workbook(existing_row(), new_row())})
    job = EnterpriseImport.objects.get()
    assert response["Location"] == f"/enterprises/import/{job.pk}/"
    assert job.status == EnterpriseImport.Status.SUCCEEDED  # the test queue runs it at once
    assert job.result["registered"] == 1 and job.result["figures"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "新登记企业 1 家" in page and "?part=progress" not in page  # finished: no polling
    # a bad file queued: nothing saved, the rows listed on its page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": workbook(existing_row(month="2026-13"), new_row())})
    job = EnterpriseImport.objects.latest("pk")
    assert job.status == EnterpriseImport.Status.REFUSED
    assert job.result["errors"][0]["row"] == 4
    assert "<td>4</td>" in client.get(response["Location"]).content.decode()
    # only its uploader (and the secretariat) may look at it
    client.force_login(personas.outsider)
    assert client.get(response["Location"]).status_code == 404
    client.force_login(personas.secretariat)
    assert client.get(response["Location"]).status_code == 200
    client.force_login(personas.reader)
    assert client.get(response["Location"]).status_code == 403


def test_an_import_whose_worker_died_says_so(world, personas, mechanism):
    from django.core.files.base import ContentFile

    from zhenxing.enterprises.models import EnterpriseImport
    from zhenxing.enterprises.tasks import enterprise_import_run_died

    job = EnterpriseImport(mechanism=mechanism, uploaded_by=personas.secretariat)
    job.original_name = "big.xlsx"
    job.file.save("big.xlsx", ContentFile(workbook(new_row()).getvalue()), save=False)
    job.status = EnterpriseImport.Status.RUNNING
    job.save()
    enterprise_import_run_died(job.pk)
    job.refresh_from_db()
    assert job.status == EnterpriseImport.Status.FAILED and "中断" in job.message

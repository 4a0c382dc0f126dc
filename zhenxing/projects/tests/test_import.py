"""Bulk import: header detection, both modes with bad rows, idempotent re-import, history,
hostile files, unit scope, audit, and the summary tables equal to the live GROUP BY."""

import io
import zipfile
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.workbooks import WorkbookError, check_workbook
from zhenxing.projects.importing import jobs
from zhenxing.projects.importing.jobs import ImportRefused, import_file
from zhenxing.projects.models import ImportJob, Project, ProjectFundingSummary, ProjectSummary
from zhenxing.projects.summaries import live_cells, live_funding_cells
from zhenxing.projects.tests.conftest import HEADINGS, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = [
    row(1, "2024-210102-36-03-000001", name="沈阳汽车零部件产业园", total=12345.67),
    row(
        2,
        "2024-210202-54-01-000002",
        name="大连港集疏运铁路",
        region="大连市中山区",
        stage="新开工",
    ),
    row(
        3,
        "2025-220102-44-02-000003",
        name="长春热电联产",
        region="吉林省长春市南关区",
        stage="停缓建",
        funding="企业自筹",
    ),
]
BAD = [
    row(4, "2024-219999-36-03-000004"),  # no such region
    row(5, "2024-210102-36-03-00005"),  # malformed
    row(6, "2024-210102-36-03-000001"),  # repeats row 1
    row(7, "2024-210102-36-03-000007", stage="在谈"),  # unknown stage
    row(8, "2024-210102-36-03-000008", total="一千万"),  # not an amount
]


def run(
    write_file, data, *, mode="all-or-nothing", name="projects.xlsx", period="2026-10", **kwargs
):
    return import_file(write_file(data, name), mode=mode, period=period, **kwargs)


def assert_summary_is_live():
    stored = sorted(
        ProjectSummary.objects.values(
            "province_code",
            "prefecture_code",
            "industry",
            "stage",
            "project_count",
            "started_count",
            "total_investment",
            "annual_planned_investment",
            "investment_completed_this_year",
            "investment_completed_total",
        ),
        key=lambda cell: (
            cell["province_code"],
            cell["prefecture_code"],
            cell["industry"],
            cell["stage"],
        ),
    )
    live = sorted(
        live_cells(),
        key=lambda cell: (
            cell["province_code"],
            cell["prefecture_code"],
            cell["industry"],
            cell["stage"],
        ),
    )
    assert [
        {
            k: (Decimal(v).quantize(Decimal("0.01")) if isinstance(v, Decimal | float) else v)
            for k, v in c.items()
        }
        for c in stored
    ] == [
        {
            k: (Decimal(v).quantize(Decimal("0.01")) if isinstance(v, Decimal | float) else v)
            for k, v in c.items()
        }
        for c in live
    ]
    stored_funding = sorted(
        (
            c["province_code"],
            c["prefecture_code"],
            c["funding_source"],
            c["project_count"],
            Decimal(c["total_investment"]).quantize(Decimal("0.01")),
        )
        for c in ProjectFundingSummary.objects.values()
    )
    live_funding = sorted(
        (
            c["province_code"],
            c["prefecture_code"],
            c["funding_source"],
            c["project_count"],
            Decimal(c["total_investment"]).quantize(Decimal("0.01")),
        )
        for c in live_funding_cells()
    )
    assert stored_funding == live_funding


def test_header_below_merged_title_rows_and_money_in_wan(write_file, personas):
    job = run(write_file, xlsx_bytes(GOOD), user=personas.secretariat)
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
    assert job.header_row == 3
    assert (job.imported_count, job.updated_count, job.rejected_count) == (3, 0, 0)
    project = Project.objects.get(national_code="2024-210102-36-03-000001")
    assert project.total_investment == Decimal("123456700.00")
    assert project.region.code == "210102"
    assert (project.province_code, project.prefecture_code) == ("210000", "210100")
    assert project.stage == Project.Stage.CONTINUING
    assert [s.value for s in project.funding_source_list] == ["central_budget", "special_bonds"]
    assert str(project.planned_start) == "2025-04-01"
    assert project.industry == "C"
    dalian = Project.objects.get(national_code="2024-210202-54-01-000002")
    assert dalian.region.code == "210202" and dalian.stage == Project.Stage.NEW_START
    assert_summary_is_live()


def test_yi_column_and_other_headings(write_file):
    headings = [
        "项目编码",
        "项目名称",
        "项目法人",
        "所在地区",
        "项目状态",
        "总投资(亿元)",
        "2026年1-9月完成投资（万元）",
    ]
    rows = [
        [
            "2024-230102-54-01-000010",
            "哈尔滨地铁三号线",
            "哈尔滨地铁集团",
            "哈尔滨市道里区",
            "在建",
            8.5,
            1234,
        ]
    ]
    job = run(write_file, xlsx_bytes(rows, headings=headings, title="黑龙江省重点项目", note=""))
    assert job.status == ImportJob.Status.SUCCEEDED, job.message
    project = Project.objects.get(national_code="2024-230102-54-01-000010")
    assert project.total_investment == Decimal("850000000.00")
    assert project.investment_completed_this_year == Decimal("12340000.00")
    assert project.owner == "哈尔滨地铁集团"
    assert project.region.code == "230102"


def test_all_or_nothing_rejects_the_whole_file(write_file):
    job = run(write_file, xlsx_bytes(GOOD + BAD), mode="all-or-nothing")
    assert job.status == ImportJob.Status.REJECTED
    assert Project.objects.count() == 0
    assert job.rejected_count == 5
    numbers = [number for number, _message in job.errors]
    assert numbers == [7, 8, 9, 10, 11]  # spreadsheet rows: title, note, header, then data
    messages = dict(job.errors)
    assert "219999 不存在" in messages[7]
    assert "格式错误" in messages[8]
    assert "与第 4 行重复" in messages[9]
    assert "在谈" in messages[10]
    assert "不是金额" in messages[11]
    assert not ProjectSummary.objects.exists()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(job.error_file.read())).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][:3] == ["行号", "错误原因", "序号"]
    assert [int(r[0]) for r in rows[1:]] == [7, 8, 9, 10, 11]


def test_valid_rows_mode_imports_the_good_ones_and_lists_the_bad(write_file):
    job = run(write_file, xlsx_bytes(GOOD + BAD), mode="valid-rows")
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.imported_count, job.rejected_count) == (3, 5)
    assert Project.objects.count() == 3
    assert job.error_file
    assert_summary_is_live()


def test_reimport_is_idempotent_and_changes_append_history(write_file):
    first = run(write_file, xlsx_bytes(GOOD), period="2026-09")
    again = run(write_file, xlsx_bytes(GOOD), period="2026-09")
    assert (again.imported_count, again.updated_count, again.unchanged_count) == (0, 0, 3)
    project = Project.objects.get(national_code="2024-210102-36-03-000001")
    assert project.updates.count() == 1

    changed = [
        row(
            1,
            "2024-210102-36-03-000001",
            name="沈阳汽车零部件产业园",
            total=12345.67,
            year=2400,
            cumulative=6200,
            stage="竣工",
        ),
        *GOOD[1:],
    ]
    later = run(write_file, xlsx_bytes(changed), period="2026-10")
    assert (later.imported_count, later.updated_count, later.unchanged_count) == (0, 1, 2)
    project.refresh_from_db()
    assert project.stage == Project.Stage.COMPLETED
    assert project.investment_completed_this_year == Decimal("24000000.00")
    history = list(project.updates.order_by("period_label"))
    assert [(u.period_label, u.stage, u.investment_completed_this_year) for u in history] == [
        ("2026-09", "continuing", Decimal("12005000.00")),
        ("2026-10", "completed", Decimal("24000000.00")),
    ]
    assert history[0].import_job_id == first.pk and history[1].import_job_id == later.pk
    assert_summary_is_live()


def test_large_import_paths_keep_the_summary_live(write_file, monkeypatch):
    """Above DETAIL_LIMIT: all-new rows are added from Python aggregates; otherwise the whole
    summary is recomputed. Both must equal the live GROUP BY."""
    monkeypatch.setattr(jobs, "DETAIL_LIMIT", 0)
    run(write_file, xlsx_bytes(GOOD[:2]))
    assert_summary_is_live()
    run(write_file, xlsx_bytes([GOOD[2]]))  # new rows into a non-empty library
    assert_summary_is_live()
    changed = [row(1, "2024-210102-36-03-000001", stage="停缓建", total=99), *GOOD[1:]]
    job = run(write_file, xlsx_bytes(changed))
    assert job.updated_count == 1
    assert_summary_is_live()


def test_csv_in_utf8_and_gb18030(write_file):
    job = run(write_file, csv_bytes(GOOD[:1]), name="list.csv")
    assert job.imported_count == 1, job.message
    job = run(write_file, csv_bytes(GOOD[1:], encoding="gb18030"), name="list-gbk.csv")
    assert job.imported_count == 2, job.message
    assert Project.objects.get(national_code="2024-210202-54-01-000002").name == "大连港集疏运铁路"


def test_audit_records_the_import_and_each_project(write_file, personas):
    with acting_as(user=personas.secretariat):
        job = run(write_file, xlsx_bytes(GOOD), user=personas.secretariat)
    summary = ChangeRecord.objects.get(content_type__model="importjob", object_id=str(job.pk))
    assert summary.user_id == personas.secretariat.pk
    assert summary.after["imported"] == 3 and summary.after["file"] == "projects.xlsx"
    records = ChangeRecord.objects.filter(
        content_type__model="project", reason__startswith=f"导入 #{job.pk}"
    )
    assert records.count() == 3
    assert {r.action for r in records} == {ChangeRecord.Action.CREATE}


def test_unit_imports_only_its_own_scope(write_file, personas):
    liaoning = personas.province_liaison
    job = run(write_file, xlsx_bytes(GOOD), mode="valid-rows", user=liaoning, unit=liaoning.unit)
    assert job.imported_count == 2
    assert [number for number, _m in job.errors] == [6]
    assert "不在本单位负责范围" in job.errors[0][1]
    assert (
        Project.objects.get(national_code="2024-210202-54-01-000002").responsible_unit
        == liaoning.unit
    )


def test_file_without_a_header_is_refused(write_file):
    with pytest.raises(ImportRefused, match="未找到表头"):
        run(write_file, xlsx_bytes([["a", "b"]], headings=["甲", "乙"]))


def zip_bomb() -> bytes:
    """A small .xlsx whose sheet unpacks to hundreds of megabytes of empty rows."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        body = b"<row/>" * (64 * 1024 * 1024 // 6)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            b"<worksheet><sheetData>" + body + b"</sheetData></worksheet>",
        )
    return output.getvalue()


def test_zip_bomb_is_refused_before_parsing(write_file):
    data = zip_bomb()
    assert len(data) < 1_000_000
    with pytest.raises(WorkbookError, match="压缩比异常"):
        check_workbook(write_file(data, "bomb.xlsx"), "bomb.xlsx")
    with pytest.raises(ImportRefused, match="压缩炸弹"):
        run(write_file, data, name="bomb.xlsx")


def test_huge_declared_dimensions_and_dtds_are_refused(write_file):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet><dimension ref="A1:XFD1048576"/><sheetData/></worksheet>',
        )
    with pytest.raises(WorkbookError, match="范围过大"):
        check_workbook(write_file(output.getvalue(), "wide.xlsx"), "wide.xlsx")
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><sst>&e;</sst>',
        )
    with pytest.raises(WorkbookError, match="DTD"):
        check_workbook(write_file(output.getvalue(), "entity.xlsx"), "entity.xlsx")
    with pytest.raises(WorkbookError, match="请上传"):
        check_workbook(write_file(b"MZ", "tool.exe"), "tool.exe")


def test_generated_list_imports_cleanly(tmp_path):
    from zhenxing.projects.generate import write_spreadsheet

    path = write_spreadsheet(tmp_path / "generated.xlsx", 300, invalid_every=100)
    job = import_file(path, mode="valid-rows")
    assert (job.imported_count, job.rejected_count) == (297, 3)
    assert all("不存在" in message for _n, message in job.errors)
    assert_summary_is_live()


def test_headings_constant_is_what_users_write():
    assert HEADINGS[1] == "项目代码"

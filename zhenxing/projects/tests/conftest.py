"""Fixtures for the project library: regions down to county, small spreadsheets, a signed-in
client per persona, and a few projects in Liaoning and Jilin."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Region, Unit, User
from zhenxing.projects.models import Project, funding_flags
from zhenxing.projects.services import county_regions_load_shipped, project_create
from zhenxing.testing import people, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package")

HEADINGS = [
    "序号",
    "项目代码",
    "项目名称",
    "建设单位",
    "建设地点",
    "行业",
    "建设阶段",
    "总投资（万元）",
    "年度计划投资（万元）",
    "本年完成投资（万元）",
    "累计完成投资（万元）",
    "资金来源",
    "计划开工时间",
]


def row(
    number,
    code,
    name="沈阳市某产业园项目",
    stage="续建",
    total=12345.6,
    annual=3000,
    year=1200.5,
    cumulative=5000,
    region="辽宁省沈阳市和平区",
    funding="中央预算内投资、专项债券",
    start=datetime.date(2025, 4, 1),
):
    return [
        number,
        code,
        name,
        "辽宁某建设投资有限公司",
        region,
        "制造业",
        stage,
        total,
        annual,
        year,
        cumulative,
        funding,
        start,
    ]


def xlsx_bytes(
    rows, *, headings=HEADINGS, title="2026年重点项目调度表", note="单位：万元"
) -> bytes:
    """A workbook as provinces send it: merged title row, a note row, then the header."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("项目表")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    line = 0
    if title:
        sheet.merge_range(0, 0, 0, len(headings) - 1, title)
        line += 1
    if note:
        sheet.merge_range(line, 0, line, len(headings) - 1, note)
        line += 1
    sheet.write_row(line, 0, headings)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    line + offset,
                    column,
                    datetime.datetime.combine(value, datetime.time()),
                    date_format,
                )
            elif isinstance(value, str):
                sheet.write_string(line + offset, column, value)
            elif value is not None:
                sheet.write_number(line + offset, column, value)
    workbook.close()
    return output.getvalue()


def csv_bytes(rows, *, headings=HEADINGS, encoding="utf-8-sig") -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(headings)
    for values in rows:
        writer.writerow(["" if value is None else value for value in values])
    return output.getvalue().encode(encoding)


def upload(data: bytes, name: str = "projects.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="package", autouse=True)
def counties(shipped_data, django_db_blocker):
    """The county-level regions, loaded once for the package inside its rolled-back transaction."""
    with django_db_blocker.unblock():
        county_regions_load_shipped()


@pytest.fixture
def regions(db):
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def units(db):
    return {unit.code: unit for unit in Unit.objects.all()}


@pytest.fixture
def write_file(tmp_path):
    def write(data: bytes, name: str = "projects.xlsx") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture
def sample_projects(regions, units):
    """Two Liaoning projects (Shenyang, Dalian) and one in Jilin (Changchun)."""
    with acting_as(user=User.objects.get(username="secretariat")):
        shenyang = project_create(
            national_code="2024-210102-36-03-000001",
            name="沈阳新能源汽车零部件产业园",
            owner="沈阳某汽车零部件有限公司",
            region=regions["210102"],
            industry="C",
            stage=Project.Stage.CONTINUING,
            total_investment=Decimal("1200000000"),
            annual_planned_investment=Decimal("300000000"),
            investment_completed_this_year=Decimal("120000000"),
            investment_completed_total=Decimal("500000000"),
            funding_sources=funding_flags(["central_budget", "special_bonds"]),
            actual_start=datetime.date(2024, 5, 1),
            responsible_unit=units["liaoning-drc"],
        )
        dalian = project_create(
            national_code="2025-210202-54-01-000002",
            name="大连湾海底隧道连接线",
            region=regions["210202"],
            industry="G",
            stage=Project.Stage.NEW_START,
            total_investment=Decimal("5000000000"),
            annual_planned_investment=Decimal("800000000"),
            funding_sources=funding_flags(["bank_loans"]),
        )
        changchun = project_create(
            national_code="2025-220102-44-02-000003",
            name="长春热电联产改造",
            region=regions["220102"],
            industry="D",
            stage=Project.Stage.SUSPENDED,
            total_investment=Decimal("300000000"),
            funding_sources=funding_flags(["own_funds"]),
        )
    return {"shenyang": shenyang, "dalian": dalian, "changchun": changchun}

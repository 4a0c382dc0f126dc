"""Key enterprises and their monthly figures from a workbook as a contact department keeps it:
one row per enterprise and month, Chinese headers in their common variants, a unit in a
heading (产值（亿元）) or in a 单位：万元 row above the table converted to the stored 万元.

    重点企业月度运行情况
    单位：万元
    企业名称 | 统一社会信用代码 | 月份 | 产值 | 营业收入 | 订单 | 用工人数 | 行业 | 企业规模 | 包联领导
    阜新德尔… | 91440300708461136T | 2026-03 | 1,234.5 | … | … | 320 | 制造业 | 大型 | 张副市长

An enterprise not yet registered is registered from the row (行业, 企业规模, 包联领导 and, for the
secretariat, 联系部门 are then needed); a registered one is matched by its credit code and its
filled particulars are updated. A unit imports only for enterprises it is the contact department
of; the secretariat for all of its mechanism's. All or nothing: every bad row is reported by
its spreadsheet row number with what is wrong, and nothing is saved unless every row is good.
"""

import datetime
import logging
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from zhenxing.audit.context import acting_as
from zhenxing.enterprises.models import Enterprise, EnterpriseImport
from zhenxing.enterprises.services import (
    ENTERPRISE_FIELDS,
    enterprise_register,
    enterprise_update,
    figure_report,
)
from zhenxing.enterprises.validators import validate_credit_code
from zhenxing.lib.jobs import TransientFailure, is_transient
from zhenxing.lib.money import UNIT_FACTORS, WAN, parse_amount
from zhenxing.lib.workbooks import (
    RowError,
    WorkbookError,
    check_workbook,
    open_sheet,
    stored_upload,
)
from zhenxing.orgs import access as org_access
from zhenxing.orgs.models import Region
from zhenxing.orgs.selectors import find_unit
from zhenxing.projects.models import Industry

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000
ERRORS_KEPT = 500
HEADER_SEARCH_ROWS = 15
# Field → the headings units write for it (compared without spaces and bracketed units).
HEADINGS = {
    "name": ("企业名称", "单位名称", "企业（单位）名称", "企业单位名称", "名称"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码"),
    "month": ("月份", "期间", "报告期", "所属月份", "统计月份"),
    "output_value": ("产值", "工业总产值", "总产值", "工业产值"),
    "revenue": ("营业收入", "主营业务收入", "营收"),
    "orders": ("订单", "订单金额", "在手订单", "新签订单"),
    "employment": ("用工人数", "从业人员", "从业人数", "用工", "职工人数"),
    "region": ("所在地区", "地区"),
    "industry": ("行业", "所属行业"),
    "size": ("企业规模", "规模"),
    "contact_unit": ("联系部门",),
    "liaison_official": ("包联领导",),
    "liaison_post": ("包联领导职务",),
    "responsible_leader": ("分管领导",),
}
MONEY_FIELDS = ("output_value", "revenue", "orders")
FIGURE_FIELDS = (*MONEY_FIELDS, "employment")
PARTICULARS = tuple(name for name in ENTERPRISE_FIELDS if name != "credit_code")
NEEDED_TO_REGISTER = ("name", "industry", "size", "liaison_official")
TEMPLATE_HEADERS = [
    "企业名称",
    "统一社会信用代码",
    "月份",
    "产值（万元）",
    "营业收入（万元）",
    "订单（万元）",
    "用工人数",
    "所在地区",
    "行业",
    "企业规模",
    "联系部门",
    "包联领导",
    "包联领导职务",
    "分管领导",
]
TEMPLATE_EXAMPLE = [
    "阜新示例机械制造有限公司",
    "91210900MA0XXXXXXX",
    "2026-03",
    1234.5,
    1100,
    860,
    320,
    "阜新市",
    "制造业",
    "中型",
    "阜新市工业和信息化局",
    "张三",
    "副市长",
    "李四",
]
_BRACKETED = re.compile(r"[（(]([^）)]*)[）)]")
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*(亿元|万元|元)")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))")
FEN = Decimal("0.01")


@dataclass
class ImportResult:
    registered: int = 0
    updated: int = 0
    figures: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Column:
    index: int
    unit: str = ""  # 元/万元/亿元 written in the heading, for money columns


def _heading(cell) -> tuple[str, str]:
    """(heading without spaces or bracketed parts, the bracketed unit if it is a money unit)."""
    text = re.sub(r"\s+", "", str(cell))
    units = [unit for unit in _BRACKETED.findall(text) if unit in UNIT_FACTORS]
    return _BRACKETED.sub("", text), (units[0] if units else "")


def find_columns(cells) -> dict[str, Column]:
    """The fields a header row names, by column; {} if it is no header row."""
    columns = {}
    for index, cell in enumerate(cells):
        heading, unit = _heading(cell)
        for name, headings in HEADINGS.items():
            if heading in headings and name not in columns:
                columns[name] = Column(index, unit)
    return columns if {"name", "credit_code"} <= set(columns) else {}


def parse_month(cell) -> datetime.date:
    """2026-03, 2026-3, 2026/03, 2026.03, 2026年3月, 202603 or a date cell → 2026-03-01."""
    if isinstance(cell, datetime.datetime | datetime.date):
        return datetime.date(cell.year, cell.month, 1)
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = re.sub(r"\s+", "", str(cell))
    match = _MONTH.fullmatch(text.removesuffix("月") if "年" not in text else text)
    if match:
        year, month = int(match.group(1)), int(match.group(2) or match.group(3))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    raise ValueError(f"月份“{cell}”无法识别（例：2026-03、2026年3月、202603）")


def parse_money(cell, unit: str) -> Decimal:
    """An amount in the column's unit (or one written in the cell) as 万元, to the fen."""
    try:
        yuan = parse_amount(cell, unit)
    except ValueError:
        raise ValueError(f"“{cell}”不是金额") from None
    if yuan is None:
        raise ValueError("未填写")
    if yuan < 0:
        raise ValueError("不能为负数")
    return (yuan / UNIT_FACTORS[WAN]).quantize(FEN, rounding=ROUND_HALF_UP)


def parse_count(cell) -> int:
    text = str(cell).strip().replace(",", "").replace("，", "").removesuffix("人")
    try:
        number = Decimal(text)
    except ArithmeticError:
        raise ValueError(f"“{cell}”不是人数") from None
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        raise ValueError(f"“{cell}”不是人数")
    return int(number)


class Lookups:
    """Regions, industries, sizes and units as the workbook names them."""

    def __init__(self):
        self.regions = {}
        for region in Region.objects.all():
            for name in (region.name, region.short_name):
                if name:
                    self.regions.setdefault(name, region)
        self.industries = {label: value for value, label in Industry.choices}
        self.industries |= {value: value for value in Industry.values}
        self.sizes = {label: value for value, label in Enterprise.Size.choices}
        self.sizes |= {f"{label}企业": value for value, label in Enterprise.Size.choices}
        self.units = {}

    def value(self, name: str, text: str):
        if name == "region":
            if text not in self.regions:
                raise ValueError(f"所在地区“{text}”不在行政区划表中")
            return self.regions[text]
        if name == "industry":
            if text.upper() not in self.industries and text not in self.industries:
                raise ValueError(f"行业“{text}”不是国民经济行业门类（如 制造业 或 C）")
            return self.industries.get(text) or self.industries[text.upper()]
        if name == "size":
            if text not in self.sizes:
                raise ValueError(f"企业规模“{text}”应为 大型、中型、小型 或 微型")
            return self.sizes[text]
        if name == "contact_unit":
            if text not in self.units:
                self.units[text] = find_unit(text)
            if self.units[text] is None:
                raise ValueError(f"联系部门“{text}”不在单位名录中")
            return self.units[text]
        return text[:200]


def _text(cells, column: Column | None) -> str:
    if column is None or column.index >= len(cells):
        return ""
    cell = cells[column.index]
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


@dataclass
class Run:
    """What the rows of one import share: who imports into which mechanism, the table's
    columns and unit, and what the rows before wrote (for duplicates and the counts)."""

    user: object
    mechanism: object
    lookups: Lookups
    columns: dict[str, Column] = field(default_factory=dict)
    default_unit: str = WAN
    outcomes: dict[str, str] = field(default_factory=dict)  # credit code → registered/updated
    months: dict[tuple, int] = field(default_factory=dict)  # (code, month) → row number

    def __post_init__(self):
        self.unit = org_access.acting_unit(self.user)
        self.secretariat = org_access.is_secretariat(self.user)
        self.enterprises = Enterprise.objects.filter(mechanism=self.mechanism)


def enterprises_import(*, path: Path, filename: str, user, mechanism) -> ImportResult:
    """Read and check every row, then register, update and report them in one transaction
    (the same services as the pages); any bad row and nothing is saved."""
    check_workbook(path, filename)
    sheet = open_sheet(path, filename)
    result, run = ImportResult(), Run(user, mechanism, Lookups())
    with transaction.atomic():
        for offset, row in enumerate(sheet.rows):
            number = sheet.first_row + offset
            if offset >= MAX_ROWS:
                raise WorkbookError(f"表格行数过多（上限 {MAX_ROWS} 行），请分批导入。")
            cells = list(row)
            if not any(str(cell).strip() for cell in cells):
                continue
            if not run.columns:
                note = _UNIT_NOTE.search(" ".join(str(cell) for cell in cells))
                if note:
                    run.default_unit = note.group(1)
                run.columns = find_columns(cells)
                if not run.columns and offset >= HEADER_SEARCH_ROWS:
                    break
                continue
            result.rows += 1
            for problem in _import_row(run, cells, number):
                result.errors.append(RowError(number, problem))
        if not run.columns:
            raise WorkbookError(
                "未找到表头：应有一行写明“企业名称”（或“单位名称”）和“统一社会信用代码”。"
            )
        if result.errors:
            transaction.set_rollback(True)
            return result
    outcomes = list(run.outcomes.values())
    result.registered = outcomes.count("registered")
    result.updated = outcomes.count("updated")
    result.figures = len(run.months)
    return result


def _figures(run: Run, cells) -> tuple[dict, list[str]]:
    """The row's four figures (money in 万元) and what is wrong with them."""
    figures, problems = {}, []
    for name in FIGURE_FIELDS:
        column = run.columns.get(name)
        cell = cells[column.index] if column and column.index < len(cells) else ""
        heading = HEADINGS[name][0]
        if not str(cell).strip():
            problems.append(f"{heading}：未填写")
            continue
        try:
            if name == "employment":
                figures[name] = parse_count(cell)
            else:
                figures[name] = parse_money(cell, column.unit or run.default_unit)
        except ValueError as error:
            problems.append(f"{heading}：{error}")
    return figures, problems


def _import_row(run: Run, cells, number: int) -> list[str]:
    """Check one row and write it (inside the import's transaction); the problems found."""
    code = _text(cells, run.columns.get("credit_code")).upper()
    if not code:
        return ["未填写统一社会信用代码"]
    try:
        validate_credit_code(code)
    except ValidationError as error:
        return error.messages
    problems, particulars = [], {}
    for name in PARTICULARS:
        text = _text(cells, run.columns.get(name))
        if text:
            try:
                particulars[name] = run.lookups.value(name, text)
            except ValueError as error:
                problems.append(str(error))
    month, figures = None, {}
    if _text(cells, run.columns.get("month")):
        try:
            month = parse_month(cells[run.columns["month"].index])
        except ValueError as error:
            problems.append(str(error))
        figures, wrong = _figures(run, cells)
        problems += wrong
    elif any(_text(cells, run.columns.get(name)) for name in FIGURE_FIELDS):
        problems.append("填写了运行数据但未填写月份")
    if month and (code, month) in run.months:
        problems.append(f"该企业{month:%Y-%m}的数据在第{run.months[(code, month)]}行已填写")
    enterprise = run.enterprises.filter(credit_code=code).first()
    problems += _permission_problems(run, enterprise, particulars)
    if enterprise is None and not problems:
        if not run.secretariat:
            particulars.setdefault("contact_unit", run.unit)
        missing = [
            name for name in (*NEEDED_TO_REGISTER, "contact_unit") if name not in particulars
        ]
        if missing:
            names = "、".join(HEADINGS[name][0] for name in missing)
            problems.append(f"该企业尚未登记，登记须填写：{names}")
    if problems:
        return problems
    try:
        _write(run, enterprise, code, particulars, month, figures)
    except ValidationError as error:
        return error.messages
    if month:
        run.months[(code, month)] = number
    return []


def _permission_problems(run: Run, enterprise, particulars) -> list[str]:
    """A unit imports only for the enterprises it is the contact department of."""
    if run.secretariat:
        return []
    problems = []
    if enterprise is not None and not (
        run.enterprises.filter(pk=enterprise.pk).contacted_by(run.unit).exists()
    ):
        problems.append("本单位不是该企业的联系部门，不能导入其数据")
    contact = particulars.get("contact_unit")
    if contact is not None and run.unit.pk not in (contact.pk, contact.parent_id):
        problems.append(f"联系部门“{contact.display_name}”不是本单位或本单位的内设机构")
    return problems


def _write(run: Run, enterprise, code: str, particulars: dict, month, figures: dict) -> None:
    if enterprise is None:
        enterprise = enterprise_register(mechanism=run.mechanism, credit_code=code, **particulars)
        run.outcomes[code] = "registered"
    else:
        changed = {
            name: value for name, value in particulars.items() if getattr(enterprise, name) != value
        }
        if changed:
            enterprise_update(enterprise=enterprise, **changed)
            run.outcomes.setdefault(code, "updated")
    if month:
        figure_report(enterprise=enterprise, user=run.user, month=month, **figures)


def inline_max_rows() -> int:
    """Tables up to this many rows are imported within the request; larger ones by the queue."""
    return getattr(settings, "ENTERPRISE_IMPORT_INLINE_MAX_ROWS", 1_000)


def enterprises_upload_import(*, upload, user, mechanism) -> ImportResult | EnterpriseImport:
    """Import an uploaded workbook now if it is small, else store it and put it on the queue
    (`enterprises.tasks.enterprise_import_run`); the queued import is returned for its page."""
    with stored_upload(upload) as path:
        check_workbook(path, upload.name)
        if open_sheet(path, upload.name).height <= inline_max_rows():
            return enterprises_import(
                path=path, filename=upload.name, user=user, mechanism=mechanism
            )
    from zhenxing.enterprises.tasks import enterprise_import_run

    upload.seek(0)
    job = EnterpriseImport(mechanism=mechanism, uploaded_by=user, original_name=upload.name[:255])
    job.file.save(Path(upload.name).name, File(upload), save=False)
    job.save()
    transaction.on_commit(lambda: enterprise_import_run.enqueue(job.pk))
    return job


def enterprise_import_execute(import_id: int, *, raise_transient: bool = False) -> EnterpriseImport:
    """Run a queued import to its end; bad data is the import's outcome, never an exception.
    With `raise_transient`, a transient database failure (its transaction rolled back, nothing
    written) puts the import back in the queue's state and raises `TransientFailure`."""
    claimed = EnterpriseImport.objects.filter(
        pk=import_id, status=EnterpriseImport.Status.QUEUED
    ).update(status=EnterpriseImport.Status.RUNNING)
    job = EnterpriseImport.objects.select_related("uploaded_by", "mechanism").get(pk=import_id)
    if not claimed:
        return job
    status, message, result = EnterpriseImport.Status.FAILED, "", None
    try:
        with acting_as(user=job.uploaded_by), job.file.open("rb") as stored:
            with stored_upload(stored, job.original_name) as path:
                result = enterprises_import(
                    path=path,
                    filename=job.original_name,
                    user=job.uploaded_by,
                    mechanism=job.mechanism,
                )
    except WorkbookError as error:
        message = str(error)
    except Exception as error:
        if raise_transient and is_transient(error):
            EnterpriseImport.objects.filter(pk=job.pk).update(status=EnterpriseImport.Status.QUEUED)
            raise TransientFailure(str(error)) from error
        logger.exception("enterprise import %s failed", job.pk)
        message = f"导入失败：{error}"[:300]
    if result is not None:
        status = (
            EnterpriseImport.Status.REFUSED if result.errors else EnterpriseImport.Status.SUCCEEDED
        )
        job.result = {
            "rows": result.rows,
            "registered": result.registered,
            "updated": result.updated,
            "figures": result.figures,
            "errors": [{"row": e.row, "message": e.message} for e in result.errors[:ERRORS_KEPT]],
            "error_count": len(result.errors),
        }
    job.status, job.message, job.finished_at = status, message, timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at"])
    return job


def enterprise_import_fail_dead(import_id: int) -> None:
    """The worker running the import died: say so, so that the uploader imports it again."""
    EnterpriseImport.objects.filter(pk=import_id).exclude(
        status__in=EnterpriseImport.FINISHED
    ).update(
        status=EnterpriseImport.Status.FAILED,
        message="导入进程中断，未导入任何数据，请重新上传。",
        finished_at=timezone.now(),
    )

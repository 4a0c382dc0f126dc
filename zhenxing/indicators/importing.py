"""Statistics tables as provinces and statistics bureaux send them: one indicator, regions as
rows and periods as columns, a merged title row, a unit note (单位：万元), notes rows under the
table. Each bad row is reported by its spreadsheet row number; all-or-nothing by default.

    2026年主要经济指标（地区生产总值）
    单位：亿元
    地区    | 2026年1—3月 | 2026年1—6月 | 2026年1—9月
    全国    | 318758      | 660536      | 1015036
    辽宁省  | 7088.1      | 14781.6     | 23049.2
    注：按现价计算。
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from zhenxing.indicators.models import Indicator, Observation
from zhenxing.indicators.periods import observation_period
from zhenxing.indicators.services import NATIONAL_NAMES, UNIT_FACTORS, observation_record
from zhenxing.lib.workbooks import (
    RowError,
    WorkbookError,
    check_workbook,
    open_sheet,
    stored_upload,
)
from zhenxing.orgs.models import Region

MAX_ROWS = 5_000
NOTE_PREFIXES = ("注", "说明", "资料来源", "数据来源", "备注", "*", "※")
EMPTY_MARKS = {"", "-", "—", "–", "…", "...", "／", "/", "x", "X", "—/—"}
_UNIT_NOTE = re.compile(r"单位\s*[:：]\s*([^\s，,；;)）]+)")
_CHINESE_PERIOD = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?:"
    r"(?P<first>\d{1,2})\s*(?:月\s*)?[—\-－~～至到]+\s*(?P<last>\d{1,2})\s*月"
    r"|第?(?P<quarter>[一二三四1-4])\s*季度"
    r"|(?P<half>[上下])半年"
    r"|前(?P<quarters>[一二三四1-4])季度"
    r"|(?P<month>\d{1,2})\s*月"
    r"|(?P<whole>全年)?)\s*(?:累计)?$"
)
_NUMERAL = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass
class ImportResult:
    created: int = 0
    revised: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    unit_note: str = ""

    @property
    def written(self) -> int:
        return self.created + self.revised


def header_period(text) -> str | None:
    """A column heading as a period label, or None: 2026年1—9月 → 2026-01/2026-09,
    2026年第三季度 → 2026Q3, 2026年9月 → 2026-09, 2026年 → 2026, 2026Q3 and 2026-09 as they are."""
    if isinstance(text, (datetime.date, datetime.datetime)):
        return f"{text.year}-{text.month:02d}"
    if isinstance(text, float) and text.is_integer():
        text = str(int(text))
    heading = re.sub(r"\s+", "", str(text)).replace("（", "(").replace("）", ")")
    heading = re.sub(r"\(.*?\)", "", heading)
    if not heading:
        return None
    match = _CHINESE_PERIOD.match(heading)
    if match and match.group("year"):
        year = int(match.group("year"))
        if match.group("first"):
            return f"{year}-{int(match.group('first')):02d}/{year}-{int(match.group('last')):02d}"
        if match.group("quarter"):
            return f"{year}Q{_NUMERAL[match.group('quarter')]}"
        if match.group("half"):
            return f"{year}H{1 if match.group('half') == '上' else 2}"
        if match.group("quarters"):
            return f"{year}-01/{year}-{3 * _NUMERAL[match.group('quarters')]:02d}"
        if match.group("month"):
            return f"{year}-{int(match.group('month')):02d}"
        return str(year)
    try:
        label, _start, _end = observation_period(heading)
    except ValueError:
        return None
    return label


def parse_number(cell) -> Decimal | None:
    """A cell as a number; None for the marks tables use for "no data"; ValueError otherwise."""
    if isinstance(cell, bool):
        raise ValueError("不是数值")
    if isinstance(cell, (int, float)):
        return Decimal(str(cell))
    text = str(cell).strip().replace(",", "").replace("，", "").replace(" ", "")
    if text in EMPTY_MARKS:
        return None
    text = text.removesuffix("%")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{cell}”不是数值") from None


class RegionNames:
    """Region names as tables write them: 辽宁省, 辽宁, 沈阳市, 沈阳; 全国 for the country."""

    def __init__(self):
        self.by_name = {}
        for region in Region.objects.all():
            for name in (region.name, region.short_name, region.english_name.lower()):
                if name:
                    self.by_name.setdefault(name, region)

    def find(self, text) -> tuple[bool, Region | None]:
        """(known, region); the country is (True, None)."""
        name = re.sub(r"\s+", "", str(text)).strip("*#※")
        if name.lower() in NATIONAL_NAMES:
            return True, None
        region = self.by_name.get(name) or self.by_name.get(name.lower())
        return region is not None, region


def scale_for(note: str, indicator: Indicator) -> Decimal:
    """Factor from the table's unit to the indicator's (万元 table, 亿元 indicator → 1/10000)."""
    if note not in UNIT_FACTORS or indicator.unit not in UNIT_FACTORS:
        return Decimal(1)
    return UNIT_FACTORS[note] / UNIT_FACTORS[indicator.unit]


def discrete_periods(values: dict[str, Decimal]) -> dict[str, Decimal]:
    """Year-to-date values (2026-01/2026-03, 2026-01/2026-06, …) as the values of each step:
    2026Q1, 2026Q2, … (a month for one-month steps, a range for any other step)."""
    by_year: dict[int, list[tuple[datetime.date, str, Decimal]]] = {}
    for label, value in values.items():
        _normalised, start, end = observation_period(label)
        by_year.setdefault(start.year, []).append((end, label, value))
    result = {}
    for year, items in by_year.items():
        previous_end, previous_value = datetime.date(year, 1, 1) - datetime.timedelta(days=1), 0
        for end, _label, value in sorted(items):
            first = previous_end + datetime.timedelta(days=1)
            months = end.month - first.month + 1
            if months == 1:
                label = f"{year}-{end.month:02d}"
            elif months == 3 and end.month % 3 == 0:
                label = f"{year}Q{end.month // 3}"
            else:
                label = f"{year}-{first.month:02d}/{year}-{end.month:02d}"
            result[label] = value - previous_value
            previous_end, previous_value = end, value
    return result


def statistics_table_import(
    *,
    path: Path,
    filename: str,
    indicator: Indicator,
    vintage: str = Observation.Vintage.PRELIMINARY,
    all_or_nothing: bool = True,
    to_period_values: bool = False,
    user=None,
) -> ImportResult:
    """Read the table, check every row, then record its values (observation_record each)."""
    check_workbook(path, filename)
    sheet = open_sheet(path, filename)
    if to_period_values and indicator.measure not in (
        Indicator.Measure.LEVEL,
        Indicator.Measure.COUNT,
    ):
        raise WorkbookError("增速、比重类指标不能由累计值换算为当期值。")
    result = ImportResult()
    header, columns, unit = None, {}, ""
    names = RegionNames()
    checked: list[tuple[int, Region | None, dict[str, Decimal]]] = []
    for offset, row in enumerate(sheet.rows):
        number = sheet.first_row + offset
        if offset >= MAX_ROWS:
            raise WorkbookError(f"表格行数过多（上限 {MAX_ROWS} 行）。")
        cells = list(row)
        first = str(cells[0]).strip() if cells else ""
        joined = " ".join(str(cell) for cell in cells if str(cell).strip())
        if not joined:
            continue
        note = _UNIT_NOTE.search(joined)
        if note and header is None:
            unit = note.group(1)
        if header is None:
            filled = [i for i, cell in enumerate(cells) if i > 0 and str(cell).strip()]
            found = {i: header_period(cells[i]) for i in filled}
            found = {i: label for i, label in found.items() if label}
            if found and 2 * len(found) >= len(filled) and not names.find(first)[0]:
                header, columns = number, found
            continue
        if first.startswith(NOTE_PREFIXES):
            continue
        known, region = names.find(first)
        if not known:
            result.errors.append(RowError(number, f"无法识别的地区“{first}”"))
            continue
        values, problems = {}, []
        for index, label in columns.items():
            cell = cells[index] if index < len(cells) else ""
            try:
                value = parse_number(cell)
            except ValueError as error:
                problems.append(f"{label}：{error}")
                continue
            if value is not None:
                values[label] = value * scale_for(unit, indicator)
        if problems:
            result.errors.append(RowError(number, "；".join(problems)))
            continue
        checked.append((number, region, values))
    if header is None:
        raise WorkbookError("未找到期间表头：应有一行列出各期间，如“2026年1—3月”“2026年第三季度”。")
    result.unit_note = unit
    result.rejected = len(result.errors)
    if result.errors and all_or_nothing:
        return result
    with transaction.atomic():
        for _number, region, values in checked:
            if to_period_values:
                values = discrete_periods(values)
            for label, value in values.items():
                recorded = observation_record(
                    indicator=indicator,
                    region=region,
                    period=label,
                    value=value,
                    vintage=vintage,
                    source_kind=Observation.SourceKind.STATISTICS_TABLE,
                    source_reference=filename,
                    user=user,
                )
                setattr(result, recorded.outcome, getattr(result, recorded.outcome) + 1)
    return result


def statistics_upload_import(*, upload, **options) -> ImportResult:
    """The same from an uploaded file."""
    with stored_upload(upload) as path:
        return statistics_table_import(path=path, filename=upload.name, **options)

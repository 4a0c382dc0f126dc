"""Turning spreadsheet rows into checked rows for the staging table, or into error messages.

This is the hot loop of the import (a million rows in seconds), so values seen once (region
names, stages, units, funding texts, date strings) are resolved once and cached, and the common
case (a well-formed code, numbers as numbers) takes the shortest path.
"""

import datetime
import re
import unicodedata
from decimal import Decimal

from zhenxing.lib.money import UNIT_FACTORS, WAN, parse_amount
from zhenxing.orgs.models import Unit
from zhenxing.orgs.selectors import UnitNameIndex
from zhenxing.projects.codes import (
    DIVISION_SECTIONS,
    FIRST_YEAR,
    CodeError,
    RegionDirectory,
    parse_national_code,
)
from zhenxing.projects.importing.columns import DATE_FIELDS, MONEY_FIELDS
from zhenxing.projects.models import (
    FUNDING_BITS,
    FundingSource,
    Industry,
    Project,
    SigningEvent,
)

# The staging table's columns, in the order rows are built.
STAGING_COLUMNS = (
    "national_code",
    "name",
    "owner",
    "region_id",
    "province_code",
    "prefecture_code",
    "industry",
    "industry_written",
    "stage",
    "total_investment",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
    "funding_sources",
    "planned_start",
    "actual_start",
    "planned_completion",
    "actual_completion",
    "responsible_unit_id",
    "signing_event_id",
)
STAGE_WORDS = {
    Project.Stage.RESERVE: ["储备", "谋划", "储备项目", "谋划储备"],
    Project.Stage.PRELIMINARY: ["前期", "前期工作", "前期项目", "拟建", "待开工"],
    Project.Stage.NEW_START: ["新开工", "新建", "计划新开工", "新开工项目", "已开工"],
    Project.Stage.CONTINUING: ["续建", "在建", "续建项目", "在建项目", "建设中"],
    Project.Stage.COMPLETED: ["竣工", "建成", "完工", "竣工投产", "建成投产", "已竣工"],
    Project.Stage.SUSPENDED: ["停缓建", "停建", "缓建", "停工", "暂停"],
    Project.Stage.RESUMED: ["复工", "复建", "恢复建设", "已复工"],
}
INDUSTRY_WORDS = {
    Industry.AGRICULTURE: ["农业", "农林牧渔", "农林牧渔业", "现代农业", "农业农村"],
    Industry.MINING: ["采矿", "矿业", "煤炭"],
    Industry.MANUFACTURING: ["工业", "制造", "先进制造业", "装备制造", "产业"],
    Industry.UTILITIES: ["能源", "电力", "新能源", "热力", "燃气", "供水"],
    Industry.CONSTRUCTION: ["建筑", "建筑业"],
    Industry.TRADE: ["商贸", "批发零售", "商贸流通"],
    Industry.TRANSPORT: ["交通", "交通运输", "物流", "仓储物流", "铁路", "公路", "机场"],
    Industry.HOSPITALITY: ["住宿餐饮"],
    Industry.INFORMATION: ["信息", "数字经济", "新型基础设施", "新基建", "信息化", "通信"],
    Industry.FINANCE: ["金融"],
    Industry.REAL_ESTATE: ["房地产", "保障性住房", "住房"],
    Industry.BUSINESS_SERVICES: ["商务服务", "园区"],
    Industry.RESEARCH: ["科技", "科研", "科技创新", "研发"],
    Industry.WATER_ENVIRONMENT: ["水利", "生态环保", "环保", "城建", "市政", "城市更新", "生态"],
    Industry.RESIDENT_SERVICES: ["居民服务"],
    Industry.EDUCATION: ["教育"],
    Industry.HEALTH: ["卫生", "医疗", "卫生健康", "养老", "社会工作"],
    Industry.CULTURE: ["文化", "旅游", "文旅", "体育", "文化旅游"],
    Industry.PUBLIC_ADMINISTRATION: ["社会事业", "公共服务", "社会保障"],
}
FUNDING_WORDS = {
    FundingSource.CENTRAL_BUDGET: ["中央预算内", "中央预算内投资", "中央预算内资金", "中央资金"],
    FundingSource.SPECIAL_BONDS: ["专项债", "专项债券", "地方政府专项债", "地方政府专项债券"],
    FundingSource.TREASURY_BONDS: ["超长期特别国债", "特别国债", "国债"],
    FundingSource.LOCAL_BUDGET: ["地方财政", "财政资金", "省级财政", "市级财政", "地方配套"],
    FundingSource.POLICY_FINANCE: ["政策性开发性金融", "政策性金融", "政策性开发性金融工具"],
    FundingSource.BANK_LOANS: ["银行贷款", "贷款", "银行融资", "融资"],
    FundingSource.OWN_FUNDS: ["企业自筹", "自筹", "自有资金", "自筹资金", "企业自有资金"],
    FundingSource.FOREIGN_CAPITAL: ["外资", "外商投资", "利用外资"],
}
_FUNDING_SPLIT = re.compile(r"[、,，;；/|+＋\s]+|和|及")
_DATE_TEXT = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2}))?")
_CODE_MATCH = re.compile(r"([0-9]{4})-([0-9]{6})-([0-9]{2})-[0-9]{2}-[0-9]{6}").fullmatch
_ROW_FIELDS = (
    "national_code",
    "name",
    "owner",
    "region",
    "industry",
    "stage",
    *MONEY_FIELDS,
    "funding_sources",
    *DATE_FIELDS,
    "responsible_unit",
    "signing_event",
)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
SECTION_OF = {division: section.value for division, section in DIVISION_SECTIONS.items()}


def _norm(value) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()) if value else ""


def _word_table(words: dict) -> dict[str, str]:
    """Written word → choice value (a plain str: database drivers adapt enums differently)."""
    table = {}
    for key, names in words.items():
        table[_norm(key.label)] = key.value
        for name in names:
            table[_norm(name)] = key.value
    return table


class RowChecker:
    """Checks rows against one mapping, one region directory and one importer's scope."""

    def __init__(
        self,
        *,
        columns: dict[int, str],
        money_units: dict[str, str],
        scope_unit: Unit | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.columns = columns
        self.present = set(columns.values())
        self.factors = [float(UNIT_FACTORS[money_units.get(key) or WAN]) for key in MONEY_FIELDS]
        self.units = {key: money_units.get(key) or WAN for key in MONEY_FIELDS}
        self.directory = RegionDirectory()
        self.last_year = (today or datetime.date.today()).year + 1
        self.stages = _word_table(STAGE_WORDS)
        self.industries = _word_table(INDUSTRY_WORDS)
        self.funding_words = _word_table(FUNDING_WORDS)
        self.unit_index = UnitNameIndex() if "responsible_unit" in self.present else None
        self.events = {
            _norm(name): pk for pk, name in SigningEvent.objects.values_list("pk", "name")
        }
        self.region_cache: dict[tuple[str, str], object] = {}
        self.funding_cache: dict[str, int] = {}
        self.date_cache: dict[str, datetime.date | None] = {}
        self.unit_cache: dict[str, int | None] = {}
        self.seen: dict[str, int] = {}
        self.scope_unit = scope_unit
        self.scope_prefix = ""
        self.scope_unit_ids: set[int] = set()
        if scope_unit is not None:
            top = scope_unit.top_unit()
            self.default_unit_id = top.pk
            self.scope_unit_ids = {top.pk, *top.departments.values_list("pk", flat=True)}
            region_code = top.region.code if top.region_id else ""
            self.scope_prefix = _region_prefix(region_code) if region_code else ""
        else:
            self.default_unit_id = None
        self.width = (max(columns) + 1) if columns else 0
        index_of = {key: index for index, key in columns.items()}
        # The positions of every field in the row; absent fields read the appended empty cell.
        self.positions = tuple(index_of.get(key, -1) for key in _ROW_FIELDS)
        self.regions_by_code = self.directory.by_code
        self.stage_cache: dict = {}
        self.industry_cache: dict = {}

    # -- one row -----------------------------------------------------------------------------
    def check(self, row: list, row_number: int):
        """A staging tuple, or a string naming what is wrong with the row.

        Written out long-hand: this runs a million times per large import.
        """
        if len(row) < self.width:
            row = list(row) + [""] * (self.width - len(row))
        row.append("")  # absent optional columns read this empty cell (index -1)
        (
            i_code,
            i_name,
            i_owner,
            i_region,
            i_industry,
            i_stage,
            i_total,
            i_annual,
            i_year,
            i_cumulative,
            i_funding,
            i_planned_start,
            i_actual_start,
            i_planned_completion,
            i_actual_completion,
            i_unit,
            i_event,
        ) = self.positions

        code = row[i_code]
        code = code.strip() if code.__class__ is str else _norm(code)
        match = _CODE_MATCH(code)
        if match is None:
            return self._code_error(code)
        region = self.regions_by_code.get(match[2])
        if (
            region is None
            or match[3] not in DIVISION_SECTIONS
            or not (FIRST_YEAR <= int(match[1]) <= self.last_year)
        ):
            return self._code_error(code)
        first = self.seen.setdefault(code, row_number)
        if first != row_number:
            return f"项目代码 {code} 与第 {first} 行重复"

        name = row[i_name]
        name = name.strip() if name.__class__ is str else _norm(name)
        if not name:
            return "项目名称为空"
        if len(name) > 200:
            return "项目名称超过200字"
        owner = row[i_owner]
        owner = owner.strip()[:200] if owner.__class__ is str else _norm(owner)[:200]

        written = row[i_region]
        if written:
            key = (written, region.province_code)
            found = self.region_cache.get(key, False)
            if found is False:
                found = self.directory.find_name(str(written), within=region.province_code)
                self.region_cache[key] = found
            if found is not None:
                region = found

        industry_written = row[i_industry]
        if industry_written:
            industry = self.industry_cache.get(industry_written)
            if industry is None:
                text = _norm(industry_written)[:60]
                industry = self.industry_cache[industry_written] = (
                    self.industries.get(text, ""),
                    text,
                )
            industry, industry_written = industry
            industry = industry or SECTION_OF[match[3]]
        else:
            industry, industry_written = SECTION_OF[match[3]], ""

        stage_text = row[i_stage]
        stage = self.stage_cache.get(stage_text)
        if stage is None:
            stage = self.stages.get(_norm(stage_text)) if stage_text else None
            if stage is None:
                return f"建设阶段“{stage_text}”无法识别（储备、前期、新开工、续建、竣工、停缓建、复工）"
            self.stage_cache[stage_text] = stage

        factors = self.factors
        value = row[i_total]
        if value.__class__ is float:
            total = round(value * factors[0], 2)
        elif value == "" or value is None:
            return "总投资为空"
        else:
            total = self._amount(value, 0)
            if total.__class__ is str:
                return total
        value = row[i_annual]
        annual = (
            round(value * factors[1], 2) if value.__class__ is float else self._amount(value, 1)
        )
        if annual.__class__ is str:
            return annual
        value = row[i_year]
        this_year = (
            round(value * factors[2], 2) if value.__class__ is float else self._amount(value, 2)
        )
        if this_year.__class__ is str:
            return this_year
        value = row[i_cumulative]
        cumulative = (
            round(value * factors[3], 2) if value.__class__ is float else self._amount(value, 3)
        )
        if cumulative.__class__ is str:
            return cumulative
        if total < 0 or annual < 0 or this_year < 0 or cumulative < 0:
            return "投资额不能为负数"
        if total >= 1e16 or annual >= 1e16 or this_year >= 1e16 or cumulative >= 1e16:
            return "投资额过大"

        funding_text = row[i_funding]
        flags = 0
        if funding_text:
            flags = self.funding_cache.get(funding_text)
            if flags is None:
                flags = self.funding_cache[funding_text] = self._funding(str(funding_text))

        # Dates, unrolled: calamine gives date cells as datetime.date, empty cells as "".
        planned_start = row[i_planned_start]
        if planned_start.__class__ is datetime.date:
            planned_start = planned_start.isoformat()
        elif planned_start == "" or planned_start is None:
            planned_start = None
        else:
            planned_start = self._date_text(planned_start, "计划开工日期")
            if planned_start[0] == "!":
                return planned_start[1:]
        actual_start = row[i_actual_start]
        if actual_start.__class__ is datetime.date:
            actual_start = actual_start.isoformat()
        elif actual_start == "" or actual_start is None:
            actual_start = None
        else:
            actual_start = self._date_text(actual_start, "实际开工日期")
            if actual_start[0] == "!":
                return actual_start[1:]
        planned_completion = row[i_planned_completion]
        if planned_completion.__class__ is datetime.date:
            planned_completion = planned_completion.isoformat()
        elif planned_completion == "" or planned_completion is None:
            planned_completion = None
        else:
            planned_completion = self._date_text(planned_completion, "计划竣工日期")
            if planned_completion[0] == "!":
                return planned_completion[1:]
        actual_completion = row[i_actual_completion]
        if actual_completion.__class__ is datetime.date:
            actual_completion = actual_completion.isoformat()
        elif actual_completion == "" or actual_completion is None:
            actual_completion = None
        else:
            actual_completion = self._date_text(actual_completion, "实际竣工日期")
            if actual_completion[0] == "!":
                return actual_completion[1:]

        unit_id = None
        unit_text = row[i_unit]
        if unit_text:
            unit_id = self.unit_cache.get(unit_text, False)
            if unit_id is False:
                ids = self.unit_index.resolve_ids(
                    str(unit_text).strip(), region_code=region.province_code
                )
                unit_id = self.unit_cache[unit_text] = ids[0] if ids else None
            if unit_id is None:
                return f"责任单位“{unit_text}”不在单位名录中"
        event_id = None
        event_text = row[i_event]
        if event_text:
            event_id = self.events.get(_norm(event_text))
            if event_id is None:
                return f"签约活动“{event_text}”尚未登记"

        if self.scope_unit is not None:
            inside = self.scope_prefix and region.code.startswith(self.scope_prefix)
            if not inside and unit_id not in self.scope_unit_ids:
                return "项目不在本单位负责范围内（地区或责任单位）"
            if unit_id is None:
                unit_id = self.default_unit_id

        return (
            code,
            name,
            owner,
            region.id,
            region.province_code,
            region.prefecture_code,
            industry,
            industry_written,
            stage,
            total,
            annual,
            this_year,
            cumulative,
            flags,
            planned_start,
            actual_start,
            planned_completion,
            actual_completion,
            unit_id,
            event_id,
        )

    def _amount(self, value, position: int):
        """Slow path for a money cell that is not a float: a number in `position`'s unit, or
        the error message."""
        key = MONEY_FIELDS[position]
        if value is None or value == "":
            return 0
        if value.__class__ is int:
            return round(value * self.factors[position], 2)
        try:
            amount = parse_amount(value, self.units[key])
        except ValueError:
            return f"{_MONEY_LABELS[key]}“{value}”不是金额"
        # Rounded to the fen, a float holds any amount below ten trillion yuan exactly enough.
        return float(amount) if amount else 0

    # -- helpers -----------------------------------------------------------------------------
    def _code_error(self, code: str) -> str:
        if not code:
            return "项目代码为空"
        try:
            parse_national_code(code, directory=self.directory)
        except CodeError as error:
            return str(error)
        return f"项目代码“{code}”无效"

    def _date_text(self, value, label: str) -> str:
        """An ISO date, or "!" and the message (the slow path for dates written as text)."""
        day = self._date(value)
        if day is False:
            return f"!{label}“{value}”不是日期"
        return day.isoformat()

    def _funding(self, text: str) -> int:
        flags = 0
        for token in _FUNDING_SPLIT.split(_norm(text)):
            token = re.sub(r"[0-9.]+(万元|亿元|元|万|亿)?$", "", token)
            if not token:
                continue
            source = self.funding_words.get(token)
            if source is None:
                source = next(
                    (
                        s
                        for word, s in self.funding_words.items()
                        if len(word) > 1 and word in token
                    ),
                    FundingSource.OTHER,
                )
            flags |= FUNDING_BITS[source]
        return flags

    def _date(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 20000 < value < 80000:  # an Excel serial day number
                return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
            return False
        text = str(value).strip()
        if text in self.date_cache:
            return self.date_cache[text]
        match = _DATE_TEXT.match(unicodedata.normalize("NFKC", text))
        day = False
        if match:
            try:
                day = datetime.date(int(match[1]), int(match[2]), int(match[3] or 1))
            except ValueError:
                day = False
        self.date_cache[text] = day
        return day


def _region_prefix(code: str) -> str:
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


_MONEY_LABELS = {
    "total_investment": "总投资",
    "annual_planned_investment": "年度计划投资",
    "investment_completed_this_year": "本年完成投资",
    "investment_completed_total": "累计完成投资",
}
_DATE_LABELS = {
    "planned_start": "计划开工日期",
    "actual_start": "实际开工日期",
    "planned_completion": "计划竣工日期",
    "actual_completion": "实际竣工日期",
}
ZERO = Decimal(0)

"""The column headings users actually write, and finding the header row under merged titles."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from zhenxing.lib.money import WAN, YI, YUAN

# Field key → (label, the headings written for it after normalisation).
FIELDS = {
    "national_code": (
        _("项目代码"),
        [
            "项目代码",
            "项目编码",
            "国家项目代码",
            "项目统一代码",
            "统一项目代码",
            "项目赋码",
            "代码",
        ],
    ),
    "name": (_("项目名称"), ["项目名称", "名称", "项目"]),
    "owner": (
        _("建设单位"),
        ["建设单位", "项目法人", "项目单位", "业主单位", "项目业主", "实施单位", "项目法人单位"],
    ),
    "region": (
        _("所在地区"),
        ["所在地区", "建设地点", "项目所在地", "所在地", "地区", "所在县区", "县区", "所在市县"],
    ),
    "industry": (
        _("行业"),
        [
            "行业",
            "所属行业",
            "行业类别",
            "行业分类",
            "国民经济行业",
            "产业类别",
            "所属领域",
            "领域",
        ],
    ),
    "stage": (
        _("建设阶段"),
        ["建设阶段", "项目状态", "建设状态", "项目阶段", "建设性质", "项目性质", "项目进展阶段"],
    ),
    "total_investment": (_("总投资"), ["总投资", "计划总投资", "项目总投资", "总投资额"]),
    "annual_planned_investment": (
        _("年度计划投资"),
        [
            "年度计划投资",
            "本年计划投资",
            "年计划投资",
            "计划投资",
            "年度投资计划",
            "本年度计划投资",
        ],
    ),
    "investment_completed_this_year": (
        _("本年完成投资"),
        ["本年完成投资", "年度完成投资", "本年度完成投资", "完成投资", "本年累计完成投资"],
    ),
    "investment_completed_total": (
        _("累计完成投资"),
        ["累计完成投资", "开工累计完成投资", "自开工累计完成投资", "累计完成", "至今累计完成投资"],
    ),
    "funding_sources": (_("资金来源"), ["资金来源", "资金渠道", "资金构成", "资金筹措"]),
    "planned_start": (_("计划开工日期"), ["计划开工时间", "计划开工日期", "计划开工"]),
    "actual_start": (_("实际开工日期"), ["实际开工时间", "实际开工日期", "开工时间", "开工日期"]),
    "planned_completion": (
        _("计划竣工日期"),
        ["计划竣工时间", "计划竣工日期", "计划完工时间", "计划建成时间", "计划竣工"],
    ),
    "actual_completion": (
        _("实际竣工日期"),
        ["实际竣工时间", "实际竣工日期", "竣工时间", "竣工日期", "建成时间"],
    ),
    "responsible_unit": (
        _("责任单位"),
        ["责任单位", "牵头单位", "主管部门", "包保单位", "责任部门", "行业主管部门"],
    ),
    "signing_event": (_("签约活动"), ["签约活动", "签约平台", "签约会议", "签约活动名称"]),
}
MONEY_FIELDS = (
    "total_investment",
    "annual_planned_investment",
    "investment_completed_this_year",
    "investment_completed_total",
)
DATE_FIELDS = ("planned_start", "actual_start", "planned_completion", "actual_completion")
REQUIRED_FIELDS = ("national_code", "name", "stage", "total_investment")
HEADER_SEARCH_ROWS = 30

_LOOKUP = {heading: key for key, (_label, headings) in FIELDS.items() for heading in headings}
_UNIT_IN_HEADING = re.compile(r"[（(]\s*(亿元|万元|元)\s*[)）]|(亿元|万元)$")
_NOISE = re.compile(
    r"[（(][^）)]*[）)]"  # parenthesised notes: （万元）, (必填), （年-月）
    r"|^\d{4}年度?|^本?年?\d{1,2}\s*[-—~～至]\s*\d{1,2}月份?|^\d{1,2}月份?末?|[*＊:：\s]"
)


def field_choices() -> list[tuple[str, str]]:
    return [("", _("（不导入）"))] + [(key, label) for key, (label, _h) in FIELDS.items()]


def normalise_heading(value) -> tuple[str, str]:
    """(the heading's key text, the money unit it names or "")."""
    text = "".join(str(value or "").split())
    match = _UNIT_IN_HEADING.search(text)
    unit = (match.group(1) or match.group(2)) if match else ""
    key, previous = _NOISE.sub("", text), text
    while key != previous:  # "2026年1-9月完成投资": each pass strips one leading period
        key, previous = _NOISE.sub("", key), key
    if unit and key.endswith(unit):
        key = key[: -len(unit)]
    return key.strip("·-_/"), unit


def field_for_heading(value) -> tuple[str, str]:
    """(field key or "", money unit or "") for one heading cell."""
    key, unit = normalise_heading(value)
    if not key:
        return "", ""
    found = _LOOKUP.get(key, "")
    if not found and key.endswith(("万元", "亿元")):
        found = _LOOKUP.get(key[:-2], "")
    return found, unit


@dataclass
class ColumnMapping:
    """Where the header is and what each column holds (`columns[index] = field key`)."""

    header_index: int
    headings: list[str]
    columns: dict[int, str] = field(default_factory=dict)
    money_units: dict[str, str] = field(default_factory=dict)

    def missing_required(self) -> list[str]:
        present = set(self.columns.values())
        return [str(FIELDS[key][0]) for key in REQUIRED_FIELDS if key not in present]

    def as_json(self) -> dict:
        return {str(index): key for index, key in self.columns.items()}


def detect_mapping(rows: list[list]) -> ColumnMapping | None:
    """The first row within the top rows that names the project code and at least two other
    known columns; title rows (often merged across the table) above it are skipped."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[int, str] = {}
        units: dict[str, str] = {}
        for column, value in enumerate(row):
            key, unit = field_for_heading(value)
            if key and key not in columns.values():
                columns[column] = key
                if key in MONEY_FIELDS:
                    units[key] = unit or WAN
        if "national_code" in columns.values() and len(columns) >= 3:
            headings = ["".join(str(value or "").split()) for value in row]
            return ColumnMapping(index, headings, columns, units)
    return None


MONEY_UNIT_CHOICES = [(WAN, WAN), (YI, YI), (YUAN, YUAN)]

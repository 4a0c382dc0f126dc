"""Every project table as .xlsx, in the layout the provinces use (title row, unit note, header).

The files are handed on, so they are in Chinese (headings, stages, industries, funding sources)
whatever the language of the page they are downloaded from (`lib.i18n.in_chinese`).

The workbooks are written by `lib.xlsx_export`, whose guard keeps text that begins with
= + - @ (or a tab or carriage return) as text, never a formula.
"""

import datetime

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.money import WAN, YI, in_unit
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx
from zhenxing.projects.forms import funding_labels

MONEY = "#,##0.00"


def _table(name: str, headers: list[str], rows: list[list]) -> SheetTable:
    """A sheet of figures without a title row: every number shown as money."""
    return SheetTable(name=name, title="", headers=headers, rows=rows, number_format=MONEY)


EXPORT_MAX_ROWS = 100_000
PROJECT_HEADINGS = [
    "序号",
    "项目代码",
    "项目名称",
    "建设单位",
    "所在地区",
    "行业",
    "建设阶段",
    "总投资（万元）",
    "年度计划投资（万元）",
    "本年完成投资（万元）",
    "累计完成投资（万元）",
    "资金来源",
    "计划开工日期",
    "实际开工日期",
    "计划竣工日期",
    "责任单位",
    "签约活动",
    "最新报告期",
]
WIDTHS = [6, 26, 40, 28, 24, 16, 10, 14, 14, 14, 14, 28, 12, 12, 12, 24, 24, 10]


@in_chinese
def projects_xlsx(projects, *, title: str) -> tuple[bytes, int]:
    """The filtered list (at most EXPORT_MAX_ROWS rows), streamed; returns (file, rows written)."""
    rows = projects.select_related("region__parent__parent", "responsible_unit", "signing_event")
    sheet = SheetTable(
        name="项目清单",
        title=title,
        note=f"导出时间：{datetime.date.today():%Y-%m-%d}    单位：万元",
        headers=PROJECT_HEADINGS,
        rows=(
            _project_row(number, project)
            for number, project in enumerate(
                rows[:EXPORT_MAX_ROWS].iterator(chunk_size=2000), start=1
            )
        ),
        widths=WIDTHS,
        number_format=MONEY,
        frozen_columns=3,
    )
    return tables_to_xlsx([sheet], streaming=True), sheet.rows_written


def _project_row(number: int, project) -> list:
    region = project.region
    place = "".join(
        r.name
        for r in (region.parent.parent if region.parent else None, region.parent, region)
        if r is not None
    )
    return [
        number,
        project.national_code,
        project.name,
        project.owner,
        place,
        project.get_industry_display(),
        project.get_stage_display(),
        float(in_unit(project.total_investment, WAN)),
        float(in_unit(project.annual_planned_investment, WAN)),
        float(in_unit(project.investment_completed_this_year, WAN)),
        float(in_unit(project.investment_completed_total, WAN)),
        funding_labels(project.funding_sources),
        project.planned_start,
        project.actual_start,
        project.planned_completion,
        project.responsible_unit.full_name if project.responsible_unit else "",
        project.signing_event.name if project.signing_event else "",
        project.period_label,
    ]


@in_chinese
def dashboard_xlsx(figures: dict, *, title: str) -> bytes:
    """The dashboard's tables, one sheet each (亿元)."""

    def rows_of(items, name_key):
        return [
            [
                str(item[name_key]),
                item["project_count"],
                float(in_unit(item["total_investment"], YI)),
                float(in_unit(item.get("annual_planned_investment") or 0, YI)),
                float(in_unit(item.get("investment_completed_this_year") or 0, YI)),
            ]
            for item in items
        ]

    headers = ["名称", "项目数", "总投资（亿元）", "年度计划投资（亿元）", "本年完成投资（亿元）"]
    funding = [
        [str(item["label"]), item["project_count"], float(in_unit(item["total_investment"], YI))]
        for item in figures["by_funding"]
    ]
    sheets = [
        _table("按省区", headers, rows_of(figures["by_province"], "name")),
        _table("按地市", headers, rows_of(figures["by_prefecture"], "name")),
        _table("按行业", headers, rows_of(figures["by_industry"], "label")),
        _table("按建设阶段", headers, rows_of(figures["by_stage"], "label")),
        _table("按资金来源", ["资金来源", "项目数", "总投资（亿元）"], funding),
    ]
    return tables_to_xlsx(sheets, title=title)


@in_chinese
def funnel_xlsx(by_region: list[dict], signed_rows: list) -> bytes:
    """Rates by province, then the signed projects."""
    rates = _table(
        "转化率",
        [
            "省区",
            "签约项目数",
            "签约金额（亿元）",
            "转化率%",
            "履约率%",
            "落地率%",
            "开工率%",
            "资金到位率%",
        ],
        [
            [
                row["name"],
                row["signed_count"],
                float(in_unit(row["signed_amount"], YI)),
                *[
                    row["rates"][key]
                    for key in ("conversion", "performance", "landing", "start", "funding")
                ],
            ]
            for row in by_region
        ],
    )
    signed = _table(
        "签约项目",
        [
            "签约活动",
            "项目名称",
            "签约企业",
            "落地地区",
            "签约金额（万元）",
            "进展阶段",
            "签约日期",
            "到位资金（万元）",
            "库内项目代码",
        ],
        [
            [
                signed.event.name,
                signed.name,
                signed.investor,
                signed.region.name,
                float(in_unit(signed.signed_amount, WAN)),
                str(signed.get_stage_display()),
                signed.signed_on,
                float(in_unit(signed.funds_in_place, WAN)),
                signed.project.national_code if signed.project_id else "",
            ]
            for signed in signed_rows
        ],
    )
    return tables_to_xlsx([rates, signed])


@in_chinese
def updates_xlsx(project, updates) -> bytes:
    sheet = _table(
        "项目进展",
        [
            "报告期",
            "建设阶段",
            "年度计划投资（万元）",
            "本年完成投资（万元）",
            "累计完成投资（万元）",
            "来源",
            "调度",
            "报送时间",
            "进展说明",
        ],
        [
            [
                update.period_label,
                str(update.get_stage_display()),
                float(in_unit(update.annual_planned_investment, WAN)),
                float(in_unit(update.investment_completed_this_year, WAN)),
                float(in_unit(update.investment_completed_total, WAN)),
                str(update.get_source_display()),
                update.reporting_round.title if update.reporting_round_id else "",
                update.reported_at.date(),
                update.note,
            ]
            for update in updates
        ],
    )
    return tables_to_xlsx([sheet])

"""Every project table as .xlsx, in the layout the provinces use (title row, unit note, header).

The files are handed on, so they are in Chinese (headings, stages, industries, funding sources)
whatever the language of the page they are downloaded from (`lib.i18n.in_chinese`).

Text that begins with = + - @ stays text: cells are written with `write_string` after
`lib.spreadsheets.safe_cell` (a leading apostrophe), never parsed as formulas.
"""

import datetime
import io
import tempfile
from decimal import Decimal

import xlsxwriter

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.money import WAN, YI, in_unit
from zhenxing.projects.forms import funding_labels

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (=1+1 → '=1+1);
    Decimals become floats; everything else is left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def add_table_sheet(workbook, name: str, headers: list[str], rows: list[list]):
    """One sheet, one table: bold frozen header, auto filter, every cell formula-safe."""
    sheet = workbook.add_worksheet(name[:31])
    formats = {
        "header": workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1}),
        "cell": workbook.add_format({"border": 1}),
        "money": workbook.add_format({"border": 1, "num_format": "#,##0.00"}),
        "date": workbook.add_format({"border": 1, "num_format": "yyyy-mm-dd"}),
    }
    for column, heading in enumerate(headers):
        sheet.write_string(0, column, heading, formats["header"])
        sheet.set_column(column, column, max(10, min(40, len(heading) * 2 + 4)))
    for line, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write(sheet, line, column, value, formats)
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(headers) - 1)
    return sheet


def table_xlsx(name: str, headers: list[str], rows: list[list]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    add_table_sheet(workbook, name, headers, rows)
    workbook.close()
    return output.getvalue()


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


def _write(sheet, row: int, column: int, value, formats: dict) -> None:
    value = safe_cell(value)
    if value is None or value == "":
        sheet.write_blank(row, column, None, formats["cell"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(
            row, column, datetime.datetime.combine(value, datetime.time()), formats["date"]
        )
    elif isinstance(value, str):
        sheet.write_string(row, column, value, formats["cell"])
    else:
        sheet.write_number(row, column, value, formats["money"])


@in_chinese
def projects_xlsx(projects, *, title: str) -> tuple[bytes, int]:
    """The filtered list (at most EXPORT_MAX_ROWS rows); returns (file, rows written)."""
    with tempfile.TemporaryFile() as handle:
        workbook = xlsxwriter.Workbook(
            handle,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        sheet = workbook.add_worksheet("项目清单")
        formats = {
            "title": workbook.add_format({"bold": True, "font_size": 16, "align": "center"}),
            "note": workbook.add_format({"font_color": "#646a73"}),
            "header": workbook.add_format(
                {"bold": True, "border": 1, "bg_color": "#F2F2F2", "text_wrap": True}
            ),
            "cell": workbook.add_format({"border": 1}),
            "money": workbook.add_format({"border": 1, "num_format": "#,##0.00"}),
            "date": workbook.add_format({"border": 1, "num_format": "yyyy-mm-dd"}),
        }
        last = len(PROJECT_HEADINGS) - 1
        sheet.merge_range(0, 0, 0, last, safe_cell(title), formats["title"])
        sheet.merge_range(
            1,
            0,
            1,
            last,
            f"导出时间：{datetime.date.today():%Y-%m-%d}    单位：万元",
            formats["note"],
        )
        for column, (heading, width) in enumerate(zip(PROJECT_HEADINGS, WIDTHS, strict=True)):
            sheet.write_string(2, column, heading, formats["header"])
            sheet.set_column(column, column, width)
        rows = projects.select_related(
            "region__parent__parent", "responsible_unit", "signing_event"
        )[:EXPORT_MAX_ROWS]
        count = 0
        for count, project in enumerate(rows.iterator(chunk_size=2000), start=1):
            region = project.region
            place = "".join(
                r.name
                for r in (region.parent.parent if region.parent else None, region.parent, region)
                if r is not None
            )
            values = [
                count,
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
            for column, value in enumerate(values):
                _write(sheet, 2 + count, column, value, formats)
        sheet.freeze_panes(3, 3)
        workbook.close()
        handle.seek(0)
        return handle.read(), count


@in_chinese
def dashboard_xlsx(figures: dict, *, title: str) -> bytes:
    """The dashboard's tables, one sheet each (亿元)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )

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
    add_table_sheet(workbook, "按省区", headers, rows_of(figures["by_province"], "name"))
    add_table_sheet(workbook, "按地市", headers, rows_of(figures["by_prefecture"], "name"))
    add_table_sheet(workbook, "按行业", headers, rows_of(figures["by_industry"], "label"))
    add_table_sheet(workbook, "按建设阶段", headers, rows_of(figures["by_stage"], "label"))
    add_table_sheet(
        workbook,
        "按资金来源",
        ["资金来源", "项目数", "总投资（亿元）"],
        [
            [
                str(item["label"]),
                item["project_count"],
                float(in_unit(item["total_investment"], YI)),
            ]
            for item in figures["by_funding"]
        ],
    )
    workbook.set_properties({"title": title})
    workbook.close()
    return output.getvalue()


@in_chinese
def funnel_xlsx(by_region: list[dict], signed_rows: list) -> bytes:
    """Rates by province, then the signed projects."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    add_table_sheet(
        workbook,
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
    add_table_sheet(
        workbook,
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
    workbook.close()
    return output.getvalue()


@in_chinese
def updates_xlsx(project, updates) -> bytes:
    return table_xlsx(
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

"""主要指标完成情况: the main economic indicators by province, against last year, the country
and the target."""

import datetime

from zhenxing.indicators import selectors
from zhenxing.indicators.periods import period_caption
from zhenxing.lib.colours import Colour
from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Chart, Section, Table

REPORT_INDICATORS = (
    "gdp_growth",
    "fixed_asset_investment_growth",
    "industrial_value_added_growth",
    "retail_sales_growth",
    "fiscal_revenue_growth",
    "foreign_trade_growth",
)
LIGHT_NAMES = {Colour.GREEN: "绿灯", Colour.YELLOW: "黄灯", Colour.RED: "红灯"}


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The indicators part of a progress report, or None when no value of the report's
    indicators falls in the period's year up to its end: per indicator and province, the latest
    year-to-date value against last year, the country and the target, with the light; the saved
    analysis paragraphs (or drafted ones) as text; a chart of the first indicator by province.
    Year to date, so the period's start does not narrow it; indicators are by region, not by
    mechanism, so every province with values is shown."""
    year = period_end.year
    indicators = selectors.active_indicators(REPORT_INDICATORS)
    provinces = selectors.provinces_with_values(indicators, year=year, period_end=period_end)
    rows, paragraphs, chart = [], [], None
    for indicator in indicators:
        analyses = [
            selectors.operation_analysis(indicator, region, year, period_end)
            for region in provinces
        ]
        analyses = [analysis for analysis in analyses if analysis.latest_period]
        if not analyses:
            continue
        for analysis in analyses:
            rows.append(_row(indicator, analysis, year))
            note = analysis.note.text if analysis.note else ""
            if indicator.code == REPORT_INDICATORS[0] or note:
                paragraphs.append(note or analysis.paragraph)
        if chart is None:
            chart = _chart(indicator, analyses)
    if not rows:
        return None
    table = Table(
        title="主要指标完成情况",
        headers=["指标", "地区", "期间", "本期", "上年同期", "全国", "年度目标", "灯色"],
        rows=rows,
        widths_mm=[28, 24, 16, 16, 18, 16, 22, 14],
    )
    return Section(
        key="indicators",
        heading="主要指标完成情况",
        paragraphs=paragraphs,
        tables=[table],
        charts=[chart] if chart else [],
    )


def _row(indicator, analysis, year: int) -> list:
    plain = selectors.plain
    index = analysis.periods.index(analysis.latest_period)
    target = analysis.target
    return [
        indicator.name,
        analysis.region.name,
        period_caption(analysis.latest_period).removeprefix(f"{year}年"),
        plain(analysis.values[index]),
        plain(analysis.last_year[index]),
        plain(analysis.national[index]),
        f"{plain(target.value)}{indicator.unit}{target.get_comparison_display()}"
        if target
        else "—",
        LIGHT_NAMES.get(analysis.colour, "绿灯"),
    ]


def _chart(indicator, analyses) -> Chart:
    return Chart(
        title=f"{indicator.name}（{indicator.unit}）",
        categories=[a.region.short_name or a.region.name for a in analyses],
        series={
            "本地区": [float(a.values[a.periods.index(a.latest_period)]) for a in analyses],
            "全国": [float(a.national[a.periods.index(a.latest_period)] or 0) for a in analyses],
        },
        unit=indicator.unit,
    )

"""Demo results for `zhenxing demo-data`: the core catalogue, year-to-date growth and GDP for
the country and the four Northeast provinces over last year and this year up to the last
complete quarter, and this year's targets (one proposed, awaiting confirmation), and a fixed-asset investment target
split among the provinces and on to Fuxin (targets cascade).

The figures are illustrative, not official statistics; their source says so.
"""

import datetime
from decimal import Decimal

from zhenxing.indicators.cascade import Share, target_split
from zhenxing.indicators.models import Indicator, Observation, Target
from zhenxing.indicators.services import catalogue_load_shipped, observation_record, target_set
from zhenxing.orgs.models import Region

SOURCE = "演示数据（非真实统计）"
# Year-to-date growth (%) at the end of Q1–Q4, last year then this year.
GROWTH = {
    "gdp_growth": {
        None: ([5.3, 5.3, 5.2, 5.0], [5.2, 5.1, 5.0, 4.9]),
        "210000": ([5.1, 5.0, 4.9, 4.7], [5.4, 5.2, 5.3, 5.2]),
        "220000": ([5.0, 4.9, 4.6, 4.8], [5.6, 5.5, 5.4, 5.4]),
        "230000": ([4.9, 4.7, 4.5, 4.4], [4.5, 4.4, 4.1, 3.9]),
        "150000": ([5.8, 5.9, 5.6, 5.5], [5.6, 5.5, 5.3, 5.2]),
    },
    "fixed_asset_investment_growth": {
        None: ([4.2, 3.9, 3.4, 3.2], [3.0, 2.8, 2.5, 2.2]),
        "210000": ([2.1, 1.8, 2.5, 3.0], [4.8, 5.1, 5.0, 4.9]),
        "220000": ([1.2, 0.5, -0.8, -1.0], [2.0, 1.6, 1.2, 1.0]),
        "230000": ([3.5, 2.1, 1.0, 0.8], [-1.5, -2.4, -3.1, -3.5]),
        "150000": ([8.1, 7.5, 6.9, 6.5], [6.0, 5.5, 5.1, 4.8]),
    },
    "retail_sales_growth": {
        None: ([4.7, 3.7, 3.3, 3.5], [4.6, 5.0, 4.5, 4.3]),
        "210000": ([5.2, 4.6, 4.4, 4.5], [4.8, 4.9, 4.7, 4.6]),
        "220000": ([6.0, 5.1, 4.8, 4.6], [5.5, 5.8, 5.6, 5.3]),
        "230000": ([4.1, 3.2, 3.0, 3.1], [3.6, 3.9, 3.5, 3.2]),
        "150000": ([3.8, 3.3, 3.1, 3.0], [3.9, 4.1, 4.0, 3.8]),
    },
}
# GDP (亿元) year to date at the end of each quarter, last year.
GDP_LAST_YEAR = {
    "210000": [6720.0, 14402.0, 22340.0, 30209.0],
    "220000": [3070.0, 6300.0, 9650.0, 13531.0],
    "230000": [3360.0, 7190.0, 11290.0, 15883.0],
    "150000": [5510.0, 11890.0, 18120.0, 24627.0],
}
TARGETS = {
    "210000": ("5.5", Target.Comparison.AT_LEAST),
    "220000": ("5.5", Target.Comparison.ABOUT),
    "230000": ("5", Target.Comparison.AT_LEAST),
    "150000": ("5.5", Target.Comparison.ABOUT),
}


def _ytd(year: int, quarter: int) -> str:
    return f"{year}-01/{year}-{3 * quarter:02d}"


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    catalogue_load_shipped()
    if Observation.objects.filter(source_reference=SOURCE).exists():
        return _summary()
    regions = {region.code: region for region in Region.objects.filter(level="province")}
    this_year = today.year
    quarters_done = (today.month - 1) // 3  # complete quarters of this year
    for code, by_region in GROWTH.items():
        indicator = Indicator.objects.get(code=code)
        for region_code, (last, this) in by_region.items():
            region = regions.get(region_code) if region_code else None
            for year, values, count in ((this_year - 1, last, 4), (this_year, this, quarters_done)):
                for quarter, value in enumerate(values[:count], start=1):
                    vintage = (
                        Observation.Vintage.FINAL
                        if year < this_year
                        else Observation.Vintage.PRELIMINARY
                    )
                    observation_record(
                        indicator=indicator,
                        region=region,
                        period=_ytd(year, quarter),
                        value=Decimal(str(value)),
                        vintage=vintage,
                        source_kind=Observation.SourceKind.STATISTICS_TABLE,
                        source_reference=SOURCE,
                        user=secretariat,
                    )
    gdp = Indicator.objects.get(code="gdp")
    growth = GROWTH["gdp_growth"]
    for region_code, levels in GDP_LAST_YEAR.items():
        for quarter, level in enumerate(levels, start=1):
            observation_record(
                indicator=gdp,
                region=regions[region_code],
                period=_ytd(this_year - 1, quarter),
                value=Decimal(str(level)),
                vintage=Observation.Vintage.FINAL,
                source_kind=Observation.SourceKind.STATISTICS_TABLE,
                source_reference=SOURCE,
                user=secretariat,
            )
            if quarter <= quarters_done:
                rate = Decimal(str(growth[region_code][1][quarter - 1]))
                observation_record(
                    indicator=gdp,
                    region=regions[region_code],
                    period=_ytd(this_year, quarter),
                    value=(Decimal(str(level)) * (1 + rate / 100) * Decimal("1.01")).quantize(
                        Decimal("0.1")
                    ),
                    source_kind=Observation.SourceKind.STATISTICS_TABLE,
                    source_reference=SOURCE,
                    user=secretariat,
                )
    gdp_growth = Indicator.objects.get(code="gdp_growth")
    for region_code, (value, comparison) in TARGETS.items():
        target_set(
            indicator=gdp_growth,
            region=regions[region_code],
            year=this_year,
            value=Decimal(value),
            comparison=comparison,
            status=Target.Status.PROPOSED if region_code == "150000" else Target.Status.CONFIRMED,
            source_text=f"{regions[region_code].name}政府工作报告：地区生产总值增长{value}%{Target.Comparison(comparison).label}",
        )
    _split_investment_target(secretariat=secretariat, year=this_year, quarters_done=quarters_done)
    return _summary()


# Fixed-asset investment growth (%): the national target split among the three provinces and
# one region, weighted by last year's investment (亿元, illustrative), and Liaoning's share
# split on to Fuxin; the shares do not cover every province, so an allocation gap shows.
INVESTMENT_TARGET = Decimal("5")
INVESTMENT_SHARES = {
    "210000": ("5.5", "6000"),
    "220000": ("5", "4000"),
    "230000": ("4.5", "3500"),
    "150000": ("6", "5500"),
}
FUXIN = "210900"
FUXIN_SHARE = ("6", "120")
FUXIN_GROWTH = [5.6, 5.9, 6.2, 6.4]  # year to date, this year


def _split_investment_target(*, secretariat, year: int, quarters_done: int) -> None:
    indicator = Indicator.objects.get(code="fixed_asset_investment_growth")
    regions = Region.objects.in_bulk([*INVESTMENT_SHARES, FUXIN], field_name="code")
    if FUXIN not in regions:
        return
    national = target_set(
        indicator=indicator,
        region=None,
        year=year,
        value=INVESTMENT_TARGET,
        source_text="演示数据：全国固定资产投资增长5%左右",
        comparison=Target.Comparison.ABOUT,
    )
    target_split(
        target=national,
        shares=[
            Share(regions[code], Decimal(value), Decimal(weight))
            for code, (value, weight) in INVESTMENT_SHARES.items()
        ],
        allow_gap=True,
    )
    liaoning = Target.objects.get(indicator=indicator, region=regions["210000"], year=year)
    value, weight = FUXIN_SHARE
    target_split(
        target=liaoning,
        shares=[Share(regions[FUXIN], Decimal(value), Decimal(weight))],
        allow_gap=True,
    )
    for quarter, growth in enumerate(FUXIN_GROWTH[:quarters_done], start=1):
        observation_record(
            indicator=indicator,
            region=regions[FUXIN],
            period=_ytd(year, quarter),
            value=Decimal(str(growth)),
            source_kind=Observation.SourceKind.STATISTICS_TABLE,
            source_reference=SOURCE,
            user=secretariat,
        )


def _summary() -> str:
    return (
        f"指标 {Indicator.objects.count()} 个，指标数据 "
        f"{Observation.objects.filter(is_current=True).count()} 条，目标 {Target.objects.count()} 个"
    )

"""重大项目建设情况: the project library's totals, investment against plan by province, new
starts and resumptions, the period's signings; and the project list annex.

Projects carry no mechanism: a mechanism's projects are those in the regions of its local
members (the provincial and city governments that are members at the period's end, by their
region), so a report of one mechanism leaves out another's provinces. Projects that started
after the period's end are left out too (they belong to a later report).
"""

import datetime

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.money import in_unit
from zhenxing.mechanisms.models import Mechanism, Membership
from zhenxing.projects import selectors
from zhenxing.reports.content import Chart, Section, Table

ANNEX_PROJECTS = 100


def region_codes_of(mechanism: Mechanism | None, on_date: datetime.date) -> list[str] | None:
    """The regions of the mechanism's local members on `on_date` (None: no mechanism, every
    region)."""
    if mechanism is None:
        return None
    memberships = mechanism.current_memberships(on_date).filter(
        side=Membership.Side.LOCAL, unit__region__isnull=False
    )
    return sorted({membership.unit.region.code for membership in memberships})


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The projects part of a progress report, or None when the mechanism's library is empty
    at the period's end (figures from the summary tables while they hold: see
    `projects.selectors.report_figures`)."""
    regions = region_codes_of(mechanism, period_end)
    figures = selectors.report_figures(
        period_start=period_start, period_end=period_end, region_codes=regions
    )
    totals = figures["totals"]
    if not totals["project_count"]:
        return None
    provinces = figures["by_province"]
    paragraphs = [
        f"项目库共纳入重大项目{totals['project_count']}个，总投资{_yi(totals['total_investment'])}亿元。"
        f"年度计划投资{_yi(totals['annual_planned_investment'])}亿元，今年以来完成投资"
        f"{_yi(totals['investment_completed_this_year'])}亿元，年度投资完成率"
        f"{_percent(figures['completion_rate'])}。",
        f"本期计划新开工项目{figures['new_start_planned']}个，已开工{figures['new_start_started']}个，"
        f"新开工率{_percent(figures['new_start_rate'])}；"
        f"停缓建项目{figures['suspended_count']}个，已复工{figures['resumed_count']}个，"
        f"复工率{_percent(figures['resumption_rate'])}。",
    ]
    signed = selectors.signed_in_period(
        period_start=period_start, period_end=period_end, region_codes=regions
    )
    if signed.exists():
        steps = selectors.funnel(signed)
        paragraphs.append(
            f"本期招商签约活动签约项目{steps['signed_count']}个，签约金额{_yi(steps['signed_amount'])}亿元；"
            f"已开工{steps['steps'][3]['count']}个，开工率{_percent(steps['rates']['start'])}，"
            f"资金到位率{_percent(steps['rates']['funding'])}，转入项目库{steps['converted_count']}个。"
        )
    return Section(
        key="projects",
        heading="重大项目建设情况",
        paragraphs=paragraphs,
        tables=[_province_table(provinces, figures["new_starts_by_province"])],
        charts=[_province_chart(provinces)],
    )


@in_chinese
def annexes(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> list[Table]:
    """The project list annex: the largest projects of the section's scope by total investment
    (the whole library is the project library's own export); none when the scope is empty."""
    scope = selectors.report_projects(
        period_end=period_end, region_codes=region_codes_of(mechanism, period_end)
    )
    projects = list(
        scope.select_related("region", "responsible_unit").order_by(
            "-total_investment", "national_code"
        )[:ANNEX_PROJECTS]
    )
    if not projects:
        return []
    total = scope.count()
    title = "重大项目清单" + (f"（总投资前{len(projects)}个）" if total > len(projects) else "")
    return [
        Table(
            title=title,
            headers=[
                "项目代码",
                "项目名称",
                "所在地区",
                "建设阶段",
                "总投资（亿元）",
                "年度计划（亿元）",
                "本年完成（亿元）",
                "责任单位",
            ],
            rows=[
                [
                    project.national_code,
                    project.name,
                    project.region.name if project.region_id else "",
                    project.get_stage_display(),
                    _yi(project.total_investment),
                    _yi(project.annual_planned_investment),
                    _yi(project.investment_completed_this_year),
                    project.responsible_unit.display_name if project.responsible_unit_id else "",
                ]
                for project in projects
            ],
            widths_mm=[42, 48, 20, 14, 18, 18, 18, 26],
        )
    ]


def _province_table(provinces: list[dict], new_starts: dict[str, int]) -> Table:
    return Table(
        title="分省重大项目投资完成情况（亿元）",
        headers=[
            "省（区）",
            "项目数",
            "总投资",
            "年度计划投资",
            "完成投资",
            "完成率",
            "新开工项目",
        ],
        rows=[
            [
                row["name"],
                row["project_count"],
                _yi(row["total_investment"]),
                _yi(row["annual_planned_investment"]),
                _yi(row["investment_completed_this_year"]),
                _percent(row["completion_rate"]),
                new_starts.get(row["code"], 0),
            ]
            for row in provinces
        ],
        widths_mm=[30, 18, 26, 26, 24, 18, 18],
    )


def _province_chart(provinces: list[dict]) -> Chart:
    return Chart(
        title="分省年度计划投资与完成投资",
        categories=[row["name"] for row in provinces],
        series={
            "年度计划投资": [
                float(in_unit(row["annual_planned_investment"], "亿元")) for row in provinces
            ],
            "完成投资": [
                float(in_unit(row["investment_completed_this_year"], "亿元")) for row in provinces
            ],
        },
        unit="亿元",
    )


def _yi(yuan) -> str:
    return f"{in_unit(yuan or 0, '亿元'):,.2f}"


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1f}%"

"""专项规划实施情况: the mechanism's special plans in force in the period's year — relocation
(people moved and employed against plan, money spent), ecological compensation (paid against
due) and post-disaster reconstruction (funds-weighted progress) — by specialplans.selectors."""

import datetime
from decimal import Decimal

from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.money import in_unit
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table
from zhenxing.specialplans import selectors
from zhenxing.specialplans.models import SpecialPlan

Kind = SpecialPlan.Kind


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The special-plans part of a progress report, or None when no plan is in force."""
    plans = selectors.report_plans(mechanism=mechanism, period_end=period_end)
    if not plans:
        return None
    year = period_end.year
    counts = {label: sum(plan.kind == kind for plan in plans) for kind, label in Kind.choices}
    paragraphs = [
        f"实施中的专项规划{len(plans)}个（"
        + "、".join(f"{label}{count}个" for label, count in counts.items() if count)
        + "）。"
    ]
    rows = []
    for plan in plans:
        progress = selectors.headline(plan, year)
        rows.append(
            [
                plan.title,
                plan.get_kind_display(),
                plan.period_label(),
                plan.responsible_unit.display_name,
                progress,
            ]
        )
        paragraphs.append(_paragraph(plan, year))
    table = Table(
        title="专项规划清单",
        headers=["名称", "类型", "期限", "责任单位", "进展"],
        rows=rows,
        widths_mm=[60, 22, 20, 34, 24],
    )
    return Section(
        key="specialplans", heading="专项规划实施情况", paragraphs=paragraphs, tables=[table]
    )


def _paragraph(plan: SpecialPlan, year: int) -> str:
    if plan.kind == Kind.RELOCATION:
        totals = selectors.relocation_totals(selectors.site_states(plan, year))
        return (
            f"{plan.title}：{len(selectors.site_states(plan, year))}个安置点累计搬迁"
            f"{totals['households_moved']}户{totals['people_moved']}人，占计划人数的"
            f"{_percent(totals['share_moved'])}；实现就业{totals['people_employed']}人，"
            f"就业率{_percent(totals['employment_rate'])}；完成投资{_yi(totals['funds_spent'])}亿元"
            f"（计划{_yi(totals['funds_planned'])}亿元）。"
        )
    if plan.kind == Kind.ECOLOGICAL_COMPENSATION:
        states = selectors.agreement_states(plan, year)
        due = sum((state.due for state in states), Decimal(0))
        paid = sum((state.paid for state in states), Decimal(0))
        arrears = [state.agreement.name for state in states if state.in_arrears]
        text = (
            f"{plan.title}：补偿协议{len(states)}份，截至{year}年应拨付{_yi(due)}亿元，"
            f"已拨付{_yi(paid)}亿元。"
        )
        return text + (f"未足额拨付：{'、'.join(arrears)}。" if arrears else "各协议均已足额拨付。")
    states = selectors.reconstruction_states(plan)
    funds = sum((state.reconstruction.funds for state in states), Decimal(0))
    lagging = [s.reconstruction.project.name for s in states if s.share_complete < 50]
    text = (
        f"{plan.title}：重建项目{len(states)}个，重建资金{_yi(funds)}亿元，"
        f"按资金加权完成进度{selectors.average_progress(states)}%。"
    )
    return text + (f"完成进度不足一半的项目：{'、'.join(lagging)}。" if lagging else "")


def _yi(yuan) -> str:
    return f"{in_unit(yuan or 0, '亿元'):,.2f}"


def _percent(share) -> str:
    return f"{share * 100:.1f}%"

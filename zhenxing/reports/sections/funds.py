"""中央资金下达和支出情况: the year's central funds of the mechanism by kind, the share
disbursed against the share of the year elapsed, and the allocations slow to disburse
(funds.selectors: the rule is theirs)."""

import datetime

from django.utils import timezone

from zhenxing.funds import selectors
from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.money import in_unit
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The central-funds part of a progress report: the allocations of the period's year as
    reported by the period's end (or today, for the period still running); None when the
    mechanism has no allocation that year."""
    as_of = min(period_end, timezone.localdate())
    states = selectors.report_states(mechanism=mechanism, year=period_end.year, as_of=as_of)
    if not states:
        return None
    amount = sum(state.allocation.amount for state in states)
    disbursed = sum(state.disbursed for state in states)
    elapsed = selectors.year_elapsed(period_end.year, as_of)
    slow = [state for state in states if state.slow]
    paragraphs = [
        f"{period_end.year}年下达中央资金{len(states)}笔，共{_yi(amount)}亿元；截至"
        f"{as_of:%Y年%-m月%-d日}累计支出{_yi(disbursed)}亿元，支出进度{_percent(disbursed / amount)}，"
        f"时间进度{_percent(elapsed)}。",
        (
            f"支出进度落后时间进度10个百分点以上的{len(slow)}笔："
            + "、".join(
                f"{state.allocation.region.name}{state.allocation.programme.name}"
                f"（{_percent(state.share_disbursed)}）"
                for state in slow
            )
            + "，请责任单位加快支出。"
            if slow
            else "各笔资金支出进度均未明显落后于时间进度。"
        ),
    ]
    by_kind = Table(
        title="分类型中央资金下达和支出情况（亿元）",
        headers=["资金类型", "笔数", "下达金额", "累计支出", "支出进度", "支出偏慢"],
        rows=[
            [
                row["label"],
                row["count"],
                _yi(row["amount"]),
                _yi(row["disbursed"]),
                _percent(row["disbursed"] / row["amount"]),
                row["slow"],
            ]
            for row in selectors.totals_by_kind(states)
        ],
        widths_mm=[44, 16, 26, 26, 22, 20],
    )
    return Section(
        key="funds", heading="中央资金下达和支出情况", paragraphs=paragraphs, tables=[by_kind]
    )


def _yi(yuan) -> str:
    return f"{in_unit(yuan or 0, '亿元'):,.2f}"


def _percent(share) -> str:
    return f"{share * 100:.1f}%"

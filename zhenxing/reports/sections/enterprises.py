"""重点企业运行和诉求办理情况: key enterprises' summed figures against the same months a year
before, the difficulties taken in during the period, and the 免申即享 policies with the
enterprises they served."""

import datetime

from zhenxing.enterprises import selectors
from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table

MEASURE_WORDS = {"output_value": "产值", "revenue": "营业收入", "orders": "订单"}


def _growth_phrase(current, previous) -> str:
    rate = selectors.growth(current, previous)
    if rate is None:
        return ""
    return f"，同比增长{rate}%" if rate >= 0 else f"，同比下降{-rate}%"


def _wan(yuan) -> str:
    return f"{(yuan or 0) / 10_000:,.2f}万元"


def _benefit_lines(*, period_start, period_end, mechanism) -> list[str]:
    """免申即享: policies announced by the period's end, the enterprises identified, notified
    and served with the money granted, and what was granted within the period."""
    policies = selectors.benefits_in_period(
        period_start=period_start, period_end=period_end, mechanism=mechanism
    )
    if not policies:
        return []
    identified = sum(policy.identified for policy in policies)
    notified = sum(policy.notified for policy in policies)
    granted = sum(policy.granted for policy in policies)
    money = sum((policy.money_granted or 0) for policy in policies)
    in_period = sum(policy.granted_in_period for policy in policies)
    money_in_period = sum((policy.money_in_period or 0) for policy in policies)
    lines = [
        f"落实免申即享惠企政策{len(policies)}项，识别符合条件企业{identified}家，"
        f"已告知{notified}家，已兑现{granted}家、兑现金额{_wan(money)}；"
        f"其中本期兑现{in_period}家、{_wan(money_in_period)}。"
    ]
    for policy in policies:
        lines.append(
            f"{policy.title}（{policy.issuing_unit.display_name}"
            f"{'，' + policy.document_number if policy.document_number else ''}）："
            f"识别{policy.identified}家，已告知{policy.notified}家，已兑现{policy.granted}家、"
            f"{_wan(policy.money_granted)}。"
        )
    return lines


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The key-enterprise part of a progress report, or None when the mechanism follows no
    enterprise (of all mechanisms when None)."""
    activity = selectors.period_activity(
        period_start=period_start, period_end=period_end, mechanism=mechanism
    )
    if not activity.enterprise_count:
        return None
    totals, previous = activity.totals, activity.previous_totals
    figures = [
        f"{word}{totals[measure]:,.2f}万元" + _growth_phrase(totals[measure], previous[measure])
        for measure, word in MEASURE_WORDS.items()
        if totals[measure] is not None
    ]
    paragraphs = [
        f"跟踪服务重点企业{activity.enterprise_count}家。"
        + (
            f"本期重点企业合计{'；'.join(figures)}。"
            if figures
            else "本期重点企业尚未报送运行数据。"
        )
    ]
    difficulties = activity.difficulties
    if difficulties:
        closed = sum(1 for d in difficulties if not d.is_open)
        escalated = sum(1 for d in difficulties if d.matter_id)
        paragraphs.append(
            f"受理企业诉求{len(difficulties)}项，已办结{closed}项；"
            f"逾期未答复提交协调{escalated}项。"
        )
    paragraphs += _benefit_lines(
        period_start=period_start, period_end=period_end, mechanism=mechanism
    )
    table = Table(
        title="企业诉求办理情况",
        headers=["企业", "诉求事项", "责任单位", "状态"],
        rows=[
            [
                d.enterprise.name,
                d.title,
                d.responsible_unit.display_name if d.responsible_unit else "—",
                d.get_status_display(),
            ]
            for d in difficulties
        ],
        widths_mm=[50, 60, 36, 26],
    )
    return Section(
        key="enterprises",
        heading="重点企业运行和诉求办理情况",
        paragraphs=paragraphs,
        tables=[table] if difficulties else [],
    )

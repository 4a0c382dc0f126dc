"""The leading group's reviews (领导小组审议) in the progress report, and the parts of the
重大事项报告 to the Party Central Committee and the State Council: the items the secretariat
marked for reporting upward in the period, by source."""

import datetime

from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table, ordinal
from zhenxing.reviews import selectors
from zhenxing.reviews.models import UpwardItem

# The 重大事项报告's parts, in the order it reads.
UPWARD_HEADINGS = {
    UpwardItem.Source.REVIEW: "领导小组审议重大政策和重点规划情况",
    UpwardItem.Source.MATTER: "协调解决的重大问题",
    UpwardItem.Source.FINDING: "督促检查发现的重大问题",
    UpwardItem.Source.FREE_TEXT: "其他需要报告的重大事项",
}


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The reviews decided in the period, or None when the leading group decided none."""
    reviews = selectors.reviews_decided_in_period(
        period_start=period_start, period_end=period_end, mechanism=mechanism
    )
    if not reviews:
        return None
    approved = sum(1 for review in reviews if review.status in review.APPROVED_STATUSES)
    return Section(
        key="reviews",
        heading="领导小组审议情况",
        paragraphs=[
            f"本期提请领导小组审议事项{len(reviews)}项，审议通过（含修改后通过）{approved}项。"
        ],
        tables=[
            Table(
                title="领导小组审议事项",
                headers=["审议事项", "审议会议", "决定日期", "审议决定"],
                rows=[
                    [r.title, r.meeting, f"{r.decided_on:%Y-%m-%d}", r.get_status_display()]
                    for r in reviews
                ],
                widths_mm=[66, 48, 24, 24],
            )
        ],
    )


@in_chinese
def upward_sections(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> tuple[list[Section], list[UpwardItem]]:
    """One section per source that has items in the period, each item a numbered paragraph;
    and the items themselves (for the annex and the figures)."""
    items = selectors.upward_items_in_period(
        period_start=period_start, period_end=period_end, mechanism=mechanism
    )
    sections = []
    for source, heading in UPWARD_HEADINGS.items():
        of_source = [item for item in items if item.source == source]
        if not of_source:
            continue
        sections.append(
            Section(
                key=f"upward_{source}",
                heading=heading,
                paragraphs=[
                    f"（{ordinal(number)}）{item.title}。{item.summary}"
                    for number, item in enumerate(of_source, start=1)
                ],
            )
        )
    return sections, items


def upward_annex(items: list[UpwardItem]) -> Table:
    return Table(
        title="重大事项清单",
        headers=["序号", "事项日期", "事项", "来源"],
        rows=[
            [number, chinese_date(item.occurred_on), item.title, item.get_source_display()]
            for number, item in enumerate(items, start=1)
        ],
        widths_mm=[14, 40, 84, 28],
    )

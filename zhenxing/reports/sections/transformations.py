"""资源枯竭城市转型绩效评价情况: the mechanism's published evaluation of the period's year (or
the year before): how many cities, the leaders and the laggards, and the ranking
(transformations.selectors: the scoring rule is theirs)."""

import datetime

from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table
from zhenxing.transformations import selectors


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The transformation part of a progress report, or None without a published evaluation."""
    evaluation = selectors.report_evaluation(mechanism=mechanism, year=period_end.year)
    if evaluation is None:
        return None
    rows = selectors.scores(evaluation)
    if not rows:
        return None
    groups = selectors.group_weights()
    top = "、".join(f"{row.region.name}（{row.score}分）" for row in rows[:3])
    bottom = "、".join(f"{row.region.name}（{row.score}分）" for row in rows[-3:][::-1])
    paragraphs = [
        f"{evaluation.year}年度资源枯竭城市转型绩效评价共评价{len(rows)}个城市，"
        f"得分前三位的是{top}；得分靠后的是{bottom}。"
    ]
    table = Table(
        title=f"{evaluation.year}年度资源枯竭城市转型绩效评价排名",
        headers=["排名", "城市", "总分"] + [group["label"] for group in groups],
        rows=[
            [row.rank, row.region.name, row.score]
            + [row.groups.get(group["group"], 0) for group in groups]
            for row in rows
        ],
        widths_mm=[14, 30, 18] + [24] * len(groups),
    )
    return Section(
        key="transformations",
        heading="资源枯竭城市转型绩效评价情况",
        paragraphs=paragraphs,
        tables=[table],
    )

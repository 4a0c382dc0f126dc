"""协调解决重大问题情况: coordination matters raised, joint meetings held and assignments made."""

import datetime

from django.utils import timezone

from zhenxing.coordination import selectors
from zhenxing.coordination.models import LADDER, CoordinationMatter, Level
from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The coordination part of a progress report, or None when nothing was raised, met or
    assigned in the period (of the mechanism; of all mechanisms when None)."""
    # Figures as they stand at the end of the period, or today for the period still running:
    # a meeting not yet held was not held, a response not yet due is not overdue.
    as_of = min(period_end, timezone.localdate())
    activity = selectors.period_activity(
        period_start=period_start, period_end=period_end, mechanism=mechanism, as_of=as_of
    )
    matters, requests = activity.matters, activity.requests
    if not (matters or activity.meetings or activity.assignment_count):
        return None
    counts = {label: 0 for label in CoordinationMatter.Category.labels}
    for matter in matters:
        counts[matter.get_category_display()] += 1
    closed = sum(1 for m in matters if not m.is_open)
    levels = {level: sum(1 for m in matters if m.level == level) for level in LADDER}
    answered = [r for r in requests if r.responded_at is not None]
    on_time = sum(1 for r in answered if timezone.localdate(r.responded_at) <= r.due_date)
    overdue = sum(1 for r in requests if r.is_pending and r.due_date < as_of)
    by_category = "、".join(f"{label}{count}项" for label, count in counts.items() if count)
    paragraphs = [
        f"本期成员单位提出协调事项{len(matters)}项"
        + (f"（{by_category}）" if by_category else "")
        + f"，已解决或办结{closed}项；提交联席会议研究{levels[Level.JOINT_MEETING]}项、"
        f"领导小组研究{levels[Level.LEADING_GROUP]}项。有关单位答复{len(answered)}次，"
        f"其中按期答复{on_time}次，逾期未答复{overdue}项。",
        f"召开联席会议{len(activity.meetings)}次，形成议定事项{activity.decision_count}项，"
        f"均已列入议定事项台账跟踪落实；领导小组交办事项{activity.assignment_count}项。",
    ]
    table = Table(
        title="协调事项办理情况",
        headers=["编号", "事项名称", "提出单位", "协调层级", "状态"],
        rows=[
            [
                m.code,
                m.title,
                m.raised_by_unit.display_name,
                m.get_level_display(),
                m.get_status_display(),
            ]
            for m in matters
        ],
        widths_mm=[18, 62, 28, 26, 22],
    )
    return Section(
        key="coordination",
        heading="协调解决重大问题情况",
        paragraphs=paragraphs,
        tables=[table] if matters else [],
    )

"""Demo data for reviews: the demo division plan submitted to the leading group's plenary
meeting two weeks ago, with two opinions (the leading-group member's and MOF's), decided
"approved with changes", the member's opinion turned into a task; the decision and a free-text
item marked for this quarter's 重大事项报告.

Called by `zhenxing demo-data`; idempotent: a mechanism that already has reviews is left as it is.
"""

import datetime

from zhenxing.orgs.models import Role, Unit, User
from zhenxing.reviews import services
from zhenxing.reviews.models import Review


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    if Review.objects.filter(mechanism=mechanism).exists():
        return ""
    reader = User.objects.filter(role=Role.LEADING_GROUP_READER, is_active=True).first()
    finance = User.objects.filter(unit__code="mof", role=Role.UNIT_LIAISON, is_active=True).first()
    members = [member for member in (reader, finance) if member is not None]
    if len(members) < 2:
        return ""
    meeting_on = today - datetime.timedelta(days=14)
    review = services.review_submit(
        mechanism=mechanism,
        user=secretariat,
        subject=Review.Subject.DIVISION_PLAN,
        title="",
        plan=plan,
        materials="分工方案（送审稿）；起草说明；成员单位意见采纳情况。",
        meeting="领导小组全体会议",
        meeting_on=meeting_on,
        members=members,
    )
    first = services.opinion_record(
        review=review,
        member=reader,
        text="建议将东北与东部地区对口合作单列为一项重点任务，明确牵头单位和完成时限。",
    )
    services.opinion_record(
        review=review,
        member=finance,
        text="原则同意。涉及中央预算内投资的任务，请按年度计划统筹安排。",
    )
    review = services.review_decide(
        review=review,
        user=secretariat,
        status=Review.Status.APPROVED_WITH_CHANGES,
        minutes="会议原则通过分工方案，请秘书处按成员意见修改完善后印发实施。",
        decided_on=meeting_on,
    )
    services.opinion_turn_into_task(
        opinion=first,
        user=secretariat,
        plan=plan,
        title="深化东北地区与东部地区对口合作",
        lead_unit=Unit.objects.get(code="ndrc"),
        due_date=datetime.date(today.year + 1, 6, 30),
    )
    services.upward_item_mark(mechanism=mechanism, user=secretariat, source="review", review=review)
    services.upward_item_mark(
        mechanism=mechanism,
        user=secretariat,
        source="free_text",
        title="东北地区粮食生产再获丰收",
        summary="东北四省区粮食总产量保持稳定，国家粮食安全“压舱石”作用进一步巩固。",
        occurred_on=today,
    )
    return "领导小组审议 1 项（意见 2 条，1 条转为任务），重大事项 2 项"

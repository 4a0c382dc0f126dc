"""Writes for reviews: submit an item for the leading group's review, record the members'
opinions and the decision, turn an opinion into a task, mark items for the 重大事项报告."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.inspections.models import Finding
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.policies.services import task_create
from zhenxing.reviews.models import Opinion, Review, UpwardItem


@transaction.atomic
def review_submit(
    *,
    mechanism: Mechanism,
    user,
    subject: str,
    title: str,
    meeting: str,
    meeting_on: datetime.date,
    members,
    materials: str = "",
    plan: DivisionPlan | None = None,
    document: PolicyDocument | None = None,
) -> Review:
    """Submit a plan, a policy document or a finalised report to the leading group for review,
    and tell the members asked."""
    members = list(members)
    if not members:
        raise ValidationError("请至少选择一位审议成员。")
    review = Review(
        mechanism=mechanism,
        subject=subject,
        title=title.strip() or (str(plan or document or "")),
        plan=plan,
        document=document,
        materials=materials,
        meeting=meeting,
        meeting_on=meeting_on,
        submitted_by=user,
    )
    review.full_clean()
    review.save()
    review.members.set(members)
    notifications_send(
        recipients=members,
        kind=Notification.Kind.REVIEW,
        title=f"提请审议：{review.title}",
        body=f"{review.meeting}（{chinese_date(review.meeting_on)}），请审阅材料并提出意见。",
        link=reverse("reviews:review_detail", args=[review.pk]),
        dedup_key=f"review-{review.pk}",
    )
    return review


@transaction.atomic
def opinion_record(*, review: Review, member, text: str) -> Opinion:
    """A member's own opinion on a review awaiting its decision (given again, it replaces the
    earlier text)."""
    if not review.is_awaiting:
        raise ValidationError("该事项已作出审议决定，不能再提出意见。")
    if not review.members.filter(pk=member.pk).exists():
        raise ValidationError("只有请审议的成员可以提出意见。")
    if not text.strip():
        raise ValidationError("请填写审议意见。")
    opinion, _created = Opinion.objects.update_or_create(
        review=review, member=member, defaults={"text": text.strip()}
    )
    return opinion


@transaction.atomic
def review_decide(
    *, review: Review, user, status: str, minutes: str, decided_on: datetime.date | None = None
) -> Review:
    """Record the leading group's decision with the meeting's minutes, and tell the members."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if not locked.is_awaiting:
        raise ValidationError("该事项已作出审议决定。")
    if status not in Review.DECISIONS:
        raise ValidationError(f"无效的审议决定：{status}")
    if not minutes.strip():
        raise ValidationError("请填写会议纪要。")
    locked.status = status
    locked.minutes = minutes.strip()
    locked.decided_on = decided_on or timezone.localdate()
    locked.decided_by = user
    locked.save()
    notifications_send(
        recipients=locked.members.all(),
        kind=Notification.Kind.REVIEW,
        title=f"审议结果：{locked.title}（{locked.get_status_display()}）",
        body=locked.minutes[:500],
        link=reverse("reviews:review_detail", args=[locked.pk]),
        dedup_key=f"review-{locked.pk}-decided",
    )
    return locked


@transaction.atomic
def opinion_turn_into_task(
    *,
    opinion: Opinion,
    user,
    plan: DivisionPlan,
    title: str,
    lead_unit: Unit,
    due_date: datetime.date,
    participating_units=(),
) -> Task:
    """A task in `plan` that carries out the opinion, linked back to it (once per opinion)."""
    locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if locked.task_id is not None:
        raise ValidationError("该意见已转化为任务。")
    if plan.mechanism_id not in (None, locked.review.mechanism_id):
        raise ValidationError("请选择本工作机制的分工方案。")
    task = task_create(
        plan=plan,
        user=user,
        title=title.strip()[:300],
        lead_unit=lead_unit,
        description=f"落实领导小组审议意见（{locked.review.title}）：{locked.text}",
        deadline_text=f"{chinese_date(due_date)}前",
        due_date=due_date,
        original_due_date=due_date,
    )
    others = [unit for unit in participating_units if unit.pk != lead_unit.pk]
    if others:
        task.participating_units.set(others)
    locked.task = task
    locked.save(update_fields=["task"])
    return task


SOURCE_FIELDS = {
    UpwardItem.Source.REVIEW: "review",
    UpwardItem.Source.MATTER: "matter",
    UpwardItem.Source.FINDING: "finding",
}


@transaction.atomic
def upward_item_mark(
    *,
    mechanism: Mechanism,
    user,
    source: str,
    title: str = "",
    summary: str = "",
    occurred_on: datetime.date | None = None,
    review: Review | None = None,
    matter: CoordinationMatter | None = None,
    finding: Finding | None = None,
) -> UpwardItem:
    """Mark an item for the 重大事项报告; the title, summary and date default to the marked
    object's own."""
    if review is not None:
        review = Review.objects.get(pk=review.pk)  # the decision as recorded, not a stale copy
        if review.is_awaiting:
            raise ValidationError("该事项尚未作出审议决定，不能作为审议决定报告。")
    sources = {"review": review, "matter": matter, "finding": finding}
    target = sources.get(SOURCE_FIELDS.get(source, ""))
    default_title, default_summary, default_date = _described(target)
    item = UpwardItem(
        mechanism=mechanism,
        source=source,
        title=(title.strip() or default_title)[:300],
        summary=summary.strip() or default_summary,
        occurred_on=occurred_on or default_date or timezone.localdate(),
        marked_by=user,
        **{name: value for name, value in sources.items() if value is not None},
    )
    item.full_clean()
    item.save()
    return item


def _described(target) -> tuple[str, str, datetime.date | None]:
    if isinstance(target, Review):
        outcome = target.get_status_display()
        return (
            f"领导小组审议{target.title}",
            f"{target.meeting}审议{target.title}，{outcome}。{target.minutes}".strip(),
            target.decided_on or target.meeting_on,
        )
    if isinstance(target, CoordinationMatter):
        return target.title, target.description, timezone.localdate(target.raised_at)
    if isinstance(target, Finding):
        return (
            f"{target.unit.display_name}：{target.title}",
            target.description or target.title,
            timezone.localdate(target.issued_at),
        )
    return "", "", None


@transaction.atomic
def upward_item_remove(*, item: UpwardItem, user) -> None:
    item.delete()

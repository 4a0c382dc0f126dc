"""Reads for reviews: what awaits a member's opinion, and the upward items of a period."""

import datetime

from django.db.models import QuerySet

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import within_mechanism
from zhenxing.reviews.models import Opinion, Review, UpwardItem


def reviews_awaiting_opinion(user) -> QuerySet[Review]:
    """Reviews the user was asked about, still awaiting the decision, with no opinion of theirs."""
    return (
        Review.objects.filter(members=user, status=Review.Status.AWAITING)
        .exclude(opinions__member=user)
        .order_by("meeting_on", "id")
    )


def opinions_of(review: Review) -> QuerySet[Opinion]:
    return review.opinions.select_related("member", "member__unit", "task", "task__plan")


def upward_items_in_period(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> list[UpwardItem]:
    """The items marked for the 重大事项报告 that occurred in the period, in date order (of the
    mechanism; of all mechanisms when None)."""
    items = UpwardItem.objects.filter(
        occurred_on__gte=period_start, occurred_on__lte=period_end
    ).select_related("review", "matter", "finding")
    if mechanism is not None:
        items = within_mechanism(items, mechanism)
    return list(items.order_by("occurred_on", "id"))


def reviews_decided_in_period(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> list[Review]:
    reviews = Review.objects.filter(
        decided_on__gte=period_start, decided_on__lte=period_end
    ).exclude(status=Review.Status.AWAITING)
    if mechanism is not None:
        reviews = within_mechanism(reviews, mechanism)
    return list(reviews.order_by("decided_on", "id"))

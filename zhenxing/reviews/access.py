"""Who may see and act on the leading group's reviews and the items reported upward.

- The secretariat submits items for review, records the decision, turns opinions into tasks
  and marks items for the 重大事项报告; it sees everything in its mechanisms.
- Leading-group readers see the reviews and give their own opinion on those they are asked.
- Anyone else with a business role (units, inspectors) sees only the reviews they are named
  on as a member asked, and gives their opinion there; the upward items are the secretariat's
  and the leading group's alone.
- The three administrators have no access (separation of duties).
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.orgs.models import BUSINESS_ROLES, Role
from zhenxing.reviews.models import Opinion, Review, UpwardItem


def may_use_reviews(user) -> bool:
    return access.has_role(user, *BUSINESS_ROLES)


def may_manage(user) -> bool:
    """Submit for review, record decisions, turn opinions into tasks, mark upward items."""
    return access.is_secretariat(user)


def is_leading_group(user) -> bool:
    return access.has_role(user, Role.LEADING_GROUP_READER)


def reviews_visible_to(user) -> QuerySet[Review]:
    reviews = within_mechanisms_of(
        Review.objects.select_related("mechanism", "plan", "document"), user
    )
    if not may_use_reviews(user):
        return reviews.none()
    if may_manage(user) or is_leading_group(user):
        return reviews
    return reviews.filter(members=user)


def may_give_opinion(user, review: Review) -> bool:
    """A member asked gives their own opinion while the review awaits its decision."""
    return (
        review.is_awaiting and may_use_reviews(user) and review.members.filter(pk=user.pk).exists()
    )


def get_review_for_user(user, pk) -> tuple[Review, bool]:
    """The review and whether the user may manage it; 403 when the user may not see it."""
    access.require(may_use_reviews(user))
    review = get_object_or_404(Review.objects.all(), pk=pk)
    access.require(reviews_visible_to(user).filter(pk=review.pk).exists())
    return review, may_manage(user)


def get_review_for_manager(user, pk) -> Review:
    access.require(may_manage(user))
    return get_object_or_404(reviews_visible_to(user), pk=pk)


def get_review_for_member(user, pk) -> Review:
    """A review the user was asked about and may still give an opinion on; 403 otherwise."""
    review, _manage = get_review_for_user(user, pk)
    access.require(may_give_opinion(user, review))
    return review


def get_opinion_for_manager(user, pk) -> Opinion:
    access.require(may_manage(user))
    opinion = get_object_or_404(Opinion.objects.select_related("review", "member"), pk=pk)
    access.require(reviews_visible_to(user).filter(pk=opinion.review_id).exists())
    return opinion


def may_read_upward_items(user) -> bool:
    return may_manage(user) or is_leading_group(user)


def upward_items_visible_to(user) -> QuerySet[UpwardItem]:
    items = within_mechanisms_of(
        UpwardItem.objects.select_related("review", "matter", "finding", "mechanism"), user
    )
    return items if may_read_upward_items(user) else items.none()

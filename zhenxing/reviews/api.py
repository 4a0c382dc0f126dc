"""API (/api/v1/reviews): the leading group's reviews, opinions, decisions, opinions turned into
tasks, and the items marked for the 重大事项报告. Same access module and services as the pages;
a refused action answers 400 with the service's reason."""

import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.inspections.models import Finding
from zhenxing.lib.actions import run_api_action
from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Unit, User
from zhenxing.policies.models import DivisionPlan, PolicyDocument
from zhenxing.reviews import access, selectors, services
from zhenxing.reviews.models import Review

router = Router(tags=["reviews"])


def _one(queryset, pk):
    """The row `pk` of `queryset`, or None for no id; 400 for an id that does not exist."""
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise HttpError(400, f"编号无效：{pk}")
    return found


class OpinionOut(Schema):
    id: int
    member_id: int
    member: str
    text: str
    given_at: datetime.datetime
    task_id: int | None

    @staticmethod
    def resolve_member(opinion):
        return opinion.member.display_name or opinion.member.username


class ReviewOut(Schema):
    id: int
    mechanism_id: int
    subject: str
    title: str
    plan_id: int | None
    document_id: int | None
    meeting: str
    meeting_on: datetime.date
    status: str
    decided_on: datetime.date | None


class ReviewDetailOut(ReviewOut):
    materials: str
    minutes: str
    member_ids: list[int]
    opinions: list[OpinionOut]

    @staticmethod
    def resolve_member_ids(review):
        return [member.pk for member in review.members.all()]

    @staticmethod
    def resolve_opinions(review):
        return list(selectors.opinions_of(review))


class ReviewIn(Schema):
    subject: str
    title: str = ""
    plan_id: int | None = None
    document_id: int | None = None
    materials: str = ""
    meeting: str
    meeting_on: datetime.date
    member_ids: list[int]


class OpinionIn(Schema):
    text: str


class DecisionIn(Schema):
    status: str
    minutes: str
    decided_on: datetime.date | None = None


class TaskIn(Schema):
    plan_id: int
    title: str
    lead_unit_id: int
    due_date: datetime.date


class TaskCreatedOut(Schema):
    task_id: int
    plan_id: int
    code: str


class UpwardItemOut(Schema):
    id: int
    source: str
    title: str
    summary: str
    occurred_on: datetime.date
    review_id: int | None
    matter_id: int | None
    finding_id: int | None


class UpwardItemIn(Schema):
    source: str
    title: str = ""
    summary: str = ""
    occurred_on: datetime.date | None = None
    review_id: int | None = None
    matter_id: int | None = None
    finding_id: int | None = None


@router.get("", response=list[ReviewOut])
def list_reviews(request, response: HttpResponse, mechanism: str = "", cursor=""):
    """The reviews the caller may see in the mechanism, newest meeting first, 100 a page."""
    require(access.may_use_reviews(request.user))
    reviews = within_mechanism(
        access.reviews_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return api_page(request, response, reviews, ordering=["-meeting_on", "-id"], cursor=cursor)


@router.post("", response={201: ReviewDetailOut})
def submit_review(request, payload: ReviewIn, mechanism: str = ""):
    """Submit a plan, a policy document or a finalised report for the leading group's review."""
    require(access.may_manage(request.user))
    scope = mechanism_for_api(request, mechanism)
    members = list(User.objects.filter(pk__in=payload.member_ids, is_active=True))
    if len(members) != len(set(payload.member_ids)):
        raise HttpError(400, "成员编号无效。")
    if payload.subject not in Review.Subject.values:
        raise HttpError(400, f"无效的审议对象：{payload.subject}")
    review = run_api_action(
        services.review_submit,
        mechanism=scope,
        user=request.user,
        subject=payload.subject,
        title=payload.title,
        plan=_one(within_mechanism(DivisionPlan.objects.all(), scope), payload.plan_id),
        document=_one(within_mechanism(PolicyDocument.objects.all(), scope), payload.document_id),
        materials=payload.materials,
        meeting=payload.meeting,
        meeting_on=payload.meeting_on,
        members=members,
    )
    return Status(201, review)


@router.get("/awaiting", response=list[ReviewOut])
def list_awaiting(request):
    """The reviews awaiting the caller's opinion."""
    require(access.may_use_reviews(request.user))
    return list(selectors.reviews_awaiting_opinion(request.user))


@router.get("/upward-items", response=list[UpwardItemOut])
def list_upward_items(request, response: HttpResponse, mechanism: str = "", cursor=""):
    """The items marked for the 重大事项报告, in date order, 100 a page."""
    require(access.may_read_upward_items(request.user))
    items = within_mechanism(
        access.upward_items_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return api_page(request, response, items, ordering=["occurred_on", "id"], cursor=cursor)


@router.post("/upward-items", response={201: UpwardItemOut})
def mark_upward_item(request, payload: UpwardItemIn, mechanism: str = ""):
    """Mark a review decision, a coordination matter, an inspection finding or a free-text item
    for the 重大事项报告."""
    require(access.may_manage(request.user))
    scope = mechanism_for_api(request, mechanism)
    item = run_api_action(
        services.upward_item_mark,
        mechanism=scope,
        user=request.user,
        source=payload.source,
        title=payload.title,
        summary=payload.summary,
        occurred_on=payload.occurred_on,
        review=_one(within_mechanism(Review.objects.all(), scope), payload.review_id),
        matter=_one(within_mechanism(CoordinationMatter.objects.all(), scope), payload.matter_id),
        finding=_one(
            within_mechanism(Finding.objects.all(), scope, "inspection__mechanism"),
            payload.finding_id,
        ),
    )
    return Status(201, item)


@router.delete("/upward-items/{item_id}", response={204: None})
def remove_upward_item(request, item_id: int):
    require(access.may_manage(request.user))
    item = get_object_or_404(access.upward_items_visible_to(request.user), pk=item_id)
    services.upward_item_remove(item=item, user=request.user)
    return Status(204, None)


@router.get("/{review_id}", response=ReviewDetailOut)
def get_review(request, review_id: int):
    review, _manage = access.get_review_for_user(request.user, review_id)
    return review


@router.post("/{review_id}/opinion", response=OpinionOut)
def give_opinion(request, review_id: int, payload: OpinionIn):
    """The caller's own opinion on a review they were asked about (again: replaces it)."""
    review = access.get_review_for_member(request.user, review_id)
    return run_api_action(
        services.opinion_record, review=review, member=request.user, text=payload.text
    )


@router.post("/{review_id}/decide", response=ReviewDetailOut)
def decide_review(request, review_id: int, payload: DecisionIn):
    """Record the leading group's decision with the meeting's minutes."""
    review = access.get_review_for_manager(request.user, review_id)
    return run_api_action(
        services.review_decide,
        review=review,
        user=request.user,
        status=payload.status,
        minutes=payload.minutes,
        decided_on=payload.decided_on,
    )


@router.post("/opinions/{opinion_id}/task", response={201: TaskCreatedOut})
def turn_opinion_into_task(request, opinion_id: int, payload: TaskIn):
    """A task in a division plan of the review's mechanism that carries out the opinion."""
    opinion = access.get_opinion_for_manager(request.user, opinion_id)
    plan = _one(
        within_mechanism(DivisionPlan.objects.all(), opinion.review.mechanism), payload.plan_id
    )
    task = run_api_action(
        services.opinion_turn_into_task,
        opinion=opinion,
        user=request.user,
        plan=plan,
        title=payload.title,
        lead_unit=_one(Unit.objects.all(), payload.lead_unit_id),
        due_date=payload.due_date,
    )
    return Status(201, {"task_id": task.pk, "plan_id": task.plan_id, "code": task.code})

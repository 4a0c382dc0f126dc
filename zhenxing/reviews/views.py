"""Pages for the leading group's reviews and the items reported upward."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.lib.actions import run_form_action
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs import access as org_access
from zhenxing.reviews import access, selectors, services
from zhenxing.reviews.forms import (
    DecisionForm,
    OpinionForm,
    ReviewForm,
    TurnIntoTaskForm,
    UpwardItemForm,
)
from zhenxing.reviews.models import Review


def _page(request, template: str, context: dict):
    """Render a reviews page; the sub-navigation shows the upward items to those who read them."""
    context["may_read_upward"] = access.may_read_upward_items(request.user)
    return render(request, template, context)


@login_required
def review_list(request):
    org_access.require(access.may_use_reviews(request.user))
    reviews = within_mechanism(
        access.reviews_visible_to(request.user), mechanism_in_use(request)
    ).prefetch_related("members")
    status = request.GET.get("status", "")
    if status in Review.Status.values:
        reviews = reviews.filter(status=status)
    context = {
        "reviews": reviews,
        "awaiting": selectors.reviews_awaiting_opinion(request.user),
        "statuses": Review.Status.choices,
        "status": status,
        "may_manage": access.may_manage(request.user),
    }
    return _page(request, "reviews/review_list.html", context)


@login_required
def review_new(request):
    org_access.require(access.may_manage(request.user))
    mechanism = mechanism_in_use(request)
    form = ReviewForm(request.POST or None, mechanism=mechanism)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_submit(
                mechanism=mechanism, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已提请领导小组审议。"))
            return redirect("reviews:review_detail", pk=review.pk)
    return _page(request, "reviews/review_form.html", {"form": form})


@login_required
def review_detail(request, pk):
    review, may_manage = access.get_review_for_user(request.user, pk)
    mechanism = review.mechanism
    opinions = selectors.opinions_of(review)
    own = next((o for o in opinions if o.member_id == request.user.pk), None)
    may_give = access.may_give_opinion(request.user, review)
    context = {
        "review": review,
        "members": review.members.select_related("unit"),
        "opinions": opinions,
        "may_manage": may_manage,
        "opinion_form": OpinionForm(initial={"text": own.text if own else ""})
        if may_give
        else None,
        "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()})
        if may_manage and review.is_awaiting
        else None,
        "task_form": TurnIntoTaskForm(mechanism=mechanism) if may_manage else None,
    }
    return _page(request, "reviews/review_detail.html", context)


@login_required
@require_POST
def opinion_give(request, pk):
    review = access.get_review_for_member(request.user, pk)
    run_form_action(
        request,
        OpinionForm(request.POST),
        lambda text: services.opinion_record(review=review, member=request.user, text=text),
        _("意见已记录。"),
    )
    return redirect("reviews:review_detail", pk=review.pk)


@login_required
@require_POST
def review_decide(request, pk):
    review = access.get_review_for_manager(request.user, pk)
    run_form_action(
        request,
        DecisionForm(request.POST),
        lambda **data: services.review_decide(review=review, user=request.user, **data),
        _("审议决定已登记。"),
    )
    return redirect("reviews:review_detail", pk=review.pk)


@login_required
@require_POST
def opinion_task(request, pk):
    opinion = access.get_opinion_for_manager(request.user, pk)
    run_form_action(
        request,
        TurnIntoTaskForm(request.POST, mechanism=opinion.review.mechanism),
        lambda **data: services.opinion_turn_into_task(opinion=opinion, user=request.user, **data),
        _("意见已转化为任务。"),
    )
    return redirect("reviews:review_detail", pk=opinion.review_id)


@login_required
def upward_item_list(request):
    org_access.require(access.may_read_upward_items(request.user))
    items = within_mechanism(
        access.upward_items_visible_to(request.user), mechanism_in_use(request)
    )
    context = {"items": items, "may_manage": access.may_manage(request.user)}
    return _page(request, "reviews/upward_item_list.html", context)


@login_required
def upward_item_new(request):
    org_access.require(access.may_manage(request.user))
    mechanism = mechanism_in_use(request)
    form = UpwardItemForm(request.POST or None, mechanism=mechanism)
    if request.method == "POST" and form.is_valid():
        try:
            services.upward_item_mark(mechanism=mechanism, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已列入重大事项报告。"))
            return redirect("reviews:upward_item_list")
    return _page(request, "reviews/upward_item_form.html", {"form": form})


@login_required
@require_POST
def upward_item_remove(request, pk):
    org_access.require(access.may_manage(request.user))
    item = get_object_or_404(access.upward_items_visible_to(request.user), pk=pk)
    services.upward_item_remove(item=item, user=request.user)
    messages.success(request, _("已移出重大事项报告。"))
    return redirect("reviews:upward_item_list")

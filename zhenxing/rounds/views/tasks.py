"""A task's supervision record (light, ratings, reports, deadlines) and extension requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.orgs.access import acting_unit, require
from zhenxing.rounds import access, exports, selectors, services
from zhenxing.rounds.forms import AssessmentForm, ExtensionDecisionForm, ExtensionRequestForm
from zhenxing.rounds.models import Assessment, ExtensionRequest, Submission
from zhenxing.rounds.views import render_page


@login_required
def task_detail(request, pk):
    task, can_manage = access.get_supervised_task_for_user(request.user, pk)
    return render_page(request, "rounds/task_detail.html", _task_context(request, task, can_manage))


def _task_context(request, task, can_manage, assessment_form=None) -> dict:
    row = selectors.task_rows(access.supervised_tasks_visible_to(request.user).filter(pk=task.pk))[
        0
    ]
    return {
        "task": task,
        "row": row,
        "can_manage": can_manage,
        "may_request_extension": access.may_request_extension(request.user, task),
        "assessments": task.assessments.select_related("assessed_by", "round"),
        "assessment_form": assessment_form or AssessmentForm(task=task),
        "submissions": access.submissions_visible_to(request.user)
        .filter(task=task)
        .order_by("-round__due_date", "role", "unit__sort_order"),
        "revisions": task.revisions.select_related("changed_by"),
        "extension_requests": access.extension_requests_visible_to(request.user).filter(task=task),
        "close_out": getattr(task, "close_out", None),
        "participants": task.participating_units.all(),
        "status_colours": Submission.STATUS_COLOURS,
        "extension_colours": ExtensionRequest.STATUS_COLOURS,
        "rating_labels": dict(Assessment.Rating.choices),
    }


@login_required
@require_POST
def task_rate(request, pk):
    """An assessor's own rating, kept apart from the computed light; red needs a reason."""
    task, can_manage = access.get_supervised_task_for_user(request.user, pk)
    require(can_manage)
    form = AssessmentForm(request.POST, task=task)
    if form.is_valid():
        try:
            services.assessment_record(
                task=task,
                user=request.user,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
                round_=form.cleaned_data["round"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("评价已记录。"))
            return redirect("rounds:task_detail", task.pk)
    context = _task_context(request, task, can_manage, form)
    return render_page(request, "rounds/task_detail.html", context, status=400)


@login_required
def extension_request(request, pk):
    """A unit asks for a later deadline on a task it leads, before the current one passes."""
    task, _can_manage = access.get_supervised_task_for_user(request.user, pk)
    require(access.may_request_extension(request.user, task))
    form = ExtensionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.extension_request_create(
                task=task,
                unit=acting_unit(request.user),
                user=request.user,
                requested_due_date=form.cleaned_data["requested_due_date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("延期申请已提交，请等待秘书处审批。"))
            return redirect("rounds:extension_detail", created.pk)
    context = {
        "task": task,
        "form": form,
        "revisions": task.revisions.filter(new_due_date__isnull=False),
        "history": task.extension_requests.select_related("unit", "decided_by"),
        "extension_colours": ExtensionRequest.STATUS_COLOURS,
    }
    return render_page(request, "rounds/extension_request.html", context)


@login_required
def extension_list(request):
    require(access.may_use_rounds(request.user))
    requests = access.extension_requests_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in ExtensionRequest.Status.values:
        requests = requests.filter(status=status)
    if request.GET.get("export") == "extensions":
        return exports.xlsx_response("extensions.xlsx", exports.extension_table(requests))
    context = {
        "page": Paginator(requests, 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": ExtensionRequest.Status,
        "colours": ExtensionRequest.STATUS_COLOURS,
    }
    return render_page(request, "rounds/extension_list.html", context)


@login_required
def extension_detail(request, pk):
    """The request with the task's deadline history; the secretariat decides here."""
    extension, can_decide = access.get_extension_request_for_user(request.user, pk)
    form = ExtensionDecisionForm(request.POST or None)
    if request.method == "POST":
        require(can_decide)
        if form.is_valid():
            try:
                services.extension_decide(
                    request=extension,
                    user=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已审批，并已通知申请单位。"))
                return redirect("rounds:extension_detail", extension.pk)
    task = extension.task
    context = {
        "extension": extension,
        "task": task,
        "form": form,
        "can_decide": can_decide,
        "revisions": task.revisions.filter(new_due_date__isnull=False).select_related("changed_by"),
        "history": task.extension_requests.select_related("unit", "decided_by"),
        "extension_colours": ExtensionRequest.STATUS_COLOURS,
    }
    return render_page(request, "rounds/extension_detail.html", context)

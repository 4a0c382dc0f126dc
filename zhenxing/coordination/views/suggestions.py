"""Pages for policy suggestions: list, propose, detail and decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.coordination import access, services
from zhenxing.coordination.forms import SuggestionDecideForm, SuggestionForm
from zhenxing.coordination.models import PolicySuggestion
from zhenxing.lib.actions import run_form_action
from zhenxing.mechanisms.scope import mechanism_in_use
from zhenxing.orgs import access as org_access


@login_required
def suggestion_list(request):
    org_access.require(access.may_use_coordination(request.user))
    suggestions = access.suggestions_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in PolicySuggestion.Status.values:
        suggestions = suggestions.filter(status=status)
    context = {
        "suggestions": suggestions,
        "statuses": PolicySuggestion.Status.choices,
        "status": status,
        "may_propose": access.may_raise(request.user),
    }
    return render(request, "coordination/suggestion_list.html", context)


@login_required
def suggestion_new(request):
    org_access.require(access.may_use_coordination(request.user))
    org_access.require(access.may_raise(request.user))
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_propose(
                user=request.user,
                mechanism=mechanism_in_use(request),
                unit=org_access.acting_unit(request.user) or request.user.unit,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("建议已提交。"))
            return redirect("coordination:suggestion_detail", pk=suggestion.pk)
    return render(request, "coordination/suggestion_form.html", {"form": form})


@login_required
def suggestion_detail(request, pk):
    suggestion, may_decide = access.get_suggestion_for_user(request.user, pk)
    context = {
        "suggestion": suggestion,
        "may_decide": may_decide and suggestion.status != PolicySuggestion.Status.ADOPTED,
        "form": SuggestionDecideForm(),
    }
    return render(request, "coordination/suggestion_detail.html", context)


@login_required
@require_POST
def suggestion_decide(request, pk):
    suggestion, may_decide = access.get_suggestion_for_user(request.user, pk)
    org_access.require(may_decide)
    run_form_action(
        request,
        SuggestionDecideForm(request.POST),
        lambda **data: services.suggestion_decide(suggestion=suggestion, user=request.user, **data),
        _("处理结果已保存。"),
    )
    return redirect("coordination:suggestion_detail", pk=pk)

"""Pages for the leading group's assignments and leaders' instructions (批示)."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.coordination import access, selectors, services
from zhenxing.coordination.forms import AssignmentForm, InstructionForm, InstructionResponseForm
from zhenxing.coordination.models import INSTRUCTION_TARGET_KINDS
from zhenxing.lib.actions import run_form_action
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs import access as org_access

# ?task=12, ?matter=3, ?project=7: what an instruction is being attached to.
TARGET_KINDS = INSTRUCTION_TARGET_KINDS


def instruction_panel(user, target) -> list[dict]:
    """Instructions on `target`, each with its responses and the one the user's unit owes."""
    panel = []
    for instruction in selectors.instructions_for(target):
        responses = list(instruction.responses.all())
        mine = next(
            (
                r
                for r in responses
                if r.status == r.Status.PENDING and org_access.acts_for(user, r.unit)
            ),
            None,
        )
        panel.append({"instruction": instruction, "responses": responses, "mine": mine})
    return panel


@login_required
def instruction_list(request):
    org_access.require(access.may_use_coordination(request.user))
    in_use = mechanism_in_use(request)
    instructions = within_mechanism(access.instructions_visible_to(request.user), in_use)
    instructions = list(instructions[:200])
    targets = selectors.instruction_targets(instructions)
    context = {
        "rows": [(instruction, targets.get(instruction.pk)) for instruction in instructions],
        "pending": access.pending_instruction_responses(request.user),
        "response_form": InstructionResponseForm(),
        "may_manage": access.may_manage(request.user),
        # Without script the picker's text comes back here and the matches are listed as links.
        "task_query": request.GET.get("task_q", "").strip(),
    }
    if context["may_manage"] and context["task_query"]:
        context["task_matches"] = selectors.instruction_task_search(
            context["task_query"], mechanism=in_use
        )
    return render(request, "coordination/instruction_list.html", context)


def _target_from_query(request):
    if request.GET.get("project_code"):
        project_model = apps.get_model(TARGET_KINDS["project"])
        return get_object_or_404(project_model, national_code=request.GET["project_code"].strip())
    for kind, label in TARGET_KINDS.items():
        if request.GET.get(kind, "").isdigit():
            try:
                model = apps.get_model(label)
            except LookupError as error:
                raise Http404 from error
            return get_object_or_404(model, pk=int(request.GET[kind]))
    raise Http404


@login_required
def instruction_task_search(request):
    """The picker's answers as JSON: published tasks matching ?q= (secretariat only)."""
    org_access.require(access.may_manage(request.user))
    tasks = selectors.instruction_task_search(
        request.GET.get("q", ""), mechanism=mechanism_in_use(request)
    )
    return JsonResponse(
        {
            "results": [
                {"id": task.pk, "code": task.code, "title": task.title, "plan": task.plan.title}
                for task in tasks
            ]
        }
    )


@login_required
def instruction_new(request):
    org_access.require(access.may_manage(request.user))
    if request.GET.get("task_q") and not request.GET.get("task", "").isdigit():
        # The picker's text without a chosen task (no script): list the matches to choose from.
        query = urlencode({"task_q": request.GET["task_q"]})
        return redirect(f"{reverse('coordination:instruction_list')}?{query}#task-picker")
    target = _target_from_query(request)
    initial = {"units": [unit.pk for unit in selectors.instruction_default_units(target)]}
    form = InstructionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.instruction_attach(
                user=request.user,
                target=target,
                mechanism=mechanism_in_use(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("批示已登记，落实单位已收到通知。"))
            return redirect("coordination:instruction_list")
    return render(request, "coordination/instruction_form.html", {"form": form, "target": target})


@login_required
@require_POST
def instruction_response_respond(request, pk):
    response = access.get_instruction_response_for_responder(request.user, pk)
    run_form_action(
        request,
        InstructionResponseForm(request.POST),
        lambda **data: services.instruction_respond(
            response=response, user=request.user, text=data["response"]
        ),
        _("落实情况已反馈。"),
    )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("coordination:instruction_list")


@login_required
def assignment_list(request):
    org_access.require(access.may_use_coordination(request.user))
    may_manage = access.may_manage(request.user)
    form = AssignmentForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        org_access.require(may_manage)
        if form.is_valid():
            try:
                services.assignment_record(
                    user=request.user, mechanism=mechanism_in_use(request), **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("交办事项已登记并列入台账。"))
                return redirect("coordination:assignment_list")
    assignments = access.assignments_visible_to(request.user).prefetch_related(
        "participating_units"
    )
    context = {"assignments": assignments, "form": form}
    return render(request, "coordination/assignment_list.html", context)

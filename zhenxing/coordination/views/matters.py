"""Pages for coordination matters: dashboard, list, export, raise, detail and its actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.coordination import access, exports, selectors, services
from zhenxing.coordination.forms import (
    CloseForm,
    ConfirmForm,
    EscalateForm,
    MatterFilterForm,
    MatterRaiseForm,
    MatterRouteForm,
    ResponseForm,
)
from zhenxing.coordination.models import Meeting
from zhenxing.coordination.views.instructions import instruction_panel
from zhenxing.lib.actions import run_form_action
from zhenxing.lib.pagination import FastPaginator
from zhenxing.lib.xlsx_export import CONTENT_TYPE
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.operations.list_cache import cached_fragment, kept_page, tables_of
from zhenxing.orgs import access as org_access


@login_required
def dashboard(request):
    org_access.require(access.may_use_coordination(request.user))
    matters = within_mechanism(access.matters_visible_to(request.user), mechanism_in_use(request))
    context = {
        "board": selectors.dashboard(matters),
        "is_unit": org_access.is_unit_person(request.user),
        "my_requests": access.pending_requests_for(request.user),
        "my_instructions": access.pending_instruction_responses(request.user),
        "needs": selectors.unpromoted_needs()[:20] if access.may_manage(request.user) else [],
        "meetings": access.meetings_visible_to(request.user).exclude(
            status=Meeting.Status.MINUTES_ISSUED
        )[:5],
        "may_raise": access.may_raise(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "coordination/dashboard.html", context)


def _filtered(request, form=None):
    form = form or MatterFilterForm(request.GET or None)
    matters = within_mechanism(access.matters_visible_to(request.user), mechanism_in_use(request))
    if form.is_valid():
        matters = form.filter(matters)
    return form, selectors.with_requests(matters.select_related("raised_by_unit"))


@login_required
def matter_list(request):
    org_access.require(access.may_use_coordination(request.user))
    form = MatterFilterForm(request.GET or None)

    def table() -> str:
        _form, matters = _filtered(request, form)
        page = FastPaginator(matters, 50).get_page(request.GET.get("page"))
        today = timezone.localdate()
        rows = [(matter, selectors.matter_light(matter, today)) for matter in page]
        context = {"page": page, "rows": rows, "request": request}
        return render_to_string("coordination/_matter_table.html", context)

    def page() -> HttpResponse:
        context = {
            "form": form,
            "table": cached_fragment(request, "matters", tables_of("coordination"), table),
            "may_raise": access.may_raise(request.user),
        }
        return render(request, "coordination/matter_list.html", context)

    return kept_page(request, "matters", tables_of("coordination"), page)


@login_required
def matter_export(request):
    org_access.require(access.may_use_coordination(request.user))
    _form, matters = _filtered(request)
    response = HttpResponse(exports.matters_xlsx(matters), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{exports.FILENAME}"
    return response


@login_required
def matter_new(request):
    org_access.require(access.may_use_coordination(request.user))
    org_access.require(access.may_raise(request.user))
    form = MatterRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = org_access.acting_unit(request.user) or request.user.unit
        try:
            matter = services.matter_raise(
                user=request.user,
                mechanism=mechanism_in_use(request),
                unit=unit,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("协调事项已提交，秘书处将分办。"))
            return redirect("coordination:matter_detail", pk=matter.pk)
    return render(request, "coordination/matter_form.html", {"form": form})


@login_required
def matter_detail(request, pk):
    matter, actions = access.get_matter_for_user(request.user, pk)
    today = timezone.localdate()
    requests = [
        (r, selectors.request_light(r, today)) for r in matter.requests.select_related("unit")
    ]
    proposed = list(matter.proposed_units.all())
    route_form = MatterRouteForm(
        initial={
            "units": [u.pk for u in proposed] or [r.unit_id for r, _light in requests],
            "due_date": matter.response_due_date,
        }
    )
    context = {
        "matter": matter,
        "actions": actions,
        "requests": requests,
        "proposed_units": proposed,
        "tasks": matter.tasks.select_related("plan", "lead_unit"),
        "projects": matter.projects.all(),
        "escalations": matter.escalations.select_related("escalated_by"),
        "agenda_items": matter.agenda_items.select_related("meeting"),
        "decisions": matter.decisions.select_related("meeting", "lead_unit", "task"),
        "instructions": instruction_panel(request.user, matter),
        "route_form": route_form,
        "response_form": ResponseForm(),
        "confirm_form": ConfirmForm(),
        "escalate_form": EscalateForm(),
        "close_form": CloseForm(),
    }
    return render(request, "coordination/matter_detail.html", context)


@login_required
@require_POST
def matter_route(request, pk):
    matter = access.get_matter_for_manager(request.user, pk)
    form = MatterRouteForm(request.POST)
    run_form_action(
        request,
        form,
        lambda **data: services.matter_route(matter=matter, user=request.user, **data),
        _("已分办，协调单位已收到通知。"),
    )
    return redirect("coordination:matter_detail", pk=pk)


@login_required
@require_POST
def request_respond(request, pk):
    matter_request = access.get_request_for_responder(request.user, pk)
    run_form_action(
        request,
        ResponseForm(request.POST),
        lambda **data: services.matter_respond(
            request=matter_request, user=request.user, response=data["response"]
        ),
        _("答复已提交。"),
    )
    return redirect("coordination:matter_detail", pk=matter_request.matter_id)


@login_required
@require_POST
def matter_confirm(request, pk):
    matter = access.get_matter_for_raiser(request.user, pk)
    run_form_action(
        request,
        ConfirmForm(request.POST),
        lambda **data: services.matter_confirm(matter=matter, user=request.user, **data),
        _("意见已提交。"),
    )
    return redirect("coordination:matter_detail", pk=pk)


@login_required
@require_POST
def matter_escalate(request, pk):
    matter = access.get_matter_for_manager(request.user, pk)
    run_form_action(
        request,
        EscalateForm(request.POST),
        lambda **data: services.matter_escalate(matter=matter, user=request.user, **data),
        _("已提级。"),
    )
    return redirect("coordination:matter_detail", pk=pk)


@login_required
@require_POST
def matter_close(request, pk):
    matter = access.get_matter_for_manager(request.user, pk)
    run_form_action(
        request,
        CloseForm(request.POST),
        lambda **data: services.matter_close(matter=matter, user=request.user, **data),
        _("事项已办结。"),
    )
    return redirect("coordination:matter_detail", pk=pk)


@login_required
@require_POST
def need_promote(request, pk):
    need = access.get_need_for_manager(request.user, pk)
    try:
        matter = services.matter_promote_need(
            need=need, user=request.user, mechanism=mechanism_in_use(request)
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("coordination:dashboard")
    messages.success(request, _("已转为协调事项，请分办。"))
    return redirect("coordination:matter_detail", pk=matter.pk)

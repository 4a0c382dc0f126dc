"""Pages of special plans: the list of the mechanism in use (filters by kind, region, region
type and status; Excel export), a plan's page by kind (its figures, tasks, projects, funds and
indicators), the secretariat's forms for a plan and its parts, and the responsible unit's
figure reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.policies.access import plan_tasks_visible_to
from zhenxing.projects.views import wants_xlsx, xlsx_response
from zhenxing.specialplans import access, forms, selectors, services
from zhenxing.specialplans.exports import plans_xlsx
from zhenxing.specialplans.models import (
    CompensationAgreement,
    Disaster,
    ReconstructionProject,
    RelocationFigure,
    RelocationSite,
    SpecialPlan,
)

Kind = SpecialPlan.Kind
# A part the secretariat adds to a plan of one kind: (kind, form, service).
PARTS = {
    "site": (Kind.RELOCATION, forms.RelocationSiteForm, services.relocation_site_create),
    "agreement": (
        Kind.ECOLOGICAL_COMPENSATION,
        forms.CompensationAgreementForm,
        services.compensation_agreement_create,
    ),
    "disaster": (Kind.RECONSTRUCTION, forms.DisasterForm, services.disaster_create),
    "project": (
        Kind.RECONSTRUCTION,
        forms.ReconstructionProjectForm,
        services.reconstruction_project_add,
    ),
}
# A figure the responsible unit reports on a part: (model, form, service, keyword of the part).
FIGURES = {
    "site": (
        RelocationSite,
        forms.RelocationFigureForm,
        services.relocation_figure_report,
        "site",
    ),
    "agreement": (
        CompensationAgreement,
        forms.CompensationPaymentForm,
        services.compensation_payment_report,
        "agreement",
    ),
    "project": (
        ReconstructionProject,
        forms.ReconstructionProgressForm,
        services.reconstruction_progress_report,
        "reconstruction",
    ),
}


@login_required
def plan_list(request):
    require(access.may_read_plans(request.user))
    mechanism = mechanism_in_use(request)
    form = forms.PlanFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    plans = (
        selectors.plans_filtered(
            access.plans_visible_to(
                within_mechanism(SpecialPlan.objects.all(), mechanism), request.user
            ),
            kind=filters.get("kind", ""),
            region_code=filters.get("region", ""),
            region_kind=filters.get("region_kind", ""),
            status=filters.get("status", ""),
        )
        .select_related("responsible_unit")
        .prefetch_related("regions")
    )
    year = timezone.localdate().year
    if wants_xlsx(request):
        return xlsx_response(plans_xlsx(plans, year), "专项规划.xlsx")
    rows = [{"plan": plan, "headline": selectors.headline(plan, year)} for plan in plans]
    context = {"form": form, "rows": rows, "may_edit": access.may_edit_plans(request.user)}
    return render(request, "specialplans/plan_list.html", context)


@login_required
def plan_detail(request, pk):
    plan, may_edit, may_report = access.get_plan_for_user(request.user, pk)
    year = timezone.localdate().year
    tasks = plan_tasks_visible_to(request.user).filter(plan_id=plan.division_plan_id)
    context = {
        "plan": plan,
        "year": year,
        "may_edit": may_edit,
        "may_report": may_report,
        "tasks": tasks.order_by("position") if plan.division_plan_id else tasks.none(),
        "projects": plan.projects.select_related("region"),
        "allocations": plan.allocations.select_related("programme", "region"),
        "allocated": selectors.allocated_funds(plan),
        "figures": selectors.indicator_figures(plan),
        "parts": [name for name, (kind, *_rest) in PARTS.items() if kind == plan.kind],
    }
    if plan.kind == Kind.RELOCATION:
        context["sites"] = selectors.site_states(plan)
        context["totals"] = selectors.relocation_totals(context["sites"])
        context["site_years"] = RelocationFigure.objects.filter(site__plan=plan).select_related(
            "site"
        )
    elif plan.kind == Kind.ECOLOGICAL_COMPENSATION:
        context["agreements"] = selectors.agreement_states(plan, year)
    else:
        context["disasters"] = plan.disasters.prefetch_related("affected_regions")
        context["reconstructions"] = selectors.reconstruction_states(plan)
        context["progress"] = selectors.average_progress(context["reconstructions"])
    return render(request, "specialplans/plan_detail.html", context)


@login_required
def plan_new(request):
    require(access.may_edit_plans(request.user))
    mechanism = mechanism_in_use(request)
    form = forms.SpecialPlanForm(request.POST or None, mechanism=mechanism)
    if request.method == "POST" and form.is_valid():
        plan = _save(
            form, lambda: services.specialplan_create(mechanism=mechanism, **form.values())
        )
        if plan is not None:
            messages.success(request, _("专项规划已保存。"))
            return redirect("specialplans:plan_detail", plan.pk)
    return render(request, "specialplans/plan_form.html", {"form": form})


@login_required
def plan_edit(request, pk):
    plan, may_edit, _may_report = access.get_plan_for_user(request.user, pk)
    require(may_edit)
    form = forms.SpecialPlanForm(request.POST or None, instance=plan, mechanism=plan.mechanism)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, lambda: services.specialplan_update(plan=plan, **form.values()))
        if saved is not None:
            messages.success(request, _("专项规划已保存。"))
            return redirect("specialplans:plan_detail", saved.pk)
    return render(request, "specialplans/plan_form.html", {"form": form, "plan": plan})


@login_required
def part_add(request, pk, part):
    plan, may_edit, _may_report = access.get_plan_for_user(request.user, pk)
    require(may_edit)
    if part not in PARTS or PARTS[part][0] != plan.kind:
        raise Http404
    _kind, form_class, service = PARTS[part]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: service(plan=plan, **form.cleaned_data)) is not None:
            messages.success(request, _("已添加。"))
            return redirect("specialplans:plan_detail", plan.pk)
    context = {"form": form, "plan": plan, "title": _("添加") + str(PART_LABELS[part])}
    return render(request, "specialplans/part_form.html", context)


@login_required
def figure_report(request, pk, part, part_pk):
    plan, _may_edit, may_report = access.get_plan_for_user(request.user, pk)
    require(may_report)
    if part not in FIGURES:
        raise Http404
    model, form_class, service, keyword = FIGURES[part]
    target = get_object_or_404(model, pk=part_pk, plan=plan)
    form = form_class(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        values = {keyword: target, "user": request.user} | form.cleaned_data
        if _save(form, lambda: service(**values)) is not None:
            messages.success(request, _("已报送。"))
            return redirect("specialplans:plan_detail", plan.pk)
    context = {"form": form, "plan": plan, "title": _("报送") + f"：{target}"}
    return render(request, "specialplans/part_form.html", context)


PART_LABELS = {
    "site": RelocationSite._meta.verbose_name,
    "agreement": CompensationAgreement._meta.verbose_name,
    "disaster": Disaster._meta.verbose_name,
    "project": ReconstructionProject._meta.verbose_name,
}


def _save(form, action):
    """The service's result, or None with its refusal shown on the form (by field where the
    form has the field)."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            form.add_error(None, error)
        return None

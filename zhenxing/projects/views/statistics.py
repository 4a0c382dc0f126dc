"""The statistics dashboard (map and charts) and the investment-attraction funnel."""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.money import WAN, in_unit
from zhenxing.lib.versions import VersionConflict, form_conflict
from zhenxing.orgs import access as org_access
from zhenxing.orgs.models import Region
from zhenxing.projects import access
from zhenxing.projects.exports import dashboard_xlsx, funnel_xlsx
from zhenxing.projects.forms import (
    SignedProjectAdvanceForm,
    SignedProjectForm,
    SigningEventForm,
    region_choices,
)
from zhenxing.projects.models import SignedProject, SigningEvent
from zhenxing.projects.selectors import (
    dashboard,
    dashboard_chart,
    funnel,
    funnel_by_region,
    funnel_years,
)
from zhenxing.projects.services import (
    signed_project_advance,
    signed_project_save,
    signing_event_save,
)
from zhenxing.projects.views import wants_xlsx, xlsx_response


def _dashboard_region(request) -> str:
    """The region shown: a unit user's own region, or the one chosen (secretariat, readers)."""
    own = access.region_code_of_user(request.user)
    chosen = request.GET.get("region", "")
    if own:
        return chosen if chosen.startswith(own[:4] if own.endswith("00") else own) else own
    return chosen if Region.objects.filter(code=chosen).exists() else ""


@login_required
def statistics(request):
    org_access.require(access.may_read_projects(request.user))
    region_code = _dashboard_region(request)
    if org_access.is_unit_person(request.user) and not access.region_code_of_user(request.user):
        figures = dashboard(projects=access.projects_visible_to(request.user))
    else:
        figures = dashboard(region_code)
    if wants_xlsx(request):
        return xlsx_response(dashboard_xlsx(figures, title="项目统计"), "项目统计.xlsx")
    chart = dashboard_chart(figures)
    context = {
        "figures": figures,
        "chart": chart,
        "region_code": region_code,
        "region_name": Region.objects.filter(code=region_code)
        .values_list("name", flat=True)
        .first()
        or _("东北三省一区"),
        "region_choices": [] if access.region_code_of_user(request.user) else region_choices(),
        "may_import": access.may_import_projects(request.user),
    }
    return render(request, "projects/statistics.html", context)


@login_required
def funnel_page(request):
    org_access.require(access.may_read_projects(request.user))
    signed = access.signed_projects_visible_to(request.user)
    years = funnel_years(signed)
    year = request.GET.get("year", "")
    if year.isdigit():
        signed = signed.filter(signed_on__year=int(year))
    province = request.GET.get("province", "")
    if province:
        signed = signed.filter(province_code=province)
    by_region = funnel_by_region(signed)
    if wants_xlsx(request):
        rows = signed.select_related("event", "region", "project").order_by(
            "event", "-signed_amount"
        )
        return xlsx_response(funnel_xlsx(by_region, list(rows)), "招商引资转化.xlsx")
    events = access.events_visible_to(request.user)
    context = {
        "overall": funnel(signed),
        "by_region": by_region,
        "events": events,
        "years": years,
        "year": year,
        "province": province,
        "provinces": Region.objects.filter(
            level=Region.Level.PROVINCE, code__in=["210000", "220000", "230000", "150000"]
        ),
        "may_manage": access.may_manage_events(request.user),
        "may_import": access.may_import_projects(request.user),
    }
    return render(request, "projects/funnel.html", context)


@login_required
def event_detail(request, pk):
    event, can_manage = access.get_event_for_user(request.user, pk)
    signed = access.signed_projects_visible_to(request.user).filter(event=event)
    if wants_xlsx(request):
        rows = signed.select_related("event", "region", "project")
        return xlsx_response(
            funnel_xlsx(funnel_by_region(signed), list(rows)), f"{event.name}.xlsx"
        )
    context = {
        "event": event,
        "can_manage": can_manage,
        "may_add": access.may_import_projects(request.user),
        "signed": signed.select_related("region", "project"),
        "funnel": funnel(signed),
    }
    return render(request, "projects/event_detail.html", context)


@login_required
def event_form(request, pk=None):
    org_access.require(access.may_manage_events(request.user))
    event = get_object_or_404(SigningEvent, pk=pk) if pk else SigningEvent()
    proposed = {} if request.method == "POST" else _figure_from_text(request.GET)
    form = SigningEventForm(request.POST or None, instance=event, initial=proposed)
    context = {"form": form, "event": event, "proposed": proposed}
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            event = signing_event_save(
                event=form.save(commit=False), expected_version=form.cleaned_data.get("version")
            )
        except VersionConflict as conflict:
            context["conflict"] = _conflict(form, conflict)
            status = 409
        else:
            messages.success(request, _("签约活动已保存。"))
            return redirect("projects:project_event_detail", event.pk)
    return render(request, "projects/event_form.html", context, status=status)


def _figure_from_text(query) -> dict:
    """A figure read from a report or news text (the figures page) proposed as an event's announced
    amount (元 → 万元) or project count, its sentence as the source: the form is filled in, and
    nothing is written until the person checks and saves it."""
    proposed = {}
    try:
        amount = Decimal(query.get("amount", ""))
    except InvalidOperation:
        amount = None
    if amount is not None and amount.is_finite() and amount >= 0:
        proposed["announced_amount_wan"] = in_unit(amount, WAN, 4)
    count = query.get("count", "")
    if count.isdigit():
        proposed["announced_project_count"] = int(count)
    if proposed and query.get("source"):
        proposed["source"] = query["source"][: SigningEvent._meta.get_field("source").max_length]
    return proposed


@login_required
def event_announce(request):
    """From the figures page: choose the signing event (or a new one) whose form opens filled in
    with the figure; nothing is written here."""
    org_access.require(access.may_manage_events(request.user))
    query = {key: request.GET[key] for key in ("amount", "count", "source") if key in request.GET}
    if "event" not in request.GET:
        events = access.events_visible_to(request.user).order_by("-start_date", "name")[:100]
        context = {"events": events, "query": query, "proposed": _figure_from_text(request.GET)}
        return render(request, "projects/event_announce.html", context)
    event = access.events_visible_to(request.user).filter(pk=request.GET["event"] or 0).first()
    if event is None:
        target = reverse("projects:project_event_new")
    else:
        target = reverse("projects:project_event_edit", args=[event.pk])
    return redirect(f"{target}?{urlencode(query)}")


def _conflict(form, conflict) -> dict:
    return form_conflict(form, conflict, ChangeRecord.objects.latest_for(conflict.current))


@login_required
def signed_form(request, event_pk, pk=None):
    event, _can_manage = access.get_event_for_user(request.user, event_pk)
    if pk:
        signed, can_edit = access.get_signed_project_for_user(request.user, pk)
        org_access.require(can_edit and signed.event_id == event.pk)
    else:
        org_access.require(access.may_import_projects(request.user))
        signed = SignedProject(event=event, signed_on=event.start_date)
    form = SignedProjectForm(request.POST or None, instance=signed)
    context = {"form": form, "event": event, "signed": signed}
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        if not access.region_allows(request.user, candidate.region, candidate.responsible_unit):
            form.add_error("region", _("只能登记本单位负责或本地区的签约项目。"))
        else:
            try:
                signed_project_save(
                    signed=candidate, expected_version=form.cleaned_data.get("version")
                )
            except VersionConflict as conflict:
                context["conflict"] = _conflict(form, conflict)
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("签约项目已保存。"))
                return redirect("projects:project_event_detail", event.pk)
    return render(request, "projects/signed_form.html", context, status=status)


@login_required
@require_POST
def signed_advance(request, pk):
    signed, can_edit = access.get_signed_project_for_user(request.user, pk)
    org_access.require(can_edit)
    form = SignedProjectAdvanceForm(request.POST)
    if form.is_valid():
        try:
            signed_project_advance(signed=signed, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(
                request, _("进展已更新：%(stage)s") % {"stage": signed.get_stage_display()}
            )
    else:
        messages.error(request, _("请填写进展阶段和日期。"))
    return redirect("projects:project_event_detail", signed.event_id)

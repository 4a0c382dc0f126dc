"""Pages for joint meetings: list, schedule, detail with agenda, minutes and agreed items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination import access, selectors, services
from zhenxing.coordination.forms import AgendaItemForm, DecisionForm, MeetingForm, MinutesForm
from zhenxing.coordination.models import Level
from zhenxing.lib.actions import confirmed, run_form_action
from zhenxing.lib.versions import VersionConflict, conflict_context, rebase
from zhenxing.mechanisms.scope import mechanism_in_use
from zhenxing.orgs import access as org_access


@login_required
def meeting_list(request):
    org_access.require(access.may_use_coordination(request.user))
    context = {
        "meetings": access.meetings_visible_to(request.user),
        "awaiting": access.matters_visible_to(request.user)
        .awaiting_decision(Level.JOINT_MEETING)
        .order_by("raised_at"),
        "may_manage": access.may_manage(request.user),
    }
    return render(request, "coordination/meeting_list.html", context)


@login_required
def meeting_new(request):
    org_access.require(access.may_manage(request.user))
    mechanism = mechanism_in_use(request) or selectors.default_mechanism()
    initial = {
        "convener_unit": mechanism.convener_unit_id,
        "convener": mechanism.convener_title,
        "attending_units": list(mechanism.current_memberships().values_list("unit_id", flat=True)),
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                user=request.user, mechanism=mechanism, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("会议已安排，参会单位已收到通知。"))
            return redirect("coordination:meeting_detail", pk=meeting.pk)
    return render(request, "coordination/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk):
    meeting, can_edit = access.get_meeting_for_user(request.user, pk)
    return _detail_page(request, meeting, can_edit)


def _detail_page(request, meeting, can_edit, minutes_form=None, conflict=None, status=200):
    context = {
        "meeting": meeting,
        "can_edit": can_edit,
        "may_manage": access.may_manage(request.user),
        "attending_units": meeting.attending_units.all(),
        "agenda_items": meeting.agenda_items.select_related("matter__raised_by_unit"),
        "decisions": meeting.decisions.select_related(
            "lead_unit", "matter", "task"
        ).prefetch_related("participating_units"),
        "awaiting_count": access.matters_visible_to(request.user)
        .awaiting_decision(Level.JOINT_MEETING)
        .exclude(agenda_items__meeting=meeting)
        .count(),
        "agenda_form": AgendaItemForm(),
        "minutes_form": minutes_form or _minutes_form(meeting),
        "decision_form": DecisionForm(meeting=meeting),
        "conflict": conflict,
    }
    return render(request, "coordination/meeting_detail.html", context, status=status)


def _minutes_form(meeting, data=None) -> MinutesForm:
    return MinutesForm(data, initial={"minutes": meeting.minutes, "version": meeting.version})


@login_required
@require_POST
def meeting_agenda_build(request, pk):
    meeting = access.get_meeting_for_manager(request.user, pk)
    try:
        added = services.meeting_agenda_build(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已列入议题 %(count)d 项。") % {"count": len(added)})
    return redirect("coordination:meeting_detail", pk=pk)


@login_required
@require_POST
def agenda_item_add(request, pk):
    meeting = access.get_meeting_for_manager(request.user, pk)
    run_form_action(
        request,
        AgendaItemForm(request.POST),
        lambda **data: services.agenda_item_add(meeting=meeting, user=request.user, **data),
        _("议题已添加。"),
    )
    return redirect("coordination:meeting_detail", pk=pk)


@login_required
@require_POST
def meeting_minutes_save(request, pk):
    """Save the minutes; over someone else's newer minutes, 409 with theirs beside these."""
    meeting = access.get_meeting_for_manager(request.user, pk)
    form = _minutes_form(meeting, request.POST)
    try:
        run_form_action(
            request,
            form,
            lambda **data: services.meeting_minutes_save(
                meeting=meeting, user=request.user, **data
            ),
            _("会议纪要已保存。"),
            reraise=(VersionConflict,),
        )
    except VersionConflict as stale:
        current = stale.current
        record = ChangeRecord.objects.latest_for(current)
        conflict = conflict_context(form, _minutes_form(current), stale, record)
        rebase(form, current)
        return _detail_page(request, current, True, form, conflict, status=409)
    return redirect("coordination:meeting_detail", pk=pk)


@login_required
@require_POST
def decision_add(request, pk):
    meeting = access.get_meeting_for_manager(request.user, pk)
    run_form_action(
        request,
        DecisionForm(request.POST, meeting=meeting),
        lambda **data: services.decision_add(meeting=meeting, user=request.user, **data),
        _("议定事项已添加。"),
    )
    return redirect("coordination:meeting_detail", pk=pk)


@login_required
@require_POST
def decision_remove(request, pk):
    decision = access.get_decision_for_manager(request.user, pk)
    try:
        services.decision_remove(decision=decision, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("议定事项已删除。"))
    return redirect("coordination:meeting_detail", pk=decision.meeting_id)


@login_required
@require_POST
def meeting_minutes_issue(request, pk):
    meeting = access.get_meeting_for_manager(request.user, pk)
    if not confirmed(request):
        return redirect("coordination:meeting_detail", pk=pk)
    try:
        services.meeting_minutes_issue(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("会议纪要已印发，议定事项已列入台账跟踪。"))
    return redirect("coordination:meeting_detail", pk=pk)

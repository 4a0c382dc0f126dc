"""Rounds: the list, opening a round, recurring schedules, the round's dashboard, closing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhenxing.audit.models import ChangeRecord
from zhenxing.lib.actions import confirmed
from zhenxing.lib.pagination import FastPaginator
from zhenxing.lib.periods import previous_period_label
from zhenxing.lib.versions import VersionConflict, form_conflict
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import acting_unit, require, sees_everything
from zhenxing.orgs.models import Unit
from zhenxing.rounds import access, exports, selectors, services
from zhenxing.rounds.forms import RoundOpenForm, RoundScheduleForm, SubmissionFilterForm
from zhenxing.rounds.models import PeriodKind, ReportingRound, RoundSchedule, Submission
from zhenxing.rounds.views import render_page


@login_required
def round_list(request):
    require(access.may_use_rounds(request.user))
    rounds = within_mechanism(access.rounds_visible_to(request.user), mechanism_in_use(request))
    status = request.GET.get("status", "")
    if status in ReportingRound.Status.values:
        rounds = rounds.filter(status=status)
    counted = access.submissions_visible_to(request.user)
    if not sees_everything(request.user):
        counted = Submission.objects.of_unit(acting_unit(request.user))
    if request.GET.get("export") == "rounds":
        return exports.xlsx_response(
            "rounds.xlsx", exports.rounds_table(selectors.rounds_progress(rounds, None, counted))
        )
    page = Paginator(rounds, 30).get_page(request.GET.get("page"))
    progress = selectors.rounds_progress(page.object_list, None, counted)
    context = {
        "page": page,
        "progress": progress,
        "status": status,
        "statuses": ReportingRound.Status,
    }
    return render_page(request, "rounds/round_list.html", context)


@login_required
def round_open(request):
    require(access.may_manage_rounds(request.user))
    plans = within_mechanism(RoundOpenForm.base_fields["plan"].queryset, mechanism_in_use(request))
    plan_id = request.POST.get("plan") or request.GET.get("plan")
    plan = plans.filter(pk=plan_id).first() if plan_id and plan_id.isdigit() else plans.first()
    today = timezone.localdate()
    initial = {
        "period_kind": PeriodKind.QUARTER,
        "period_label": previous_period_label(PeriodKind.QUARTER, today),
        "scope": "plan",
    }
    form = RoundOpenForm(request.POST or None, plan=plan, initial=initial)
    form.fields["plan"].queryset = plans  # the mechanism in use's plans only
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_open(
                user=request.user,
                tasks=form.selected_tasks(),
                mechanism=data["plan"].mechanism or mechanism_in_use(request),
                **{
                    name: data[name]
                    for name in (
                        "period_kind",
                        "period_label",
                        "period_start",
                        "period_end",
                        "due_date",
                        "title",
                        "instructions",
                    )
                },
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("调度已发起，已通知各报送单位。"))
            unstaffed = selectors.units_without_reporters(
                round_.submissions.values_list("unit_id", flat=True)
            )
            if unstaffed:
                messages.warning(
                    request,
                    _("%(count)s 个单位没有可报送的账号，见本页提示。") % {"count": len(unstaffed)},
                )
            return redirect("rounds:round_detail", round_.pk)
    asked = selectors.units_asked_by_tasks(plan.tasks.all()) if plan else set()
    context = {
        "form": form,
        "plan": plan,
        "asked_count": len(asked),
        "unstaffed": selectors.units_without_reporters(asked),
    }
    return render_page(request, "rounds/round_open.html", context)


@login_required
def schedule_list(request):
    require(access.may_manage_rounds(request.user))
    form = RoundScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _schedule_saved(request, form, None):
            return redirect("rounds:schedule_list")
    schedules = RoundSchedule.objects.select_related("plan", "created_by")
    return render_page(request, "rounds/schedule_list.html", {"form": form, "schedules": schedules})


@login_required
def schedule_edit(request, pk):
    require(access.may_manage_rounds(request.user))
    schedule = get_object_or_404(RoundSchedule, pk=pk)
    form = RoundScheduleForm(request.POST or None, instance=schedule)
    context = {"form": form, "schedule": schedule, "rounds": schedule.rounds.all()}
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            if _schedule_saved(request, form, schedule):
                return redirect("rounds:schedule_list")
        except VersionConflict as conflict:
            record = ChangeRecord.objects.latest_for(conflict.current)
            context["conflict"] = form_conflict(form, conflict, record)
            status = 409
    return render_page(request, "rounds/schedule_edit.html", context, status=status)


def _schedule_saved(request, form, schedule) -> bool:
    data = form.cleaned_data
    try:
        services.round_schedule_save(user=request.user, schedule=schedule, **data)
    except VersionConflict:
        raise
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("定期调度已保存。"))
    return True


@login_required
def round_detail(request, pk):
    """The round's dashboard: who has (not) reported, by status, the review queue."""
    round_, can_manage = access.get_round_for_user(request.user, pk)
    visible = access.submissions_visible_to(request.user).filter(round=round_)
    export = request.GET.get("export")
    if not sees_everything(request.user):
        require(not export)  # a unit's page has only its own table, no export
        return _unit_round(request, round_)
    completion = selectors.round_completion(round_)
    unit_ids = [row.unit_id for row in completion["units"]]
    units = Unit.objects.filter(pk__in=unit_ids)
    form = SubmissionFilterForm(request.GET or None, units=units)
    # Reports are created in the plan's order, each task's lead first: the id keeps that order
    # without sorting 10,000 rows through two joins.
    submissions = (form.filter(visible) if form.is_valid() else visible).order_by("pk")
    queue = selectors.review_queue(visible)
    if export:
        return _round_export(round_, export, completion, submissions, visible)
    chases = round_.chases.select_related("unit", "chased_by")
    context = {
        "round": round_,
        "can_manage": can_manage,
        "chases": chases,
        "unstaffed": selectors.units_without_reporters(unit_ids) if can_manage else [],
        "chased_today": {
            chase.unit_id: chase for chase in chases if chase.chased_on == timezone.localdate()
        },
        "completion": completion,
        "form": form,
        "page": FastPaginator(submissions, 25).get_page(request.GET.get("page")),
        "queue": queue,
        "may_bulk_accept": access.may_manage_rounds(request.user),
        "statuses": Submission.Status,
        "status_colours": Submission.STATUS_COLOURS,
    }
    return render_page(request, "rounds/round_detail.html", context)


def _round_export(round_, export, completion, submissions, visible):
    tables = {
        "completion": lambda: exports.completion_table(completion),
        "submissions": lambda: exports.submissions_table(submissions),
        "queue": lambda: exports.submissions_table(selectors.review_queue(visible)),
    }
    require(export in tables)
    return exports.xlsx_response(f"round-{round_.pk}-{export}.xlsx", tables[export]())


UNIT_PAGE_SIZE = 100  # a unit's own reports in a round


def _unit_round(request, round_):
    unit = acting_unit(request.user)
    own = Submission.objects.of_unit(unit).filter(round=round_).select_related("task", "unit")
    page = FastPaginator(own.order_by("pk"), UNIT_PAGE_SIZE).get_page(request.GET.get("page"))
    ready = selectors.participants_ready(unit)
    context = {
        "round": round_,
        "page": page,
        "rows": [
            (submission, ready.get((submission.round_id, submission.task_id), 0))
            for submission in page
        ],
        "status_colours": Submission.STATUS_COLOURS,
    }
    return render_page(request, "rounds/round_unit.html", context)


@login_required
@require_POST
def round_close(request, pk):
    round_, can_manage = access.get_round_for_user(request.user, pk)
    require(can_manage)
    if not confirmed(request):
        return redirect("rounds:round_detail", round_.pk)
    services.round_close(round_=round_, user=request.user)
    messages.success(request, _("本次调度已结束。"))
    return redirect("rounds:round_detail", round_.pk)


@login_required
@require_POST
def round_chase(request, pk):
    """催报 the ticked units that have not reported, now (once per unit and day)."""
    round_, can_manage = access.get_round_for_user(request.user, pk)
    require(can_manage)
    unit_ids = {int(value) for value in request.POST.getlist("unit") if value.isdigit()}
    chases = services.round_chase(round_=round_, user=request.user, unit_ids=unit_ids)
    if chases:
        names = "、".join(chase.unit.display_name for chase in chases)
        messages.success(request, _("已催报：%(units)s。") % {"units": names})
    else:
        messages.warning(request, _("没有可催报的单位：所选单位已报齐或今日已催报。"))
    return redirect(f"{reverse('rounds:round_detail', args=[round_.pk])}#chase")

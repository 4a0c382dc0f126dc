"""Dashboards: the secretariat's, a unit's, the leading group's."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.lib.colours import Colour
from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import acting_unit, is_unit_person, require, sees_everything
from zhenxing.rounds import access, exports, selectors
from zhenxing.rounds.forms import DashboardFilterForm
from zhenxing.rounds.models import ExtensionRequest, ReportingRound, Submission
from zhenxing.rounds.views import render_page

# Dashboards colour every task but show a page of them; the exports carry the whole tables.
PAGE_SIZE = 25


@login_required
def dashboard(request):
    """The secretariat's view across rounds of the mechanism in use: completion, lights,
    overdue, queue, league."""
    require(sees_everything(request.user))
    mechanism = mechanism_in_use(request)
    form = DashboardFilterForm(request.GET or None, mechanism=mechanism)
    data = _overview(request, form)
    league = selectors.league_table(
        rounds=form.league_rounds(), today=data["today"], mechanism=mechanism
    )
    data["league"] = selectors.sorted_league(
        league, form.value("league_sort", "on_time"), form.value("unit_kind")
    )
    data["queue"] = selectors.review_queue(access.submissions_visible_to(request.user, mechanism))
    data["may_bulk_accept"] = access.may_manage_rounds(request.user)
    data["pending_extensions"] = within_mechanism(
        ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING),
        mechanism,
        "task__plan__mechanism",
    ).count()
    export = request.GET.get("export")
    if export:
        return _export(export, data)
    data["form"] = form
    data["page"] = Paginator(data["shown"], PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "rounds/dashboard.html", data)


def _overview(request, form) -> dict:
    """What every overall dashboard shows, for the mechanism in use (`form.mechanism`): open
    rounds' completion and the tasks' lights."""
    today = timezone.localdate()
    mechanism = form.mechanism
    tasks = access.supervised_tasks_visible_to(request.user, mechanism).in_force()
    tasks = form.filter_tasks(tasks)
    rows = selectors.task_rows(tasks, today, sort=form.value("sort", "colour"))
    colour = form.value("colour")
    rollups = selectors.task_rollups(tasks)
    if form.value("rollup"):
        rows = selectors.rows_by_rollup(rows, rollups, form.value("rollup"))
    return {
        "today": today,
        "progress": selectors.rounds_progress(
            within_mechanism(
                ReportingRound.objects.filter(status=ReportingRound.Status.OPEN), mechanism
            ),
            today,
        ),
        "counts": selectors.count_colours(rows),
        "rows": rows,
        "shown": [row for row in rows if row.light.colour == colour] if colour else rows,
        "overdue": sorted(
            (row for row in rows if _overdue(row, today)), key=lambda row: row.task.due_date
        ),
        "colour_labels": Colour.LABELS,
        "rollups": rollups,
        "task_fields": [form[name] for name in ("plan", "lead_unit", "colour", "rollup", "sort")],
        "league_fields": [form[name] for name in ("league_period", "league_sort", "unit_kind")],
    }


def _overdue(row, today) -> bool:
    due = row.task.due_date
    return row.light.colour == Colour.RED and due is not None and due < today


EXPORTS = {
    "rounds": ("progress", exports.rounds_table),
    "tasks": ("shown", exports.tasks_table),
    "overdue": ("overdue", lambda rows: exports.tasks_table(rows, _("逾期任务"))),
    "lagging": ("lagging", lambda rows: exports.tasks_table(rows, _("滞后任务"))),
    "league": ("league", exports.league_table),
    "queue": ("queue", exports.submissions_table),
    "due": ("due", exports.submissions_table),
}


def _export(export: str, data: dict):
    """The table `export` of the page, whole (not just the page shown), as .xlsx."""
    key, build = EXPORTS.get(export, ("", None))
    require(key in data)
    return exports.xlsx_response(f"{export}.xlsx", build(data[key]))


@login_required
def my_dashboard(request):
    """A unit's due reports, the reports it can consolidate, and its tasks with their lights."""
    require(is_unit_person(request.user))
    unit = acting_unit(request.user)
    form = DashboardFilterForm(request.GET or None, mechanism=mechanism_in_use(request))
    data = _overview(request, form)
    data["due"] = selectors.unit_due_submissions(unit)
    data["recent"] = (
        Submission.objects.of_unit(unit)
        .filter(round__status=ReportingRound.Status.OPEN, status__in=access.SEALED)
        .select_related("round", "task")
        .order_by("-submitted_at")[:20]
    )
    ready = selectors.participants_ready(unit)
    data["due_rows"] = [
        (submission, ready.get((submission.round_id, submission.task_id), 0))
        for submission in data["due"]
    ]
    data["extensions"] = access.extension_requests_visible_to(request.user)[:10]
    export = request.GET.get("export")
    if export:
        return _export(export, data)
    data.update(form=form, unit=unit, status_colours=Submission.STATUS_COLOURS)
    data["extension_colours"] = ExtensionRequest.STATUS_COLOURS
    return render_page(request, "rounds/my_dashboard.html", data)


@login_required
def overview(request):
    """For the leading group: lights, completion of open rounds, the lagging tasks."""
    require(sees_everything(request.user))
    form = DashboardFilterForm(request.GET or None, mechanism=mechanism_in_use(request))
    data = _overview(request, form)
    data["lagging"] = [
        row for row in data["rows"] if row.light.colour in (Colour.RED, Colour.YELLOW)
    ]
    export = request.GET.get("export")
    if export:
        return _export(export, data)
    data["form"] = form
    data["lagging_page"] = Paginator(data["lagging"], PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(request, "rounds/overview.html", data)

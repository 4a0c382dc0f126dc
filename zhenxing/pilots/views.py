"""Pages of pilots and demonstration zones: the list of the mechanism in use (filter by type,
Excel export) and a pilot's page with its tasks, projects, figures and evaluations."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhenxing.mechanisms.scope import mechanism_in_use, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.pilots import access, selectors
from zhenxing.pilots.exports import pilots_xlsx
from zhenxing.pilots.models import Pilot
from zhenxing.projects.views import wants_xlsx, xlsx_response


@login_required
def pilot_list(request):
    require(access.may_read_pilots(request.user))
    pilots = within_mechanism(Pilot.objects.all(), mechanism_in_use(request))
    kind = request.GET.get("kind", "")
    if kind in Pilot.Kind.values:
        pilots = pilots.filter(kind=kind)
    pilots = pilots.select_related("region").prefetch_related("evaluations", "tasks", "projects")
    if wants_xlsx(request):
        return xlsx_response(pilots_xlsx(pilots), "试点示范.xlsx")
    context = {
        "pilots": pilots,
        "kinds": Pilot.Kind.choices,
        "kind": kind,
        "may_edit": access.may_edit_pilots(request.user),
    }
    return render(request, "pilots/pilot_list.html", context)


@login_required
def pilot_detail(request, pk):
    pilot, may_edit = access.get_pilot_for_user(request.user, pk)
    context = {
        "pilot": pilot,
        "tasks": pilot.tasks.select_related("plan", "lead_unit"),
        "projects": pilot.projects.select_related("region"),
        "figures": selectors.pilot_figures(pilot),
        "evaluations": pilot.evaluations.all(),
        "may_edit": may_edit,
    }
    return render(request, "pilots/pilot_detail.html", context)

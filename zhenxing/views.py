"""The home dashboard: real counts, and the way into each role's work."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination.selectors import home_panel as coordination_panel
from zhenxing.inspections.selectors import home_panel as inspections_panel
from zhenxing.mechanisms.scope import mechanism_in_use
from zhenxing.orgs import access
from zhenxing.orgs.models import Region, Unit, User
from zhenxing.projects.selectors import home_panel as projects_panel
from zhenxing.rounds.selectors import home_panel


@login_required
def home(request):
    access.require(access.may_use_business_pages(request.user))
    mechanism = mechanism_in_use(request)
    counts = {
        "member_units": mechanism.current_memberships().count() if mechanism else 0,
        "units": Unit.objects.current().count(),
        "regions": Region.objects.count(),
        "people": User.objects.filter(is_active=True).exclude(role="").count(),
    }
    if access.may_read_audit_log(request.user):
        counts["changes"] = ChangeRecord.objects.count()
    context = {
        "mechanism": mechanism,
        "counts": counts,
        "rounds": home_panel(request.user, mechanism=mechanism),
        "projects": projects_panel(request.user),
        "coordination": coordination_panel(request.user),
        "inspections": inspections_panel(request.user),
    }
    return render(request, "home.html", context)

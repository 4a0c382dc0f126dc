"""The mechanism page: its structure drawn from data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhenxing.mechanisms import scope
from zhenxing.mechanisms.models import Mechanism, Membership
from zhenxing.orgs import access


@login_required
def mechanism_list(request):
    access.require(access.may_use_business_pages(request.user))
    mechanisms = Mechanism.objects.select_related("lead_unit")
    if len(mechanisms) == 1:
        return redirect("mechanisms:mechanism_detail", code=mechanisms[0].code)
    return render(request, "mechanisms/mechanism_list.html", {"mechanisms": mechanisms})


@login_required
def mechanism_detail(request, code):
    access.require(access.may_use_business_pages(request.user))
    mechanism = get_object_or_404(
        Mechanism.objects.select_related(
            "leading_group", "lead_unit", "convener_unit", "secretariat_unit__parent"
        ),
        code=code,
    )
    memberships = list(mechanism.current_memberships())
    context = {
        "mechanism": mechanism,
        "central_members": [m for m in memberships if m.side == Membership.Side.CENTRAL],
        "local_members": [m for m in memberships if m.side == Membership.Side.LOCAL],
        "member_count": len(memberships),
        "former_memberships": mechanism.memberships.exclude(
            pk__in=[m.pk for m in memberships]
        ).select_related("unit__succeeded_by"),
        "secretariat_components": mechanism.secretariat_components.select_related("unit"),
        "liaisons": mechanism.liaisons.current().select_related("unit", "person"),
        "duties": mechanism.duties.all(),
        # The secretariat chooses what the open-data site shows (zhenxing.public).
        "may_choose_publications": access.is_secretariat(request.user),
    }
    return render(request, "mechanisms/mechanism_detail.html", context)


@login_required
@require_POST
def mechanism_use(request):
    """The header's switcher: work in another of the person's mechanisms from now on."""
    access.require(access.may_use_business_pages(request.user))
    mechanism = get_object_or_404(Mechanism, code=request.POST.get("code", ""))
    scope.mechanism_use(request, mechanism)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "home"
    return redirect(next_url)

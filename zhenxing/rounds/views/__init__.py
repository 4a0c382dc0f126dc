"""Pages of reporting rounds: rounds, submissions, tasks and extensions, dashboards."""

from django.shortcuts import render

from zhenxing.orgs.access import is_unit_person, sees_everything
from zhenxing.rounds import access


def render_page(request, template: str, context: dict, status: int = 200):
    """Render with what the rounds pages' tabs and buttons need to know about the user."""
    user = request.user
    context["rounds_perms"] = {
        "manage": access.may_manage_rounds(user),
        "reads_all": sees_everything(user),
        "unit": is_unit_person(user),
    }
    return render(request, template, context, status=status)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"

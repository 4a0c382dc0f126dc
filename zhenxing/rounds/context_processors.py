"""The header's 调度督办 entry for the signed-in user (the shared base template draws it)."""

from django.urls import reverse

from zhenxing.orgs.access import is_unit_person
from zhenxing.rounds import access


def entry_url(user) -> str:
    """Where 调度督办 leads this user ('' when rounds are not theirs)."""
    if not access.may_use_rounds(user):
        return ""
    if is_unit_person(user):
        return reverse("rounds:my_dashboard")
    if access.may_manage_rounds(user):
        return reverse("rounds:dashboard")
    return reverse("rounds:overview")


def navigation(request) -> dict:
    return {"rounds_url": entry_url(getattr(request, "user", None))}

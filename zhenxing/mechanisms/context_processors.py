"""The header's mechanism switcher: the mechanism in use and the others the person works in."""

from functools import cached_property

from zhenxing.mechanisms import scope
from zhenxing.orgs import access


class MechanismChoice:
    """Read only when the header draws it (one query), not for every template."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def options(self):
        return scope.mechanisms_in_reach(self.request)

    @cached_property
    def in_use(self):
        return scope.mechanism_in_use(self.request)


def mechanism_choice(request):
    user = getattr(request, "user", None)
    if not access.may_use_business_pages(user) or user.is_administrator:
        return {}
    return {"mechanism_choice": MechanismChoice(request)}

"""Which mechanisms a person works in, and the one in use (issue 17).

A person works in the mechanisms whose member or lead unit they act for (their unit, or the
department or government it belongs to), and a leading-group reader in the mechanisms of their
leading group. A secretariat officer works in the mechanisms whose secretariat their unit is
(or belongs to): their secretariat powers stop at their own mechanism, so a provincial
secretariat never sees the national mechanism's drafts. A person none of these rules places
works in the top-level mechanisms, as everybody did before there were levels.

The mechanism in use is kept in the session (`mechanism_use`); by default it is the person's
lowest-level mechanism (a provincial department's officer starts in the province). Rows that
predate levels (no mechanism) belong to the top level.

Every rule here is a subquery, so scoping a list adds joins, not queries.
"""

from django.db.models import Exists, Q, QuerySet, Subquery

from zhenxing.mechanisms.models import Mechanism, Membership, SecretariatComponent
from zhenxing.operations.list_cache import kept_answer
from zhenxing.orgs import access
from zhenxing.orgs.models import Role, Unit

SESSION_KEY = "mechanism_in_use"
# Lowest level first: the default mechanism is the one closest to the person's own work.
LEVEL_ORDER = [
    Mechanism.Level.COUNTY,
    Mechanism.Level.CITY,
    Mechanism.Level.PROVINCIAL,
    Mechanism.Level.NATIONAL,
]


def _acting_for(field: str, unit_id: int, depth: int = 2) -> Q:
    """`field` is the person's unit or one of the units above it, `depth` levels up (the
    department or government it belongs to). The units above are uncorrelated scalar
    subqueries, which the database works out once per statement; a filter through the
    reverse joins instead multiplied rows (PostgreSQL spent minutes on it)."""
    rule = Q(**{field: unit_id})
    above = "parent_id"
    for _level in range(depth):
        rule |= Q(**{field: Subquery(Unit.objects.filter(pk=unit_id).values(above)[:1])})
        above = above.replace("_id", "__parent_id")
    return rule


def mechanisms_of(user) -> QuerySet[Mechanism]:
    """The mechanisms `user` works in (see the module's docstring)."""
    if not access.is_active(user) or not user.role:
        return Mechanism.objects.none()
    unit_id = user.unit_id
    members = Membership.objects.current().filter(_acting_for("unit", unit_id))
    by_membership = Q(pk__in=members.values("mechanism")) | _acting_for("lead_unit", unit_id)
    if user.role == Role.LEADING_GROUP_READER:
        by_membership |= Q(leading_group=unit_id)
    if user.role == Role.SECRETARIAT_OFFICER:
        components = SecretariatComponent.objects.filter(unit=unit_id).values("mechanism")
        secretariat = _acting_for("secretariat_unit", unit_id, depth=1) | Q(pk__in=components)
        is_secretariat_somewhere = Exists(Mechanism.objects.filter(secretariat))
        rule = secretariat | (~is_secretariat_somewhere & by_membership)
    else:
        rule = by_membership
    placed = Exists(Mechanism.objects.filter(rule))
    return Mechanism.objects.filter(rule | (~placed & Q(parent__isnull=True)))


def top_mechanism() -> Mechanism | None:
    """The mechanism rows without one belong to: the first top-level mechanism set up."""
    return Mechanism.objects.filter(parent__isnull=True).order_by("established_on", "pk").first()


def may_work_in(user, mechanism: Mechanism | None) -> bool:
    """Whether `user` works in `mechanism` (None: a row that predates levels, top level)."""
    if mechanism is None:
        return mechanisms_of(user).filter(parent__isnull=True).exists()
    return mechanisms_of(user).filter(pk=mechanism.pk).exists()


def within_mechanisms_of(queryset: QuerySet, user, field: str = "mechanism") -> QuerySet:
    """Rows of `queryset` in the mechanisms `user` works in; rows with no mechanism count as
    the top level's."""
    ids, top_level = _mechanism_ids_of(user)
    rows = Q(**{f"{field}__in": ids})
    if top_level:
        rows |= Q(**{f"{field}__isnull": True})
    return queryset.filter(rows)


def _mechanism_ids_of(user) -> tuple[list[int], bool]:
    """The ids of the mechanisms `user` works in, and whether one is top level; kept like the
    header's list (mechanisms_in_reach): building the rule's query cost more than most lists."""

    def build() -> tuple[list[int], bool]:
        rows = list(mechanisms_of(user).values_list("pk", "parent_id"))
        return [pk for pk, _parent in rows], any(parent is None for _pk, parent in rows)

    return _kept("ids", user, build)


def within_mechanism(queryset: QuerySet, mechanism: Mechanism | None, field: str = "mechanism"):
    """Rows of `queryset` in `mechanism` (rows with no mechanism belong to the top level)."""
    if mechanism is None:
        return queryset.none()
    rows = Q(**{field: mechanism})
    if mechanism.parent_id is None:
        rows |= Q(**{f"{field}__isnull": True})
    return queryset.filter(rows)


def _ordered(mechanisms) -> list[Mechanism]:
    return sorted(mechanisms, key=lambda m: (LEVEL_ORDER.index(m.level), m.established_on, m.code))


# What decides a person's mechanisms, besides their own role and unit.
REACH_MODELS = (Mechanism, Membership, SecretariatComponent, Unit)


def mechanisms_in_reach(request) -> list[Mechanism]:
    """The person's mechanisms, lowest level first, read once per request, and kept between
    requests until a mechanism, membership, secretariat component or unit is written: the
    rule's query takes longer to build than most pages take to render (every page's header
    shows the mechanism switcher)."""
    if not hasattr(request, "_mechanisms_in_reach"):
        request._mechanisms_in_reach = _reach_of(request)
    return request._mechanisms_in_reach


def _kept(kind: str, user, build):
    """What `build()` returns for `user`, kept until something that decides a person's
    mechanisms (REACH_MODELS, their role or unit, the date: memberships begin and end on dates)
    changes; in the default cache, beside the sessions' small answers, not among whole pages."""
    if not access.is_active(user) or not user.role:
        return build()
    return kept_answer(user, f"reach:{kind}", REACH_MODELS, build, cache="default")


def _reach_of(request) -> list[Mechanism]:
    user = request.user

    def build() -> list[Mechanism]:
        related = ("parent", "lead_unit", "secretariat_unit")
        return _ordered(mechanisms_of(user).select_related(*related))

    return _kept("mechanisms", user, build)


def mechanism_in_use(request) -> Mechanism | None:
    """The mechanism chosen in the session if the person still works in it, else their
    default (lowest level); None for someone who works in none."""
    mechanisms = mechanisms_in_reach(request)
    chosen = getattr(request, "session", {}).get(SESSION_KEY)
    for mechanism in mechanisms:
        if mechanism.code == chosen:
            return mechanism
    return mechanisms[0] if mechanisms else None


def mechanism_use(request, mechanism: Mechanism) -> None:
    """Keep `mechanism` as the one in use for the rest of the session."""
    access.require(mechanism in mechanisms_in_reach(request))
    request.session[SESSION_KEY] = mechanism.code


def mechanism_for_api(request, code: str | None) -> Mechanism | None:
    """The API's `mechanism` query parameter: a code the caller works in (403 otherwise);
    without it the mechanism in use (a token caller: their default)."""
    if code:
        for mechanism in mechanisms_in_reach(request):
            if mechanism.code == code:
                return mechanism
        access.require(False)
    return mechanism_in_use(request)

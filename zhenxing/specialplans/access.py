"""Who may do what with special plans: every business role reads the plans in force or
completed of the mechanism in use; a plan still being drawn up (编制中) is read only by the
secretariat, the leading group's readers and inspectors, and the responsible unit's people.
The secretariat records and edits plans and their parts; the responsible unit's liaison or
leader (and the secretariat) report the plan's figures. Administrators see no business data."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs.access import (
    acting_unit,
    has_role,
    is_secretariat,
    may_edit_unit_work,
    require,
    sees_everything,
)
from zhenxing.orgs.models import BUSINESS_ROLES
from zhenxing.specialplans.models import SpecialPlan


def may_read_plans(user) -> bool:
    return has_role(user, *BUSINESS_ROLES)


def may_edit_plans(user) -> bool:
    return is_secretariat(user)


def may_report_figures(user, plan: SpecialPlan) -> bool:
    return may_edit_unit_work(user, plan.responsible_unit)


def plans_visible_to(queryset: QuerySet[SpecialPlan], user) -> QuerySet[SpecialPlan]:
    """Plans past drafting for everyone who reads plans; drafts for those who see everything
    and for the responsible unit (a department's people act for its ministry)."""
    if sees_everything(user):
        return queryset
    unit = acting_unit(user)
    own = Q(responsible_unit=unit) | Q(responsible_unit__parent=unit) if unit else Q(pk__in=[])
    return queryset.filter(~Q(status=SpecialPlan.Status.DRAFT) | own)


def get_plan_for_user(user, pk: int) -> tuple[SpecialPlan, bool, bool]:
    """A plan the user may see in their mechanisms, whether they may edit it and whether they
    may report its figures; 403 when plans are not read, 404 when it is not theirs to see."""
    require(may_read_plans(user))
    plans = within_mechanisms_of(
        plans_visible_to(SpecialPlan.objects.select_related("responsible_unit"), user), user
    )
    plan = get_object_or_404(plans, pk=pk)
    return plan, may_edit_plans(user), may_report_figures(user, plan)

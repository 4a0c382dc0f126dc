"""Who may see and change policy documents, division plans and tasks. Used by pages and API.

- Everyone with business pages reads documents, and the plans (draft or published) and tasks
  of the mechanisms they work in (zhenxing/mechanisms/scope.py).
- Secretariat officers import documents and create, edit and publish plans and tasks.
- A unit's liaison or leader has "my tasks": tasks of published plans that its unit (or one of
  the unit's departments) leads, leads with others (a co-lead), or takes part in. It may split a
  task its unit leads or co-leads into
  sub-tasks for its own departments and cities, and edit those sub-tasks, but never the task
  it received.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.orgs.models import BUSINESS_ROLES, Unit
from zhenxing.orgs.selectors import region_within
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task

LOCAL_GOVERNMENT_KINDS = (Unit.Kind.CITY_GOVERNMENT, Unit.Kind.COUNTY_GOVERNMENT)


def may_read_policies(user) -> bool:
    """Documents, plans and tasks: every business role. The three administrators keep to
    accounts, settings and the audit log, as in every other business area."""
    return access.has_role(user, *BUSINESS_ROLES)


def may_manage_policies(user) -> bool:
    """Import documents; propose, import, edit and publish plans and their tasks."""
    return access.is_secretariat(user)


def has_my_tasks(user) -> bool:
    """The "my tasks" page is a unit person's: the tasks their unit leads or takes part in."""
    return access.is_unit_person(user)


def may_change_task_list(user, plan: DivisionPlan) -> bool:
    """Tasks are added and deleted while the plan is a draft; afterwards they are revised."""
    return may_manage_policies(user) and not plan.is_published


def may_split_task(user, task: Task) -> bool:
    """The secretariat splits any task; a unit splits a published task its unit leads (alone
    or as a co-lead)."""
    if may_manage_policies(user):
        return True
    return has_my_tasks(user) and task.plan.is_published and _leads_task(user, task)


def may_edit_task(user, task: Task) -> bool:
    """The secretariat edits every task; a unit edits the sub-tasks it split off its own task."""
    if may_manage_policies(user):
        return True
    return has_my_tasks(user) and task.parent_id is not None and _leads_task(user, task.parent)


def _leads_task(user, task: Task) -> bool:
    """Co-leads (A、B牵头) count as the lead: whether the user's unit leads `task`."""
    return any(access.may_edit_unit_work(user, unit) for unit in task.lead_units())


def documents_visible_to(user) -> QuerySet[PolicyDocument]:
    if not may_read_policies(user):
        return PolicyDocument.objects.none()
    return PolicyDocument.objects.select_related("imported_by", "issuer_unit")


def plans_visible_to(user) -> QuerySet[DivisionPlan]:
    if not may_read_policies(user):
        return DivisionPlan.objects.none()
    return within_mechanisms_of(
        DivisionPlan.objects.select_related("document", "published_by"), user
    )


def plan_tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks as read in their plans: every task of every plan, drafts included, for every
    business role. (Rounds' `supervised_tasks_visible_to` is the narrower reporting view.)"""
    if not may_read_policies(user):
        return Task.objects.none()
    return within_mechanisms_of(
        Task.objects.select_related("plan", "lead_unit", "source_node", "parent"),
        user,
        "plan__mechanism",
    )


def my_tasks(user) -> QuerySet[Task]:
    """Tasks of published plans that the user's unit or one of its departments is involved in."""
    if not has_my_tasks(user):
        return Task.objects.none()
    return (
        within_mechanisms_of(
            Task.objects.involving(access.acting_unit(user)), user, "plan__mechanism"
        )
        .filter(plan__status=DivisionPlan.Status.PUBLISHED)
        .select_related("plan", "lead_unit", "parent")
        .prefetch_related("participating_units", "co_lead_units")
    )


def get_document_for_user(user, pk) -> tuple[PolicyDocument, bool]:
    """The document and whether the user may act on it (propose plans); 403 when not readable."""
    access.require(may_read_policies(user))
    document = get_object_or_404(documents_visible_to(user), pk=pk)
    return document, may_manage_policies(user)


def get_plan_for_user(user, pk) -> tuple[DivisionPlan, bool]:
    """The plan and whether the user may edit it and its tasks; 403 when not readable."""
    access.require(may_read_policies(user))
    plan = get_object_or_404(plans_visible_to(user), pk=pk)
    return plan, may_manage_policies(user)


def get_plan_task_for_user(user, pk) -> tuple[Task, bool]:
    """A task as read in its plan and whether the user may edit it; 403 when not readable."""
    access.require(may_read_policies(user))
    task = get_object_or_404(
        plan_tasks_visible_to(user).select_related("parent__lead_unit", "plan__document"), pk=pk
    )
    return task, may_edit_task(user, task)


def subtask_units_for(user, task: Task) -> QuerySet[Unit]:
    """Units a task may be split among: for a unit, its departments and its region's cities
    and counties; for the secretariat, every current unit below the leading group."""
    units = Unit.objects.current().exclude(kind=Unit.Kind.LEADING_GROUP)
    if may_manage_policies(user):
        return units
    if not may_split_task(user, task):
        return Unit.objects.none()
    top = access.acting_unit(user)
    local = Q(parent=top)
    region_code = top.region.code if top.region_id else ""
    if region_code:
        nearby = [
            unit.pk
            for unit in units.filter(kind__in=LOCAL_GOVERNMENT_KINDS).select_related("region")
            if unit.region_id and region_within(unit.region.code, region_code)
        ]
        local |= Q(pk__in=nearby)
    return units.filter(local).exclude(pk=top.pk)

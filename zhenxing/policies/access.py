"""Who may see and change policy documents, division plans and tasks. Used by pages and API.

- Everyone with business pages reads documents, and the plans (draft or published) and tasks
  of the mechanisms they work in (zhenxing/mechanisms/scope.py).
- Secretariat officers import documents and create, edit and publish plans and tasks.
- A unit's liaison or leader has "my tasks": tasks of published plans that its unit (or one of
  the unit's departments) leads or takes part in. It may split a task its unit leads into
  sub-tasks for its own departments and cities, and edit those sub-tasks, but never the task
  it received.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zhenxing.mechanisms.scope import within_mechanisms_of
from zhenxing.orgs import access
from zhenxing.orgs.models import BUSINESS_ROLES, Role, Unit
from zhenxing.orgs.selectors import region_within
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task

UNIT_ROLES = (Role.UNIT_LIAISON, Role.UNIT_LEADER)
LOCAL_GOVERNMENT_KINDS = (Unit.Kind.CITY_GOVERNMENT, Unit.Kind.COUNTY_GOVERNMENT)


def may_read_policies(user) -> bool:
    """Documents, plans and tasks: every business role. The three administrators keep to
    accounts, settings and the audit log, as in every other business area."""
    return access.has_role(user, *BUSINESS_ROLES)


def may_manage_policies(user) -> bool:
    """Import documents; propose, import, edit and publish plans and their tasks."""
    return access.is_secretariat(user)


def has_my_tasks(user) -> bool:
    return access.has_role(user, *UNIT_ROLES) and user.unit_id is not None


def may_change_task_list(user, plan: DivisionPlan) -> bool:
    """Tasks are added and deleted while the plan is a draft; afterwards they are revised."""
    return may_manage_policies(user) and not plan.is_published


def may_split_task(user, task: Task) -> bool:
    """The secretariat splits any task; a unit splits a published task its unit leads."""
    if may_manage_policies(user):
        return True
    return (
        has_my_tasks(user)
        and task.plan.is_published
        and task.lead_unit_id is not None
        and access.may_edit_unit_work(user, task.lead_unit)
    )


def may_edit_task(user, task: Task) -> bool:
    """The secretariat edits every task; a unit edits the sub-tasks it split off its own task."""
    if may_manage_policies(user):
        return True
    return (
        has_my_tasks(user)
        and task.parent_id is not None
        and task.parent.lead_unit_id is not None
        and access.may_edit_unit_work(user, task.parent.lead_unit)
    )


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


def tasks_visible_to(user) -> QuerySet[Task]:
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
        within_mechanisms_of(Task.objects.involving(user.unit.top_unit()), user, "plan__mechanism")
        .filter(plan__status=DivisionPlan.Status.PUBLISHED)
        .select_related("plan", "lead_unit", "parent")
        .prefetch_related("participating_units")
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


def get_task_for_user(user, pk) -> tuple[Task, bool]:
    """The task and whether the user may edit it; 403 when not readable."""
    access.require(may_read_policies(user))
    task = get_object_or_404(
        tasks_visible_to(user).select_related("parent__lead_unit", "plan__document"), pk=pk
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
    top = user.unit.top_unit()
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

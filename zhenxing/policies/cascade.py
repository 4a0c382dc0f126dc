"""Cascade: a task handed down from one mechanism to the mechanism one level below.

The lower mechanism keeps its own division plan for the upper plan (a draft made on first
use); the handed-down task is a task of that plan whose `parent` is the upper task, so each
task knows the chain up and down across plans.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import may_work_in, top_mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies import access
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import task_create


def cascade_targets(task: Task) -> list[Mechanism]:
    """The mechanisms one level below the task's own that it may be handed down to."""
    upper = task.plan.mechanism or top_mechanism()
    if upper is None or not task.plan.is_published:
        return []
    return list(Mechanism.objects.filter(parent=upper).order_by("code"))


def may_cascade_task(user, task: Task) -> bool:
    """The secretariat of the task's own mechanism hands a published task down."""
    return (
        access.may_manage_policies(user)
        and may_work_in(user, task.plan.mechanism)
        and bool(cascade_targets(task))
    )


def cascade_plan_title(*, upper_plan: DivisionPlan, mechanism: Mechanism) -> str:
    return f"{mechanism.short_name or mechanism.name}落实{upper_plan.title}"[:300]


@transaction.atomic
def task_cascade(
    *,
    task: Task,
    mechanism: Mechanism,
    user,
    lead_unit: Unit | None = None,
    participating_units=(),
) -> Task:
    """Hand `task` down to `mechanism` (one level below the task's own mechanism): a task in
    that mechanism's plan for the upper plan (a draft its secretariat divides again and
    publishes), led by `lead_unit` (by default the mechanism's lead unit), with `task` as its
    parent.
    Cascading the same task to the same mechanism again returns the existing task."""
    if not task.plan.is_published:
        raise ValidationError("只能分解已发布方案中的任务。")
    upper_mechanism = task.plan.mechanism or top_mechanism()
    if mechanism.parent_id is None or mechanism.parent_id != getattr(upper_mechanism, "pk", None):
        raise ValidationError("只能将任务分解到下一级工作机制。")
    plan = DivisionPlan.objects.filter(
        mechanism=mechanism, title=cascade_plan_title(upper_plan=task.plan, mechanism=mechanism)
    ).first() or DivisionPlan.objects.create(
        title=cascade_plan_title(upper_plan=task.plan, mechanism=mechanism),
        mechanism=mechanism,
    )
    existing = plan.tasks.filter(parent=task).first()
    if existing is not None:
        return existing
    child = task_create(
        plan=plan,
        user=user,
        title=task.title,
        lead_unit=lead_unit or mechanism.lead_unit,
        parent=task,
        description=task.description,
        deadline_text=task.deadline_text,
        due_date=task.due_date,
        original_due_date=task.due_date,
        result_form=task.result_form,
        priority=task.priority,
    )
    child.participating_units.set(participating_units)
    return child


def task_chain(task: Task, visible_tasks) -> dict:
    """The chain a task belongs to across levels: its parents up to the top (top first) and
    the tasks below it, level by level. A row links only where the reader may open the task
    (`visible_tasks`, the reader's visible tasks); lower tasks show only from published plans, so
    nobody learns of another mechanism's draft."""
    up, current = [], task
    while current.parent_id is not None and len(up) < 10:
        current = Task.objects.select_related("plan__mechanism", "lead_unit").get(
            pk=current.parent_id
        )
        up.append(current)
    up.reverse()
    down, frontier, depth = [], [task.pk], 0
    while frontier and depth < 6:
        depth += 1
        children = list(
            Task.objects.filter(parent_id__in=frontier)
            .filter(Q(plan=task.plan) | Q(plan__status=DivisionPlan.Status.PUBLISHED))
            .select_related("plan__mechanism", "lead_unit", "parent")
            .order_by("parent_id", "position")
        )
        down += [(depth, child) for child in children]
        frontier = [child.pk for child in children]
    ids = {row.pk for row in up} | {child.pk for _depth, child in down}
    across_levels = any(row.plan_id != task.plan_id for row in up) or any(
        child.plan_id != task.plan_id for _depth, child in down
    )
    may_open = set(visible_tasks.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return {
        "across_levels": across_levels,
        "self": _row(task, may_open),
        "up": [_row(row, may_open) for row in up],
        "down": [_row(child, may_open) | {"depth": depth} for depth, child in down],
    }


def _row(task: Task, may_open: set) -> dict:
    mechanism = task.plan.mechanism
    return {
        "task": task,
        "link": task.pk in may_open,
        "level": mechanism.get_level_display() if mechanism else "—",
        "mechanism": (mechanism.short_name or mechanism.name) if mechanism else "—",
    }

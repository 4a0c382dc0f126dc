"""Cascade: a task handed down from one mechanism to the mechanism one level below.

The lower mechanism keeps its own division plan for the upper plan (a draft made on first
use); the handed-down task is a task of that plan whose `parent` is the upper task, so each
task knows the chain up and down across plans.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import task_create


def cascade_plan_title(*, upper_plan: DivisionPlan, mechanism: Mechanism) -> str:
    return f"{mechanism.short_name or mechanism.name}落实{upper_plan.title}"[:300]


@transaction.atomic
def task_cascade(
    *, task: Task, mechanism: Mechanism, user, lead_unit: Unit, participating_units=()
) -> Task:
    """Hand `task` down to `mechanism` (one level below the task's own mechanism): a task in
    that mechanism's plan for the upper plan, led by `lead_unit`, with `task` as its parent.
    Cascading the same task to the same mechanism again returns the existing task."""
    upper_mechanism = task.plan.mechanism
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
        lead_unit=lead_unit,
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

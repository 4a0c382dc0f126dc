"""Ledgers (台账): published division plans that hold agreed items and assigned matters as
tasks, so they flow into reporting rounds like any other task."""

import datetime

from django.db import transaction

from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create

MEETING_LEDGER = "联席会议议定事项台账"
ASSIGNMENT_LEDGER = "领导小组交办事项台账"


def ledger_plan(*, mechanism: Mechanism, title: str) -> DivisionPlan:
    """The mechanism's ledger of that title (a plan without a source document), created on demand."""
    plan = (
        DivisionPlan.objects.filter(mechanism=mechanism, title=title, document__isnull=True)
        .order_by("pk")
        .first()
    )
    return plan or DivisionPlan.objects.create(mechanism=mechanism, title=title)


@transaction.atomic
def ledger_task_add(
    *,
    mechanism: Mechanism,
    ledger: str,
    user,
    code: str,
    title: str,
    description: str,
    lead_unit: Unit,
    participating_units,
    due_date: datetime.date,
) -> Task:
    """Add a task to a ledger and make sure the ledger is published."""
    plan = ledger_plan(mechanism=mechanism, title=ledger)
    task = task_create(
        plan=plan,
        user=user,
        title=title[:300],
        lead_unit=lead_unit,
        code=code[:30],
        description=description,
        deadline_text=f"{chinese_date(due_date)}前",
        due_date=due_date,
        original_due_date=due_date,
        priority=Task.Priority.KEY,
    )
    others = [unit for unit in participating_units if unit.pk != lead_unit.pk]
    if others:
        task.participating_units.set(others)
    if not plan.is_published:
        division_plan_publish(plan=plan, user=user)
    return task

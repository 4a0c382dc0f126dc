"""What policies announces to the apps above it, so that it need not import them.

`division_plan_drafted` is sent inside the transaction that drafts a plan — from a document's
annotations or from a division table — once its tasks exist (keyword argument `plan`). The
indicators app listens to propose the targets the plan's tasks state (增长6%以上) for confirmation.
A receiver may return a short message for the person who drafted the plan, or None; the service
collects them on `plan.drafting_notes` and the page shows them.
"""

from django.dispatch import Signal

from zhenxing.policies.models import Task

division_plan_drafted = Signal()


def announce_drafted(plan) -> None:
    responses = division_plan_drafted.send(sender=type(plan), plan=plan)
    plan.drafting_notes = [str(message) for _receiver, message in responses if message]


# Sent (keyword argument `task_ids`) inside the transaction of a service that changes what a
# task's light, completion or figures depend on: a report accepted, a close-out, a cascade, a
# split, a deadline changed, a plan published. The rollups app listens to refresh the roll-ups
# of those tasks' parents, so that policies and rounds need not import it.
tasks_changed = Signal()


def announce_tasks_changed(task_ids) -> None:
    tasks_changed.send(sender=Task, task_ids=list(task_ids))

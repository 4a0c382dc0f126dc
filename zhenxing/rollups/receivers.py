"""What the rollups app does when policies or rounds announce a changed task."""

from django.dispatch import receiver

from zhenxing.policies.signals import tasks_changed
from zhenxing.rollups import services


@receiver(tasks_changed)
def refresh_rollups_above(sender, task_ids, **kwargs):
    services.rollups_refresh_above(task_ids=task_ids)

"""The stored roll-ups (policies.TaskRollup, written by zhenxing.rollups) as dashboards read
them: one query for the tasks shown, no walk down the tree."""

from typing import NamedTuple

from zhenxing.lib.colours import Colour
from zhenxing.policies.models import TaskRollup


class RollupCell(NamedTuple):
    light: str
    children_complete: int
    children_total: int

    @property
    def colour_label(self) -> str:
        return Colour.LABELS.get(self.light, self.light)


def task_rollups(tasks) -> dict[int, RollupCell]:
    """The roll-up of each of `tasks` that has lower tasks, by task id (one query)."""
    return {
        task_id: RollupCell(*values)
        for task_id, *values in TaskRollup.objects.filter(
            task_id__in=tasks.values("pk")
        ).values_list("task_id", "light", "children_complete", "children_total")
    }


def rows_by_rollup(rows: list, rollups: dict[int, RollupCell], wanted: str) -> list:
    """Rows of tasks with a roll-up (`wanted` = "any") or whose roll-up has light `wanted`."""
    if wanted == "any":
        return [row for row in rows if row.task.pk in rollups]
    return [row for row in rows if row.task.pk in rollups and rollups[row.task.pk].light == wanted]

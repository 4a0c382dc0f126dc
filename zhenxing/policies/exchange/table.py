"""The standard division table as rows of text, shared by the Excel and Word exports."""

from dataclasses import dataclass

from django.utils import translation

from zhenxing.orgs.models import Unit
from zhenxing.orgs.selectors import UnitNameIndex, region_code_of
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.selectors import deadline_display

# The standard table (序号, 重点任务, 牵头单位, 参加单位, 完成时限), then what makes the file
# re-import to the same plan and traceable to its source.
EXPORT_COLUMNS = [
    "序号",
    "重点任务",
    "牵头单位",
    "参加单位",
    "完成时限",
    "编号",
    "来源条款",
    "成果形式",
    "优先级",
    "截止日期",
    "分管领导",
]


@dataclass
class ExportRow:
    position: int
    title: str
    description: str
    lead: str
    participants: str
    deadline: str
    code: str
    source: str
    result_form: str
    priority: str
    due_date: object
    responsible_leader: str = ""

    def as_list(self) -> list:
        return [
            self.position,
            self.title,
            self.lead,
            self.participants,
            self.deadline,
            self.code,
            self.source,
            self.result_form,
            self.priority,
            self.due_date,
            self.responsible_leader,
        ]


class UnitNames:
    """Writes each unit under the shortest name that reads back as the same unit."""

    def __init__(self, units: list[Unit], region_code: str) -> None:
        self.region_code = region_code
        names = [name for unit in units for name in (unit.short_name, unit.full_name) if name]
        self.index = UnitNameIndex(names=names)

    def __call__(self, unit: Unit) -> str:
        for name in (unit.short_name, unit.full_name):
            ids = self.index.resolve_ids(name, region_code=self.region_code) if name else []
            if ids and ids[0] == unit.pk:
                return name
        return unit.full_name


def plan_tasks(plan: DivisionPlan) -> list[Task]:
    """The plan's own tasks in order; sub-tasks belong to the units that split them off."""
    return list(
        plan.tasks.filter(parent__isnull=True)
        .select_related("lead_unit", "source_node")
        .prefetch_related("participating_units", "co_lead_units")
        .order_by("position")
    )


def source_label(task: Task) -> str:
    node = task.source_node
    if node is None:
        return ""
    return f"{node.marker}{node.heading}" if node.heading else node.path


def export_rows(plan: DivisionPlan) -> list[ExportRow]:
    """The plan's tasks as table rows, in Chinese whatever the reader's language."""
    with translation.override("zh-hans"):
        return _export_rows(plan)


def _export_rows(plan: DivisionPlan) -> list[ExportRow]:
    tasks = plan_tasks(plan)
    units = {unit.pk: unit for task in tasks for unit in task.participating_units.all()}
    units |= {unit.pk: unit for task in tasks for unit in task.lead_units()}
    issuer = plan.document.issuer_unit if plan.document_id else None
    name_of = UnitNames(list(units.values()), region_code_of(issuer))
    rows = []
    for position, task in enumerate(tasks, start=1):
        participants = [name_of(unit) for unit in task.participating_units.all()]
        participants += [name for name in task.unresolved_units if name not in participants]
        rows.append(
            ExportRow(
                position=position,
                title=task.title,
                description=task.description,
                lead="、".join(name_of(unit) for unit in task.lead_units()),
                participants="、".join(participants),
                deadline=deadline_display(task),
                code=task.code,
                source=source_label(task),
                result_form=task.get_result_form_display(),
                priority=task.get_priority_display(),
                due_date=task.due_date,
                responsible_leader=task.responsible_leader,
            )
        )
    return rows

"""The other lists of issue #19 at volume, for bench/lists_load.py: tasks, submissions,
coordination matters, inspection findings and change records, `rows` of each (100,000 by
default: page 900 of a 100-row API page is row 90,000).

Rows are written in bulk, straight into the tables (the bench measures reading lists, not the
services that write them; change records go through their own bulk path, which seals the hash
chain). About a quarter of each list belongs to the Liaoning provincial government, the unit of
the Liaoning liaison persona, so that a unit-scoped list is a real share of the table.
"""

import datetime
import random

from django.db import transaction

from zhenxing.audit.models import ChangeRecord
from zhenxing.coordination.models import CoordinationMatter
from zhenxing.inspections.models import Finding, Inspection
from zhenxing.mechanisms.scope import top_mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.rounds.models import PeriodKind, ReportingRound, Submission

BATCH = 5_000
MARK = "（压力测试）"


def _units() -> tuple[Unit, list[Unit]]:
    liaoning = Unit.objects.get(code="liaoning-government")
    others = list(Unit.objects.exclude(pk=liaoning.pk).order_by("pk")[:40])
    return liaoning, others


def _owner(number: int, liaoning: Unit, others: list[Unit]) -> Unit:
    return liaoning if number % 4 == 0 else others[number % len(others)]


def build(rows: int) -> dict[str, int]:
    """Make what is missing; return how many rows each list has."""
    mechanism = top_mechanism()
    liaoning, others = _units()
    plan, _made = DivisionPlan.objects.get_or_create(
        title=f"重点任务分工方案{MARK}", defaults={"mechanism": mechanism}
    )
    have = Task.objects.filter(plan=plan).count()
    if have < rows:
        with transaction.atomic():
            for start in range(have, rows, BATCH):
                Task.objects.bulk_create(
                    Task(
                        plan=plan,
                        position=number,
                        code=f"T{number:06d}",
                        title=f"推进第{number}项重点任务落实",
                        lead_unit=_owner(number, liaoning, others),
                        due_date=datetime.date(2026, 6, 30) + datetime.timedelta(days=number % 365),
                    )
                    for number in range(start, min(start + BATCH, rows))
                )
    round_, _made = ReportingRound.objects.get_or_create(
        title=f"2026年第四季度进展报送{MARK}",
        defaults={
            "mechanism": mechanism,
            "period_kind": PeriodKind.QUARTER,
            "period_label": "2026Q4",
            "period_start": datetime.date(2026, 10, 1),
            "period_end": datetime.date(2026, 12, 31),
            "due_date": datetime.date(2027, 1, 10),
        },
    )
    have = Submission.objects.filter(round=round_).count()
    if have < rows:
        tasks = list(
            Task.objects.filter(plan=plan).order_by("position").values_list("pk", "lead_unit_id")
        )
        with transaction.atomic():
            for start in range(have, rows, BATCH):
                Submission.objects.bulk_create(
                    Submission(
                        round=round_,
                        task_id=tasks[number][0],
                        unit_id=tasks[number][1],
                        role=Submission.Role.LEAD,
                        progress=f"第{number}项任务按计划推进。",
                    )
                    for number in range(start, min(start + BATCH, rows))
                )
    have = CoordinationMatter.objects.filter(title__endswith=MARK).count()
    if have < rows:
        with transaction.atomic():
            for start in range(have, rows, BATCH):
                CoordinationMatter.objects.bulk_create(
                    CoordinationMatter(
                        mechanism=mechanism,
                        code=f"YC-{number:06d}",
                        title=f"请协调解决第{number}个项目用地问题{MARK}",
                        description="需要有关部门支持。",
                        category=CoordinationMatter.Category.MAJOR_PROJECT,
                        raised_by_unit=_owner(number, liaoning, others),
                    )
                    for number in range(start, min(start + BATCH, rows))
                )
    inspection, _made = Inspection.objects.get_or_create(
        title=f"2026年重点任务专项督查{MARK}",
        defaults={
            "mechanism": mechanism,
            "period_start": datetime.date(2026, 1, 1),
            "period_end": datetime.date(2026, 12, 31),
        },
    )
    have = Finding.objects.filter(inspection=inspection).count()
    if have < rows:
        with transaction.atomic():
            for start in range(have, rows, BATCH):
                Finding.objects.bulk_create(
                    Finding(
                        inspection=inspection,
                        position=number + 1,
                        unit=_owner(number, liaoning, others),
                        title=f"第{number}项任务进度滞后",
                    )
                    for number in range(start, min(start + BATCH, rows))
                )
    have = ChangeRecord.objects.count()
    if have < rows:
        random.seed(19)
        for start in range(have, rows, BATCH):
            ChangeRecord.objects.bulk_create(
                ChangeRecord(
                    actor_name="bench",
                    action=ChangeRecord.Action.UPDATE,
                    object_id=str(number),
                    object_repr=f"压力测试对象{number}",
                    after={"name": f"值{random.randint(0, 10**6)}"},
                )
                for number in range(start, min(start + BATCH, rows))
            )
    return {
        "tasks": Task.objects.filter(plan=plan).count(),
        "submissions": Submission.objects.filter(round=round_).count(),
        "matters": CoordinationMatter.objects.filter(title__endswith=MARK).count(),
        "findings": Finding.objects.filter(inspection=inspection).count(),
        "change records": ChangeRecord.objects.count(),
    }


def deep_inspection_id() -> int:
    return Inspection.objects.get(title=f"2026年重点任务专项督查{MARK}").pk

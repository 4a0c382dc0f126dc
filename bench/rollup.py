"""The national supervision dashboard over three levels, with stored roll-ups.

Run: .venv/bin/python bench/rollup.py
A generated dataset: a published national plan of 1,000 tasks, each handed down to the
provincial mechanism (Liaoning, 1,000 tasks) and split there between two tasks handed on to the
city (Fuxin, 2,000 tasks), deadlines spread over the year; a tenth of the city tasks have an
accepted report with a figure. `zhenxing rollup refresh` builds the roll-ups, then the national
secretariat's dashboard is rendered through the Django test client.

Baselines, in the same run: the same dashboard with no roll-ups stored (what the page cost
before the column), and walking the tree per request (the roll-ups computed for the whole
chain, as a dashboard without stored rows would have to, rolled back each time).
"""

import datetime
import random

from _setup import django_setup, median_seconds

django_setup()

from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.policies.models import DivisionPlan, Task, TaskRollup  # noqa: E402
from zhenxing.rollups.services import rollups_rebuild  # noqa: E402
from zhenxing.rounds.models import PeriodKind, ReportingRound, Submission  # noqa: E402

TASKS = 1_000
today = timezone.localdate()
rng = random.Random(17)

national = mechanism_load_shipped()
city = mechanism_load_shipped("fuxin")
province = city.parent
secretariat = User.objects.create(
    username="bench.secretariat",
    role=Role.SECRETARIAT_OFFICER,
    unit=Unit.objects.get(code="ndrc-regional-economy"),
)
lead = {
    national: Unit.objects.get(code="ndrc"),
    province: Unit.objects.get(code="liaoning-drc"),
    city: Unit.objects.get(code="fuxin-government"),
}


def plan_of(mechanism, title):
    # Bulk set-up data for the benchmark, not a path users take.
    return DivisionPlan.objects.create(
        title=title, mechanism=mechanism, status=DivisionPlan.Status.PUBLISHED
    )


def due():
    return today + datetime.timedelta(days=rng.randint(-20, 365))


def tasks_in(plan, mechanism, parents, per_parent):
    return Task.objects.bulk_create(
        Task(
            plan=plan,
            parent=parent,
            position=number,
            code=str(number),
            title=f"{mechanism.short_name or mechanism.name}任务{number}",
            lead_unit=lead[mechanism],
            due_date=due(),
        )
        for number, parent in enumerate(
            (parent for parent in parents for _ in range(per_parent)), start=1
        )
    )


top = tasks_in(plan_of(national, "国家方案"), national, [None], TASKS)
middle = tasks_in(plan_of(province, "辽宁方案"), province, top, 1)
bottom = tasks_in(plan_of(city, "阜新方案"), city, middle, 2)
round_ = ReportingRound.objects.create(
    title="基准调度",
    mechanism=city,
    period_kind=PeriodKind.AD_HOC,
    period_label="bench",
    period_start=today.replace(day=1),
    period_end=today,
    due_date=today,
    opened_by=secretariat,
)
reported = bottom[:: len(bottom) // (len(bottom) // 10)]
Submission.objects.bulk_create(
    Submission(
        round=round_,
        task=task,
        unit=lead[city],
        role=Submission.Role.LEAD,
        status=Submission.Status.ACCEPTED,
        progress_status=rng.choice(["on_track", "at_risk", "delayed"]),
        progress="按计划推进。",
        figures={"签约项目（个）": str(rng.randint(1, 9))},
        submitted_at=timezone.now(),
        first_submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
    )
    for task in reported
)
print(f"tasks: {len(top)} national, {len(middle)} provincial, {len(bottom)} city; "
      f"{len(reported)} city reports accepted")  # fmt: skip

rebuild = median_seconds(rollups_rebuild, repeat=3)
print(f"zhenxing rollup refresh (full rebuild, {TaskRollup.objects.count()} roll-ups): "
      f"{rebuild * 1000:8.1f} ms")  # fmt: skip

client = Client()
client.force_login(secretariat)


def dashboard():
    response = client.get("/rounds/dashboard/")
    assert response.status_code == 200, response.status_code


def walk_per_request():
    with transaction.atomic():
        rollups_rebuild()
        dashboard()
        transaction.set_rollback(True)


dashboard()
stored = median_seconds(dashboard)
walked = median_seconds(walk_per_request, repeat=5)
saved = list(TaskRollup.objects.all())
TaskRollup.objects.all().delete()
dashboard()
without = median_seconds(dashboard)
TaskRollup.objects.bulk_create(saved)

print(f"national dashboard, no roll-ups stored (baseline): {without * 1000:8.1f} ms")
print(f"national dashboard, roll-ups stored:               {stored * 1000:8.1f} ms  "
      f"ratio {stored / without:.2f}× baseline")  # fmt: skip
print(f"national dashboard, tree walked per request:       {walked * 1000:8.1f} ms  "
      f"ratio {walked / without:.2f}× baseline")  # fmt: skip

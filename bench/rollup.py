"""The national supervision dashboard over three levels, with stored roll-ups.

Run: .venv/bin/python bench/rollup.py                      (3 mechanisms, 4,000 tasks)
     bash bench/with-postgres .venv/bin/python bench/rollup.py --provinces 4 --cities 95 --split 1
                                                           (100 mechanisms, 100,000 tasks: #17)
A generated dataset: a published national plan of 1,000 tasks, each handed down to every
provincial mechanism (Liaoning as shipped, then generated ones), each provincial task split among
the province's city mechanisms (Fuxin as shipped, then generated ones; `--split` tasks per city),
deadlines spread over the year; a tenth of the city tasks have an accepted report with a figure.
`zhenxing rollup refresh` builds the roll-ups, then the national secretariat's dashboard is
rendered through the Django test client.

Baselines, in the same run: the same dashboard with no roll-ups stored (what the page cost
before the column), and walking the tree per request (the roll-ups computed for the whole
chain, as a dashboard without stored rows would have to, rolled back each time).
"""

import argparse
import datetime
import random

from _setup import django_setup, median_seconds

arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
arguments.add_argument("--national-tasks", type=int, default=1_000)
arguments.add_argument("--provinces", type=int, default=1, help="provincial mechanisms (≥ 1)")
arguments.add_argument("--cities", type=int, default=1, help="city mechanisms (≥ 1)")
arguments.add_argument("--split", type=int, default=2, help="tasks per city per provincial task")
arguments.add_argument(
    "--repeat", type=int, default=5, help="runs of the slow measures (rebuild, walk)"
)
options = arguments.parse_args()

django_setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhenxing.mechanisms.models import Mechanism  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.policies.models import DivisionPlan, Task, TaskRollup  # noqa: E402
from zhenxing.rollups.services import rollups_rebuild  # noqa: E402
from zhenxing.rounds.models import PeriodKind, ReportingRound, Submission  # noqa: E402

today = timezone.localdate()
rng = random.Random(17)

national = mechanism_load_shipped()
fuxin = mechanism_load_shipped("fuxin")
liaoning = fuxin.parent
secretariat = User.objects.create(
    username="bench.secretariat",
    role=Role.SECRETARIAT_OFFICER,
    unit=Unit.objects.get(code="ndrc-regional-economy"),
)
lead = {
    national: Unit.objects.get(code="ndrc"),
    liaoning: Unit.objects.get(code="liaoning-drc"),
    fuxin: Unit.objects.get(code="fuxin-government"),
}


def generated_mechanism(model: Mechanism, parent: Mechanism, number: int) -> Mechanism:
    """A mechanism shaped like `model` (its level and units' kinds), with its own lead unit."""
    # Bulk set-up data for the benchmark, not a path users take.
    unit = Unit.objects.create(
        code=f"bench-{model.level}-{number}",
        full_name=f"基准{model.get_level_display()}单位{number}",
        kind=model.lead_unit.kind,
    )
    mechanism = Mechanism.objects.create(
        code=f"bench-{model.level}-{number}",
        name=f"基准{model.get_level_display()}工作机制{number}",
        level=model.level,
        parent=parent,
        leading_group=model.leading_group,
        established_on=model.established_on,
        lead_unit=unit,
        convener_unit=unit,
        secretariat_unit=unit,
    )
    lead[mechanism] = unit
    return mechanism


provinces = [liaoning] + [
    generated_mechanism(liaoning, national, number) for number in range(2, options.provinces + 1)
]
cities_of = {province: [] for province in provinces}
cities_of[liaoning].append(fuxin)
for number in range(2, options.cities + 1):
    province = provinces[number % len(provinces)]
    cities_of[province].append(generated_mechanism(fuxin, province, number))


def plan_of(mechanism, title):
    # Bulk set-up data for the benchmark, not a path users take.
    return DivisionPlan.objects.create(
        title=title, mechanism=mechanism, status=DivisionPlan.Status.PUBLISHED
    )


def due():
    return today + datetime.timedelta(days=rng.randint(-20, 365))


def tasks_in(plan, mechanism, parents, per_parent):
    return Task.objects.bulk_create(
        (
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
        ),
        batch_size=2_000,
    )


top = tasks_in(plan_of(national, "国家方案"), national, [None], options.national_tasks)
middle, bottom, rounds = [], [], {}
for province, cities in cities_of.items():
    handed_down = tasks_in(plan_of(province, f"{province.name}方案"), province, top, 1)
    middle += handed_down
    for city in cities:
        bottom += tasks_in(plan_of(city, f"{city.name}方案"), city, handed_down, options.split)
        rounds[city] = ReportingRound.objects.create(
            title="基准调度",
            mechanism=city,
            period_kind=PeriodKind.AD_HOC,
            period_label="bench",
            period_start=today.replace(day=1),
            period_end=today,
            due_date=today,
            opened_by=secretariat,
        )
mechanism_of_plan = {
    plan.pk: plan.mechanism for plan in DivisionPlan.objects.select_related("mechanism")
}
reported = bottom[::10]
Submission.objects.bulk_create(
    (
        Submission(
            round=rounds[mechanism_of_plan[task.plan_id]],
            task=task,
            unit=lead[mechanism_of_plan[task.plan_id]],
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
    ),
    batch_size=2_000,
)
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(f"on {connection.vendor}: {Mechanism.objects.count()} mechanisms "
      f"({len(provinces)} provincial, {sum(map(len, cities_of.values()))} city); "
      f"tasks: {len(top)} national, {len(middle)} provincial, {len(bottom)} city, "
      f"{Task.objects.count()} in all; {len(reported)} city reports accepted")  # fmt: skip

rebuild = median_seconds(rollups_rebuild, repeat=options.repeat)
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
walked = median_seconds(walk_per_request, repeat=options.repeat)
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

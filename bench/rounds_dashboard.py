"""Opening a round over 2,000 tasks × 5 units, and the secretariat's dashboards over it.

Run: .venv/bin/python bench/rounds_dashboard.py
A published plan of 2,000 tasks, each with a lead unit and 4 participating units (member units
of the shipped mechanism): round_open creates 10,000 submissions. Then the reports are put in
every state (draft, submitted, returned, resubmitted, accepted) and the secretariat's pages are
rendered through the Django test client, counting their queries.

Baselines, in the same run: opening — the same submissions created one by one with .save()
(audit receiver included), for a 200-task slice, scaled ×10; dashboard — the round's completion
and the tasks' lights computed naively, one query per unit and status and one per task.
"""

import datetime
import os
import random
import time

from _setup import django_setup, median_seconds

os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
django_setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhenxing.audit.context import acting_as  # noqa: E402
from zhenxing.mechanisms.models import Mechanism  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.policies.models import DivisionPlan, Task  # noqa: E402
from zhenxing.rounds.models import ReportingRound, Submission  # noqa: E402
from zhenxing.rounds.selectors import light_of  # noqa: E402
from zhenxing.rounds.services import round_open  # noqa: E402

TASKS = 2_000
SLICE = 200
today = timezone.localdate()

mechanism = mechanism_load_shipped()
member_ids = list(mechanism.current_memberships().values_list("unit_id", flat=True))
secretariat = User.objects.create(
    username="bench.secretariat",
    role=Role.SECRETARIAT_OFFICER,
    unit=Unit.objects.get(code="ndrc-regional-economy"),
)
for number, unit_id in enumerate(member_ids):  # one liaison per unit receives the notices
    User.objects.create(
        username=f"bench.liaison.{number}",
        role=Role.UNIT_LIAISON,
        unit_id=unit_id,
        email=f"liaison{number}@example.cn",
    )

# The plan: bulk set-up data for the benchmark, not a path users take.
plan = DivisionPlan.objects.create(
    title="基准测试分工方案", mechanism=mechanism, status=DivisionPlan.Status.PUBLISHED
)
rng = random.Random(4)
tasks = Task.objects.bulk_create(
    Task(
        plan=plan,
        position=number,
        code=str(number),
        title=f"重点任务{number}",
        lead_unit_id=member_ids[number % len(member_ids)],
        due_date=today + datetime.timedelta(days=rng.randint(-60, 400)),
    )
    for number in range(1, TASKS + 1)
)
through = Task.participating_units.through
through.objects.bulk_create(
    through(task_id=task.pk, unit_id=unit_id)
    for task in tasks
    for unit_id in rng.sample([u for u in member_ids if u != task.lead_unit_id], 4)
)


def open_round(task_queryset):
    with acting_as(user=secretariat):
        return round_open(
            user=secretariat,
            tasks=task_queryset,
            period_kind="quarter",
            period_label="2026Q3",
            due_date=today + datetime.timedelta(days=10),
            mechanism=mechanism,
        )


def rolled_back(function):
    def run():
        with transaction.atomic():
            function()
            transaction.set_rollback(True)

    return run


def one_by_one(task_queryset):
    """The baseline: what round_open does, with a save() per submission."""
    round_ = ReportingRound.objects.create(
        title="逐条创建",
        period_kind="quarter",
        period_label="2026Q3",
        period_start=datetime.date(2026, 7, 1),
        period_end=datetime.date(2026, 9, 30),
        due_date=today,
    )
    for task in task_queryset.prefetch_related("participating_units"):
        Submission(round=round_, task=task, unit_id=task.lead_unit_id, role="lead").save()
        for unit in task.participating_units.all():
            Submission(round=round_, task=task, unit=unit, role="participant").save()


all_tasks = Task.objects.filter(plan=plan)
first_slice = Task.objects.filter(plan=plan, position__lte=SLICE)
opening = median_seconds(rolled_back(lambda: open_round(all_tasks)), repeat=5)
with CaptureQueriesContext(connection) as captured:
    rolled_back(lambda: open_round(all_tasks))()
opening_queries = len(captured)
with CaptureQueriesContext(connection) as captured:
    rolled_back(lambda: open_round(first_slice))()
slice_opening_queries = len(captured)
baseline_slice = median_seconds(rolled_back(lambda: one_by_one(first_slice)), repeat=3)
baseline_opening = baseline_slice * TASKS / SLICE

# The round that stays, its reports in every state.
round_ = open_round(all_tasks)
ids = list(round_.submissions.order_by("?").values_list("pk", flat=True))
now = timezone.now()
shares = [
    (Submission.Status.DRAFT, 0.25),
    (Submission.Status.SUBMITTED, 0.35),
    (Submission.Status.RETURNED, 0.10),
    (Submission.Status.RESUBMITTED, 0.05),
    (Submission.Status.ACCEPTED, 0.25),
]
start = 0
for status, share in shares:
    chunk = ids[start : start + int(len(ids) * share)]
    start += len(chunk)
    fields = {"status": status}
    if status != Submission.Status.DRAFT:
        fields |= {
            "progress": "进展",
            "progress_status": rng.choice(["on_track", "at_risk", "delayed", "completed"]),
            "first_submitted_at": now,
            "submitted_at": now,
            "return_count": 1 if status in ("returned", "resubmitted") else 0,
        }
    for offset in range(0, len(chunk), 900):  # SQLite's parameter limit
        Submission.objects.filter(pk__in=chunk[offset : offset + 900]).update(**fields)

client = Client()
client.force_login(secretariat)
pages = {"secretariat dashboard": "/rounds/dashboard/", "round dashboard": f"/rounds/{round_.pk}/"}
figures = {}
for name, url in pages.items():
    assert client.get(url).status_code == 200
    seconds = median_seconds(lambda url=url: client.get(url), repeat=7)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    figures[name] = (seconds, len(captured))

# The same round dashboard over a round of the 200-task slice: its query count must not grow
# with the number of submissions (a third of them submitted, so that every list has rows).
with transaction.atomic():
    small_round = open_round(first_slice)
    small_ids = list(small_round.submissions.values_list("pk", flat=True))[::3]
    for offset in range(0, len(small_ids), 900):
        Submission.objects.filter(pk__in=small_ids[offset : offset + 900]).update(
            status=Submission.Status.SUBMITTED, progress="进展", submitted_at=now
        )
    client.get(f"/rounds/{small_round.pk}/")
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/rounds/{small_round.pk}/")
    small_round_queries = len(captured)
    transaction.set_rollback(True)


def naive_dashboard():
    """Per unit and status a count; per task its latest lead report: one query each."""
    for unit_id in set(round_.submissions.values_list("unit_id", flat=True)):
        for status in Submission.Status.values:
            round_.submissions.filter(unit_id=unit_id, status=status).count()
    for task in all_tasks:
        latest = (
            Submission.objects.filter(task=task, role="lead")
            .exclude(status="draft")
            .order_by("-submitted_at")
            .values_list("progress_status", flat=True)
            .first()
        )
        light_of(task.due_date, latest, False, today)


started = time.perf_counter()
with CaptureQueriesContext(connection) as captured:
    naive_dashboard()
naive = time.perf_counter() - started
naive_queries = len(captured)

print(
    f"plan: {TASKS:,} tasks × (1 lead + 4 participants) → "
    f"{round_.submissions.count():,} submissions, {len(member_ids)} units"
)
print(
    f"round_open:                     {opening * 1000:7.0f} ms  {opening_queries} queries  "
    f"(baseline one save() per submission, scaled from {SLICE} tasks: "
    f"{baseline_opening * 1000:7.0f} ms, ratio {baseline_opening / opening:.1f}× faster)"
)
for name, (seconds, queries) in figures.items():
    print(f"{name + ':':31} {seconds * 1000:7.1f} ms  {queries} queries")
print(
    f"queries at {SLICE} tasks ({SLICE * 5:,} submissions): round_open {slice_opening_queries}, "
    f"round dashboard {small_round_queries}"
)
print(
    f"naive completion + lights:      {naive * 1000:7.0f} ms  {naive_queries} queries  "
    f"(ratio {naive / figures['secretariat dashboard'][0]:.1f}× the secretariat dashboard)"
)
assert Mechanism.objects.count() == 1

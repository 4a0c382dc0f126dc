"""A reporting deadline under load (#19 item 5), behind `zhenxing serve` as production serves it.

Run (locust comes with the bench extra: `.venv/bin/pip install -c constraints.txt -e '.[bench]'`):
    .venv/bin/python bench/deadline_load.py [--users 32] [--seconds 60] [--workers 2]
    bash bench/with-postgres .venv/bin/python bench/deadline_load.py        (on PostgreSQL)

Prepares, on a throw-away SQLite database (or DATABASE_URL): the shipped mechanism, a published
plan of `--tasks` tasks led by its member units in turn, and a round due today over all of them
(one report per task and unit). Each of `--users` − 2 liaisons (spread over the units, each with
its own share of its unit's reports, so no two people write the same report) and two secretariat
officers get a session made as a login makes it. Then `zhenxing serve` (granian, production
settings over plain HTTP) and a headless locust run of `--seconds` (bench/deadline_locustfile.py):
the liaisons open their dashboard and reports, autosave drafts and submit them; the secretariat
refreshes the supervision dashboard and the round's page. Printed: per page the requests, failures,
requests/s, p50 and p99 (ms), and after the run how many reports were submitted; the login page's
requests/s and p99 at the same concurrency come first, as the baseline of the same run.
"""

import argparse
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from _serve import free_port, start_server, use_production_settings_over_http

parser = argparse.ArgumentParser()
parser.add_argument("--users", type=int, default=32, help="locust users (2 are the secretariat)")
parser.add_argument("--seconds", type=int, default=60)
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--tasks", type=int, default=300)
arguments = parser.parse_args()

directory = Path(tempfile.mkdtemp(prefix="zhenxing-deadline-"))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
os.environ.setdefault("ZHENXING_VAR_DIR", str(directory))
use_production_settings_over_http()
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.policies.models import DivisionPlan, Task  # noqa: E402
from zhenxing.rounds.models import PeriodKind, Submission  # noqa: E402
from zhenxing.rounds.services import round_open  # noqa: E402


def prepare() -> dict:
    call_command("migrate", verbosity=0)
    mechanism = mechanism_load_shipped()
    units = [membership.unit for membership in mechanism.current_memberships()]
    secretariat = [
        User.objects.create(
            username=f"bench.secretariat.{number}",
            role=Role.SECRETARIAT_OFFICER,
            unit=Unit.objects.get(code="ndrc-regional-economy"),
        )
        for number in (1, 2)
    ]
    # Bulk set-up data for the benchmark, not a path users take.
    plan = DivisionPlan.objects.create(
        title="截止日压测方案",
        mechanism=mechanism,
        status=DivisionPlan.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    Task.objects.bulk_create(
        Task(
            plan=plan,
            position=number,
            code=str(number),
            title=f"重点任务{number}",
            lead_unit=units[number % len(units)],
            due_date=timezone.localdate() + datetime.timedelta(days=90),
        )
        for number in range(1, arguments.tasks + 1)
    )
    today = timezone.localdate()
    round_ = round_open(
        user=secretariat[0],
        tasks=plan.tasks.all(),
        period_kind=PeriodKind.AD_HOC,
        period_start=today.replace(day=1),
        period_end=today,
        due_date=today,
        title="截止日调度",
        mechanism=mechanism,
    )
    liaisons = []
    for number in range(max(arguments.users - len(secretariat), 1)):
        unit = units[number % len(units)]
        liaisons.append(
            User.objects.create(
                username=f"bench.liaison.{number}", role=Role.UNIT_LIAISON, unit=unit
            )
        )
    shares: dict[int, list[int]] = {person.pk: [] for person in liaisons}
    for unit in units:
        people = [person for person in liaisons if person.unit_id == unit.pk]
        reports = round_.submissions.filter(unit=unit).order_by("pk").values_list("pk", flat=True)
        for index, pk in enumerate(reports):
            if people:
                shares[people[index % len(people)].pk].append(pk)

    def session(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "round": round_.pk,
        "reports": round_.submissions.count(),
        "secretariat": [{"session": session(person)} for person in secretariat],
        "liaisons": [
            {"session": session(person), "submissions": shares[person.pk]} for person in liaisons
        ],
    }


def locust(port: int, locustfile: Path, users: int, seconds: int, name: str) -> list[dict]:
    prefix = directory / name
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(locustfile),
            "--headless",
            "--only-summary",
            "--users",
            str(users),
            "--spawn-rate",
            str(max(users // 4, 1)),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
        ],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        return list(csv.DictReader(stats))


LOGIN_LOCUSTFILE = """
from locust import FastHttpUser, constant, task

class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def login_page(self):
        self.client.get("/accounts/login/", name="登录页 /accounts/login/ (baseline)")
"""


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        print(
            f"{row['Name'][:52]:52} {int(row['Request Count']):8d} {int(row['Failure Count']):6d} "
            f"{float(row['Requests/s']):7.1f} {float(row['50%']):7.0f} {float(row['99%']):7.0f}"
        )


def main() -> None:
    people = prepare()
    (directory / "people.json").write_text(json.dumps(people), encoding="utf-8")
    os.environ["DEADLINE_PEOPLE"] = str(directory / "people.json")
    login_locustfile = directory / "login_locustfile.py"
    login_locustfile.write_text(LOGIN_LOCUSTFILE, encoding="utf-8")
    port = free_port()
    server = start_server(port, arguments.workers)
    try:
        print(
            f"{settings.DATABASES['default']['ENGINE']}, {arguments.workers} granian workers, "
            f"{arguments.users} users, {arguments.seconds} s; {people['reports']} reports due today, "
            f"{len(people['liaisons'])} liaisons, {len(people['secretariat'])} secretariat officers"
        )
        print(f"{'page':52} {'requests':>8} {'failed':>6} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}")
        baseline = locust(port, login_locustfile, arguments.users, 15, "login")
        print_rows([row for row in baseline if row["Name"] != "Aggregated"])
        rows = locust(
            port, BENCH / "deadline_locustfile.py", arguments.users, arguments.seconds, "deadline"
        )
        print_rows(rows)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    sealed = Submission.objects.exclude(status__in=Submission.EDITABLE).count()
    print(f"reports submitted during the run: {sealed} of {people['reports']}")


main()

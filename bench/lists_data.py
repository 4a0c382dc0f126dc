"""A database at list volume for bench/lists_load.py: 200,000 projects and the people who read them.

Run (SQLite in BENCH_DB, default /tmp/zhenxing-lists/bench.sqlite3, or the database named by
DATABASE_URL):
    .venv/bin/python bench/lists_data.py [--projects 200000]

The other lists of the issue (tasks, submissions, matters, findings, change records) get
--other-rows rows each, written in bulk (bench/_other_lists.py).
Projects come from the synthetic list (projects/generate.py) through the real import. Personas
for the load run, password BENCH_PASSWORD: the secretariat officer (sees everything) and the
Liaoning liaison (a unit-scoped list: Liaoning's projects and its own). Prints the seconds
of the import; with --without-list-index into a fresh BENCH_DB, the import's cost of the list's
covering index (docs/performance.md).
"""

import argparse
import os
import sys
import time
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--projects", type=int, default=200_000)
parser.add_argument(
    "--other-rows",
    type=int,
    default=100_000,
    help="rows of each other list (tasks, submissions, matters, findings, change records)",
)
parser.add_argument(
    "--without-list-index",
    action="store_true",
    help="drop project_investment_idx before the import: what the list's index costs it",
)
arguments = parser.parse_args()

if "DATABASE_URL" not in os.environ:
    directory = Path(os.environ.get("BENCH_DB", "/tmp/zhenxing-lists/bench.sqlite3")).parent
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["ZHENXING_VAR_DIR"] = str(directory)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup  # noqa: E402

django_setup()

from django.db import connection  # noqa: E402

from zhenxing.audit.context import acting_as  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.projects.generate import write_spreadsheet  # noqa: E402
from zhenxing.projects.importing.jobs import import_file  # noqa: E402
from zhenxing.projects.models import Project  # noqa: E402

PASSWORD = os.environ.get("BENCH_PASSWORD", "Bench-lists-2026!")
PERSONAS = {
    "bench.secretariat": ("ndrc-regional-economy", Role.SECRETARIAT_OFFICER),
    "bench.liaoning": ("liaoning-government", Role.UNIT_LIAISON),
    "bench.audit": ("ndrc", Role.AUDIT_ADMINISTRATOR),
}
FILES = Path(os.environ.get("BENCH_FILES", "/tmp/zhenxing-bench-files"))

started = time.perf_counter()
mechanism_load_shipped()
for username, (unit_code, role) in PERSONAS.items():
    user, _created = User.objects.get_or_create(
        username=username, defaults={"unit": Unit.objects.get(code=unit_code), "role": role}
    )
    user.set_password(PASSWORD)
    user.must_change_password = False
    user.save()
if Project.objects.count() < arguments.projects:
    FILES.mkdir(parents=True, exist_ok=True)
    path = FILES / f"projects-{arguments.projects}.xlsx"
    if not path.exists():
        write_spreadsheet(path, arguments.projects)
    if arguments.without_list_index:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX project_investment_idx")
    import_started = time.perf_counter()
    with acting_as(actor_name="bench"):
        job = import_file(path, mode="valid-rows", period="2026-10")
    assert job.status == "succeeded", job.message
    seconds = time.perf_counter() - import_started
    print(
        f"import of {arguments.projects:,} rows: {seconds:.1f} s ({arguments.projects / seconds:,.0f} rows/s)"
    )
if arguments.other_rows:
    from _other_lists import build  # noqa: E402

    other_started = time.perf_counter()
    with acting_as(actor_name="bench"):
        made = build(arguments.other_rows)
    listed = ", ".join(f"{count:,} {name}" for name, count in made.items())
    print(f"other lists: {listed} ({time.perf_counter() - other_started:.0f} s)")
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
else:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(
    f"{Project.objects.count():,} projects ready in {time.perf_counter() - started:.0f} s "
    f"({connection.vendor}: {connection.settings_dict['NAME']})"
)

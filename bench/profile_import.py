"""Profile one project import end to end (cProfile, sorted by own time): where the time goes.

Run: .venv/bin/python bench/profile_import.py [--rows 100000] [--top 30] [--phases]
(or under bench/with-postgres for PostgreSQL). `--phases` (with `--top 0`) times instead the
writer's steps, each SQL statement kind, and COMMIT: the second thread's work overlaps the
first's, so the phases add up to more than the whole.
"""

import argparse
import cProfile
import os
import pstats
import time
from pathlib import Path

from _setup import django_setup

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=100_000)
parser.add_argument("--top", type=int, default=30, help="0: time it without the profiler")
parser.add_argument(
    "--shared-strings", action="store_true", help="text in a shared table, as Excel saves"
)
parser.add_argument("--phases", action="store_true", help="time the writer's steps and SQL")
arguments = parser.parse_args()

django_setup()

from django.db import connection  # noqa: E402

from zhenxing.audit.context import acting_as  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.projects.generate import write_spreadsheet  # noqa: E402
from zhenxing.projects.importing.jobs import import_file  # noqa: E402
from zhenxing.projects.models import ImportJob  # noqa: E402
from zhenxing.projects.services import ensure_regions  # noqa: E402

files = Path(os.environ.get("BENCH_FILES", "/tmp/zhenxing-bench-files"))
files.mkdir(parents=True, exist_ok=True)
kind = "shared" if arguments.shared_strings else "projects"
path = files / f"{kind}-{arguments.rows}.xlsx"
if not path.exists():
    write_spreadsheet(path, arguments.rows, shared_strings=arguments.shared_strings)
with acting_as(actor_name="bench"):
    mechanism_load_shipped()
ensure_regions()
user = User.objects.create(
    username="bench", role=Role.SECRETARIAT_OFFICER, unit=Unit.objects.get(code="ndrc")
)
phases: dict[str, float] = {}


def timed(owner, name: str, label: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            key = label if label else f"sql: {str(args[1])[:48]}"
            phases[key] = phases.get(key, 0.0) + time.perf_counter() - started

    setattr(owner, name, wrapper)


if arguments.phases:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from zhenxing.projects.importing.database import ProjectWriter

    for method in ("add", "wait", "_write", "finish"):
        timed(ProjectWriter, method, f"writer.{method}")
    timed(BaseDatabaseWrapper, "_commit", "COMMIT")
    if connection.vendor == "postgresql":  # (sqlite3's cursor cannot be wrapped)
        import psycopg

        timed(psycopg.Cursor, "execute", "")
profile = cProfile.Profile()
started = time.perf_counter()
if arguments.top:
    profile.enable()
job = import_file(path, mode=ImportJob.Mode.ALL_OR_NOTHING, period="2026-11", user=user)
profile.disable()
elapsed = time.perf_counter() - started
print(
    f"{job.status} imported={job.imported_count} in {elapsed:.2f}s = {arguments.rows / elapsed:,.0f} rows/s"
)
for key, seconds in sorted(phases.items(), key=lambda item: -item[1]):
    if seconds >= 0.01:
        print(f"{seconds:8.3f} s  {key}")
if arguments.top:
    pstats.Stats(profile).sort_stats(os.environ.get("SORT", "tottime")).print_stats(arguments.top)

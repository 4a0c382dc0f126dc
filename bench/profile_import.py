"""Profile one project import end to end (cProfile, sorted by own time): where the time goes.

Run: .venv/bin/python bench/profile_import.py [--rows 100000] [--top 30]
(or under bench/with-postgres for PostgreSQL).
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
arguments = parser.parse_args()

django_setup()

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
if arguments.top:
    pstats.Stats(profile).sort_stats(os.environ.get("SORT", "tottime")).print_stats(arguments.top)

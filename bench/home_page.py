"""The home page over a large project library, for the secretariat, a province and a ministry.

Run: .venv/bin/python bench/home_page.py [--rows 1000000]   (or under bench/with-postgres)
The library is imported from the benchmark spreadsheet (bench/project_import.py makes it, or
it is generated here). Figures: the project panel alone and the whole page through the Django
test client, medians of 7. Baseline, in the same run: a ministry's projects found with the join
on the responsible unit's parent that the scope used before (a scan of the whole library).
"""

import argparse
import os
from pathlib import Path

from _setup import django_setup, median_seconds

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=1_000_000)
arguments = parser.parse_args()

django_setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402

from zhenxing.audit.context import acting_as  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Role, Unit, User  # noqa: E402
from zhenxing.projects.generate import write_spreadsheet  # noqa: E402
from zhenxing.projects.importing.jobs import import_file  # noqa: E402
from zhenxing.projects.models import Project  # noqa: E402
from zhenxing.projects.selectors import dashboard, home_panel  # noqa: E402
from zhenxing.projects.services import ensure_regions  # noqa: E402

files = Path(os.environ.get("BENCH_FILES", "/tmp/zhenxing-bench-files"))
files.mkdir(parents=True, exist_ok=True)
path = files / f"projects-{arguments.rows}.xlsx"
if not path.exists():
    write_spreadsheet(path, arguments.rows)
with acting_as(actor_name="bench"):
    mechanism_load_shipped()
ensure_regions()
people = {
    "secretariat": ("ndrc-regional-economy", Role.SECRETARIAT_OFFICER),
    "province": ("liaoning-government", Role.UNIT_LIAISON),
    "ministry": ("mof", Role.UNIT_LIAISON),
}
users = {
    name: User.objects.create(username=f"bench-{name}", role=role, unit=Unit.objects.get(code=code))
    for name, (code, role) in people.items()
}
with acting_as(actor_name="bench"):
    import_file(path, mode="all-or-nothing", period="2026-11", user=users["secretariat"])
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
print(f"backend: {connection.vendor}  projects: {Project.objects.count():,}")
for name, user in users.items():
    panel = median_seconds(lambda user=user: home_panel(user), 7)
    client = Client()
    client.force_login(user)
    client.get("/")
    page = median_seconds(lambda client=client: client.get("/"), 7)
    print(f"{name:12} project panel {panel * 1000:7.1f} ms   whole home page {page * 1000:7.1f} ms")
ministry = Unit.objects.get(code="mof")
joined = Project.objects.filter(Q(responsible_unit=ministry) | Q(responsible_unit__parent=ministry))
baseline = median_seconds(lambda: dashboard(projects=joined), 7)
ours = median_seconds(lambda: home_panel(users["ministry"]), 7)
print(
    f"ministry panel with the parent join (baseline) {baseline * 1000:7.1f} ms; "
    f"with the unit ids {ours * 1000:7.1f} ms; ratio {baseline / ours:.0f}×"
)

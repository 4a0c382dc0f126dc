"""Project import end to end from .xlsx, against the usual django-import-export path; and the
statistics dashboard from the summary tables, against the live GROUP BY it replaces.

Run (SQLite in a throw-away directory, or the database named by DATABASE_URL):
    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/project_import.py [--sizes 200000,1000000] [--baseline-rows 20000]

The spreadsheets are generated once (xlsxwriter, constant memory; merged title rows, 万元) into
BENCH_FILES (default /tmp/zhenxing-bench-files) and reused. Every import starts from an empty
project library. Figures: rows per second end to end (read, check, upsert, time series, summary
tables, audit record), medians where repeated.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from _setup import django_setup

parser = argparse.ArgumentParser()
parser.add_argument("--sizes", default="200000,1000000")
parser.add_argument("--baseline-rows", type=int, default=20_000)
parser.add_argument("--repeat", type=int, default=3, help="runs per size below 1,000,000 rows")
arguments = parser.parse_args()

django_setup()

from django.db import connection  # noqa: E402
from django.db.models.signals import post_save, pre_save  # noqa: E402
from django.test import Client  # noqa: E402

from zhenxing.audit import receivers  # noqa: E402
from zhenxing.audit.context import acting_as  # noqa: E402
from zhenxing.mechanisms.services import mechanism_load_shipped  # noqa: E402
from zhenxing.orgs.models import Region, Role, Unit, User  # noqa: E402
from zhenxing.projects.generate import write_spreadsheet  # noqa: E402
from zhenxing.projects.importing.jobs import import_file  # noqa: E402
from zhenxing.projects.models import (  # noqa: E402
    ImportJob,
    Project,
    ProjectFundingSummary,
    ProjectSummary,
    ProjectUpdate,
)
from zhenxing.projects.selectors import dashboard  # noqa: E402
from zhenxing.projects.services import ensure_regions  # noqa: E402

FILES = Path(os.environ.get("BENCH_FILES", "/tmp/zhenxing-bench-files"))
FILES.mkdir(parents=True, exist_ok=True)


def spreadsheet(rows: int) -> Path:
    path = FILES / f"projects-{rows}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        write_spreadsheet(path, rows)
        print(f"generated {path} in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return path


def empty_library() -> None:
    tables = [
        m._meta.db_table for m in (ProjectUpdate, Project, ProjectSummary, ProjectFundingSummary)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    ImportJob.objects.all().delete()


def ours(path: Path) -> tuple[float, ImportJob]:
    empty_library()
    started = time.perf_counter()
    with acting_as(actor_name="bench"):
        job = import_file(path, mode="valid-rows", period="2026-10")
    seconds = time.perf_counter() - started
    assert job.status == "succeeded" and job.rejected_count == 0, (job.status, job.message)
    return seconds, job


def baseline(path: Path, rows: int, *, audited: bool) -> float:
    """django-import-export as its admin does it: tablib reads the workbook (openpyxl), a
    ModelResource maps the headings, each row is saved by the ORM. `audited`: with this
    project's audit receiver writing one change record per saved row, as for any save;
    without it, the library's own speed."""
    import tablib
    from import_export import fields, resources, widgets

    regions = dict(Region.objects.values_list("code", "pk"))
    stages = {label: value for value, label in Project.Stage.choices}
    industries = {str(label): value for value, label in Project._meta.get_field("industry").choices}

    class ProjectResource(resources.ModelResource):
        national_code = fields.Field(attribute="national_code", column_name="项目代码")
        name = fields.Field(attribute="name", column_name="项目名称")
        owner = fields.Field(attribute="owner", column_name="建设单位")
        region = fields.Field(attribute="region_id", column_name="region_id")
        industry = fields.Field(attribute="industry", column_name="industry")
        stage = fields.Field(attribute="stage", column_name="stage")
        total_investment = fields.Field(
            attribute="total_investment", column_name="total", widget=widgets.DecimalWidget()
        )
        annual = fields.Field(
            attribute="annual_planned_investment",
            column_name="annual",
            widget=widgets.DecimalWidget(),
        )
        this_year = fields.Field(
            attribute="investment_completed_this_year",
            column_name="year",
            widget=widgets.DecimalWidget(),
        )
        cumulative = fields.Field(
            attribute="investment_completed_total",
            column_name="cumulative",
            widget=widgets.DecimalWidget(),
        )
        planned_start = fields.Field(
            attribute="planned_start", column_name="计划开工时间", widget=widgets.DateWidget()
        )

        class Meta:
            model = Project
            import_id_fields = ["national_code"]
            fields = [
                "national_code",
                "name",
                "owner",
                "region",
                "industry",
                "stage",
                "total_investment",
                "annual",
                "this_year",
                "cumulative",
                "planned_start",
            ]

        def before_import_row(self, row, **kwargs):
            code = row["项目代码"]
            region = code.split("-")[1]
            row["region_id"] = regions[region]
            row["industry"] = industries.get(row["所属行业"], "C")
            row["stage"] = stages[row["建设阶段"]]
            row["total"] = round(float(row["总投资（万元）"]) * 10000, 2)
            row["annual"] = round(float(row["2026年计划投资（万元）"] or 0) * 10000, 2)
            row["year"] = round(float(row["本年完成投资（万元）"] or 0) * 10000, 2)
            row["cumulative"] = round(float(row["累计完成投资（万元）"] or 0) * 10000, 2)

        def before_save_instance(self, instance, row, **kwargs):
            instance.province_code = instance.national_code[5:7] + "0000"
            instance.prefecture_code = instance.national_code[5:9] + "00"

    empty_library()
    if not audited:
        pre_save.disconnect(dispatch_uid="audit_pre_save")
        post_save.disconnect(dispatch_uid="audit_post_save")
    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx", skip_lines=2)
    with acting_as(actor_name="bench-baseline"):
        result = ProjectResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    receivers.connect()
    assert not result.has_errors() and not result.has_validation_errors(), result.row_errors()[:1]
    assert Project.objects.count() == rows
    return seconds


def median(values):
    return statistics.median(values)


def main() -> None:
    mechanism_load_shipped()
    ensure_regions()
    backend = connection.vendor
    print(f"backend: {backend}  cpus: {os.cpu_count()}")

    slice_rows = arguments.baseline_rows
    slice_path = spreadsheet(slice_rows)
    ours_slice = median([ours(slice_path)[0] for _ in range(arguments.repeat)])
    audited = median([baseline(slice_path, slice_rows, audited=True) for _ in range(2)])
    base_slice = median([baseline(slice_path, slice_rows, audited=False) for _ in range(2)])
    print(
        f"{slice_rows:>9,} rows  ours {slice_rows / ours_slice:>9,.0f} rows/s ({ours_slice:.2f}s)  "
        f"django-import-export {slice_rows / base_slice:>7,.0f} rows/s ({base_slice:.1f}s; "
        f"{slice_rows / audited:,.0f} rows/s with the audit receiver)  "
        f"ratio {base_slice / ours_slice:.1f}×"
    )
    for rows in [int(size) for size in arguments.sizes.split(",")]:
        path = spreadsheet(rows)
        runs = [ours(path) for _ in range(1 if rows >= 1_000_000 else arguments.repeat)]
        seconds = median([run[0] for run in runs])
        job = runs[-1][1]
        print(
            f"{rows:>9,} rows  ours {rows / seconds:>9,.0f} rows/s ({seconds:.1f}s)  "
            f"ratio to django-import-export {(rows / seconds) / (slice_rows / base_slice):.1f}×  "
            f"(imported={job.imported_count})"
        )
        started = time.perf_counter()
        with acting_as(actor_name="bench"):
            again = import_file(path, mode="valid-rows", period="2026-10")
        reimport = time.perf_counter() - started
        print(
            f"{rows:>9,} rows  re-import of the same file {rows / reimport:>9,.0f} rows/s "
            f"({reimport:.1f}s, updated={again.updated_count} unchanged={again.unchanged_count})"
        )
    # The library now holds the largest size: the dashboard against the live GROUP BY.
    count = Project.objects.count()
    summary = median([_timed(dashboard) for _ in range(21)])
    province = median([_timed(lambda: dashboard("210000")) for _ in range(21)])
    live = median([_timed(lambda: dashboard(live=True)) for _ in range(3)])
    assert dashboard()["totals"]["project_count"] == dashboard(live=True)["totals"]["project_count"]
    user = User.objects.filter(username="bench-secretariat").first() or User.objects.create(
        username="bench-secretariat",
        role=Role.SECRETARIAT_OFFICER,
        unit=Unit.objects.get(code="ndrc-regional-economy"),
    )
    client = Client()
    client.force_login(user)
    client.get("/projects/statistics/")
    page = median([_timed(lambda: client.get("/projects/statistics/")) for _ in range(11)])
    print(
        f"dashboard over {count:,} projects: summary tables {summary * 1000:.1f} ms "
        f"(one province {province * 1000:.1f} ms, whole page {page * 1000:.1f} ms); "
        f"live GROUP BY {live * 1000:.0f} ms"
    )


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()

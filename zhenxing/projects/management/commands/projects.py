"""`zhenxing projects …`: import lists, print statistics, generate synthetic lists, run queued
imports in the background, load the county regions.

    zhenxing projects import FILE [--mode all-or-nothing|valid-rows] [--period 2026-10]
        → imported=N updated=M rejected=K seconds=S
    zhenxing projects stats [--json]
    zhenxing projects generate --rows N --out FILE [--seed S] [--invalid-every K]
    zhenxing projects run-import JOB_ID | --pending   (--pending first fails dead running jobs)
    zhenxing projects load-regions
"""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhenxing.audit.context import acting_as
from zhenxing.projects.importing.heartbeat import import_jobs_fail_stale
from zhenxing.projects.importing.jobs import ImportRefused, import_file, import_job_run
from zhenxing.projects.models import ImportJob


class Command(BaseCommand):
    help = "项目库 / Project library: import, stats, generate, run-import, load-regions."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importing = actions.add_parser("import", help="import FILE (.xlsx, .xls, .csv)")
        importing.add_argument("file")
        importing.add_argument(
            "--mode",
            choices=[choice.value for choice in ImportJob.Mode],
            default=ImportJob.Mode.ALL_OR_NOTHING,
        )
        importing.add_argument("--period", default="", help="report period, e.g. 2026-10")
        stats = actions.add_parser("stats", help="totals by province and stage")
        stats.add_argument("--json", action="store_true")
        generate = actions.add_parser("generate", help="write a synthetic project list")
        generate.add_argument("--rows", type=int, required=True)
        generate.add_argument("--out", required=True)
        generate.add_argument("--seed", type=int, default=2026)
        generate.add_argument("--invalid-every", type=int, default=0)
        run = actions.add_parser("run-import", help="run a queued import job (background step)")
        run.add_argument("job", nargs="?", type=int)
        run.add_argument("--pending", action="store_true", help="run every queued job")
        actions.add_parser("load-regions", help="load the shipped county-level regions")

    def handle(self, *args, **options):
        action = options["action"].replace("-", "_")
        getattr(self, f"handle_{action}")(options)

    def handle_import(self, options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        started = time.perf_counter()
        with acting_as(actor_name="command:projects import"):
            try:
                job = import_file(path, mode=options["mode"], period=options["period"])
            except ImportRefused as error:
                raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        for row_number, message in job.errors[:20]:
            self.stderr.write(f"第 {row_number} 行：{message}")
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.message)
        if job.message:
            self.stderr.write(job.message)
        self.stdout.write(
            f"imported={job.imported_count} updated={job.updated_count} "
            f"rejected={job.rejected_count} seconds={seconds:.2f}"
        )
        if job.status == ImportJob.Status.REJECTED:
            sys.exit(1)

    def handle_stats(self, options):
        from zhenxing.projects.selectors import totals_by_province_and_stage

        totals = totals_by_province_and_stage()
        if options["json"]:
            self.stdout.write(json.dumps(totals, ensure_ascii=False, indent=2))
            return
        for province in totals["provinces"]:
            self.stdout.write(
                f"{province['name']}\t{province['project_count']} 个\t"
                f"{province['total_investment_yi']} 亿元"
            )
            for stage in province["stages"]:
                self.stdout.write(
                    f"  {stage['label']}\t{stage['project_count']} 个\t"
                    f"{stage['total_investment_yi']} 亿元"
                )

    def handle_generate(self, options):
        from zhenxing.projects.generate import write_spreadsheet

        started = time.perf_counter()
        path = write_spreadsheet(
            Path(options["out"]),
            options["rows"],
            seed=options["seed"],
            invalid_every=options["invalid_every"],
        )
        self.stdout.write(
            f"wrote {options['rows']} rows to {path} in {time.perf_counter() - started:.1f}s"
        )

    def handle_run_import(self, options):
        if options["pending"]:
            for job in import_jobs_fail_stale():
                self.stdout.write(f"job={job.pk} status={job.status} stale: {job.message}")
            jobs = list(
                ImportJob.objects.filter(status=ImportJob.Status.QUEUED).values_list(
                    "pk", flat=True
                )
            )
        elif options["job"]:
            jobs = [options["job"]]
        else:
            raise CommandError("请给出导入任务编号，或使用 --pending。")
        for job_id in jobs:
            job = import_job_run(job_id)
            self.stdout.write(
                f"job={job.pk} status={job.status} imported={job.imported_count} "
                f"updated={job.updated_count} rejected={job.rejected_count}"
            )

    def handle_load_regions(self, options):
        from zhenxing.orgs.services import regions_load_shipped
        from zhenxing.projects.services import county_regions_load_shipped

        with acting_as(actor_name="command:projects load-regions"):
            changed = regions_load_shipped() + county_regions_load_shipped()
        self.stdout.write(f"regions changed={changed}")

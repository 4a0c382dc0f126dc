"""`zhenxing report build [--period 2026Q3] [--unaccepted note|latest_submitted|omit]
--format docx|pdf|xlsx --out FILE`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zhenxing.lib.periods import PeriodKind, parse_period, period_label
from zhenxing.mechanisms.scope import top_mechanism
from zhenxing.policies.models import DivisionPlan
from zhenxing.reports.builders import progress_report_content, round_circular_content
from zhenxing.reports.models import Report
from zhenxing.reports.services import render
from zhenxing.rounds.models import ReportingRound


class Command(BaseCommand):
    help = "生成报告 / Build a report from the data (no database writes)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        build = actions.add_parser("build", help="build a report file")
        build.add_argument(
            "--period", help="2026Q3, 2026H1, 2026 or 2026-10 (default: the current quarter)"
        )
        build.add_argument("--format", choices=["docx", "pdf", "xlsx"], default="docx")
        build.add_argument("--out", required=True, help="file to write")
        build.add_argument("--kind", choices=["progress", "circular"], default="progress")
        build.add_argument("--plan", type=int, help="limit to one division plan (id)")
        build.add_argument("--round", type=int, help="the reporting round of a circular (id)")
        build.add_argument(
            "--unaccepted",
            choices=Report.Unaccepted.values,
            default=Report.Unaccepted.NOTE,
            help="tasks with no accepted report: note them (default), quote the latest report "
            "waiting for review (marked), or omit them (counted)",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        label = options["period"] or period_label(PeriodKind.QUARTER, today)
        try:
            parse_period(label)
            if options["kind"] == "circular":
                round_ = (
                    ReportingRound.objects.filter(pk=options["round"]).first()
                    if options["round"]
                    else ReportingRound.objects.first()
                )
                if round_ is None:
                    raise CommandError("没有可通报的调度（--round）。")
                content = round_circular_content(round_=round_)
            else:
                plan = (
                    DivisionPlan.objects.filter(pk=options["plan"]).first()
                    if options["plan"]
                    else None
                )
                if options["plan"] and plan is None:
                    raise CommandError(f"分工方案 {options['plan']} 不存在。")
                content = progress_report_content(
                    period_label=label,
                    plan=plan,
                    mechanism=top_mechanism(),
                    unaccepted=options["unaccepted"],
                )
            data = render(content, options["format"])
        except (ValueError, ValidationError) as error:
            raise CommandError(str(error)) from error
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(f"{content.title}：{out}（{len(data):,} 字节）")

"""`zhenxing rollup refresh`: rebuild every task roll-up (run nightly: lights move with the date)."""

from django.core.management.base import BaseCommand

from zhenxing.rollups.services import rollups_rebuild


class Command(BaseCommand):
    help = "逐级汇总：refresh 重新计算全部任务的汇总（灯色、完成率、数据）。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["refresh"])

    def handle(self, *args, action, **options):
        written = rollups_rebuild()
        self.stdout.write(f"已重新汇总 {written} 项任务。 (Rolled up {written} tasks.)")

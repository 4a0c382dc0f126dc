"""`zhenxing programmes load-designations`: add the shipped designations of regions that are
missing (idempotent; the secretariat's edits are kept). Regions come first: `zhenxing projects
load-regions` loads the provinces, prefectures and counties."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.programmes.models import Designation
from zhenxing.programmes.services import designations_load_shipped


class Command(BaseCommand):
    help = "Regional programmes: load-designations adds the shipped region designations."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser(
            "load-designations", help="add the shipped designations that are missing"
        )

    def handle(self, *args, **options):
        with acting_as(actor_name="command:programmes load-designations"):
            result = designations_load_shipped()
        self.stdout.write(
            f"区域类型认定：新增 {result['added']} 条，地区未载入而跳过 {result['skipped']} 条，"
            f"共 {Designation.objects.count()} 条"
        )

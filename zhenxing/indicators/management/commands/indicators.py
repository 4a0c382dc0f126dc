"""`zhenxing indicators load-catalogue`: add the shipped core indicators and warning rules that
are missing (idempotent; the secretariat's edits are kept)."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.indicators.models import Indicator
from zhenxing.indicators.services import catalogue_load_shipped


class Command(BaseCommand):
    help = "Indicator catalogue: load-catalogue adds the shipped core indicators."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load-catalogue", help="add the shipped indicators that are missing")

    def handle(self, *args, **options):
        with acting_as(actor_name="command:indicators load-catalogue"):
            added = catalogue_load_shipped()
        self.stdout.write(f"指标目录：新增 {added} 个，共 {Indicator.objects.count()} 个")

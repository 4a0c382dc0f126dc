"""`zhenxing pairings load`: add the shipped pairs of 国办发〔2017〕73号 that are missing
(idempotent; the secretariat's edits are kept)."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.pairings.models import Pairing
from zhenxing.pairings.services import pairings_load_shipped


class Command(BaseCommand):
    help = "Pairing cooperation: load adds the shipped Northeast–east pairs."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load", help="add the shipped pairs that are missing")

    def handle(self, *args, **options):
        with acting_as(actor_name="command:pairings load"):
            added = pairings_load_shipped()
        self.stdout.write(f"对口合作：新增 {added} 对，共 {Pairing.objects.count()} 对")

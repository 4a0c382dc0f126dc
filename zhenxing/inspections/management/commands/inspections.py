"""`zhenxing inspections send-reminders`: tell responsible units once that a rectification item is
due soon, due today or overdue (run from a timer)."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.inspections.services import rectification_reminders_send
from zhenxing.lib.commands import add_today_option


class Command(BaseCommand):
    help = "督查后台任务：整改时限提醒 / Inspection background work."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        action = actions.add_parser(
            "send-reminders", help="remind units of rectification due soon, today or overdue"
        )
        add_today_option(action)

    def handle(self, *args, **options):
        today = options["today"]
        with acting_as(actor_name=f"command:inspections {options['action']}"):
            count = rectification_reminders_send(today)
        self.stdout.write(f"已发送整改提醒 {count} 条")

"""`zhenxing coordination send-reminders`: tell asked units once that a response is due soon, due today or overdue (run from a timer)."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.coordination.services import response_reminders_send
from zhenxing.lib.commands import add_today_option


class Command(BaseCommand):
    help = "协调事项后台任务：答复期限提醒 / Coordination background work."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        action = actions.add_parser(
            "send-reminders", help="remind asked units of responses due soon, today or overdue"
        )
        add_today_option(action)

    def handle(self, *args, **options):
        today = options["today"]
        with acting_as(actor_name=f"command:coordination {options['action']}"):
            count = response_reminders_send(today)
        self.stdout.write(f"已发送答复期限提醒 {count} 条")

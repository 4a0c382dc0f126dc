"""`zhenxing coordination send-reminders`: tell asked units once that a response is due soon, due today or overdue (run from a timer)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from zhenxing.audit.context import acting_as
from zhenxing.coordination.services import response_reminders_send


class Command(BaseCommand):
    help = "协调事项后台任务：答复期限提醒 / Coordination background work."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        action = actions.add_parser(
            "send-reminders", help="remind asked units of responses due soon, today or overdue"
        )
        action.add_argument("--today", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError("日期格式应为 YYYY-MM-DD") from error
        with acting_as(actor_name=f"command:coordination {options['action']}"):
            count = response_reminders_send(today)
        self.stdout.write(f"已发送逾期提醒 {count} 条")

"""`zhenxing inspections send-reminders`: tell responsible units once that a rectification item is
due soon, due today or overdue (run from a timer)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from zhenxing.audit.context import acting_as
from zhenxing.inspections.services import rectification_reminders_send


class Command(BaseCommand):
    help = "督查后台任务：整改时限提醒 / Inspection background work."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        action = actions.add_parser(
            "send-reminders", help="remind units of rectification due soon, today or overdue"
        )
        action.add_argument("--today", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        try:
            today = datetime.date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError("日期格式应为 YYYY-MM-DD") from error
        with acting_as(actor_name=f"command:inspections {options['action']}"):
            count = rectification_reminders_send(today)
        self.stdout.write(f"已发送整改提醒 {count} 条")

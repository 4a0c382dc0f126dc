"""`zhenxing rounds send-reminders|open-scheduled`: the rounds' background work by hand (the
worker runs it as periodic jobs, rounds/tasks.py)."""

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.lib.commands import add_today_option
from zhenxing.rounds.reminders import reminders_send
from zhenxing.rounds.scheduling import scheduled_rounds_open


class Command(BaseCommand):
    help = "调度后台任务：发送提醒、发起定期调度 / Rounds background work."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("send-reminders", "send due reminders once each"),
            ("open-scheduled", "open due recurring rounds"),
        ):
            action = actions.add_parser(name, help=text)
            add_today_option(action)

    def handle(self, *args, **options):
        today = options["today"]
        with acting_as(actor_name=f"command:rounds {options['action']}"):
            if options["action"] == "send-reminders":
                count = reminders_send(today)
                self.stdout.write(f"已发送提醒 {count} 条")
            else:
                rounds = scheduled_rounds_open(today)
                self.stdout.write(f"已发起定期调度 {len(rounds)} 次")

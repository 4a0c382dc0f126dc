"""Management commands that act under their own name in the change log."""

from collections.abc import Callable

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as
from zhenxing.lib.commands import add_today_option


def reminder_command(
    *, app: str, help_text: str, action_help: str, send: Callable, sent_text: str
) -> type[BaseCommand]:
    """`zhenxing APP send-reminders [--today DATE]`: run `send(today)` as the command's actor
    and print how many reminders went out (`sent_text` and the count)."""

    class Command(BaseCommand):
        help = help_text

        def add_arguments(self, parser):
            actions = parser.add_subparsers(dest="action", required=True)
            add_today_option(actions.add_parser("send-reminders", help=action_help))

        def handle(self, *args, **options):
            with acting_as(actor_name=f"command:{app} {options['action']}"):
                count = send(options["today"])
            self.stdout.write(f"{sent_text} {count} 条")

    return Command

"""Shared pieces of the management commands that timers run."""

import argparse
import datetime
from collections.abc import Callable

from django.core.management.base import BaseCommand

from zhenxing.audit.context import acting_as


def iso_date(text: str) -> datetime.date:
    """An argparse type: YYYY-MM-DD, or the error the command prints."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("日期格式应为 YYYY-MM-DD") from None


def add_today_option(parser) -> None:
    """`--today`: run as if today were that date (for catching up and for tests)."""
    parser.add_argument(
        "--today", type=iso_date, help="act as if today were this date (YYYY-MM-DD)"
    )


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

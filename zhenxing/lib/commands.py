"""Shared pieces of the management commands that timers run (the command that acts under its
own name in the change log is `audit.commands.reminder_command`)."""

import argparse
import datetime


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

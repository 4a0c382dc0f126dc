"""The timers' commands share one `--today` option: a real date, or a clear error."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


@pytest.mark.parametrize(
    "command",
    [
        ("rounds", "send-reminders"),
        ("coordination", "send-reminders"),
        ("inspections", "send-reminders"),
        ("rounds", "open-scheduled"),
    ],
)
def test_a_bad_today_is_refused_before_anything_runs(command):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command(*command, "--today", "2026-13-01", stdout=io.StringIO())


@pytest.mark.django_db
def test_today_reaches_the_command_as_a_date():
    output = io.StringIO()
    call_command("coordination", "send-reminders", "--today", "2026-12-01", stdout=output)
    assert output.getvalue().startswith("已发送答复期限提醒 0 条")

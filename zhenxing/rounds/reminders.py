"""Deadline reminders of reporting rounds (the command `zhenxing rounds send-reminders`)."""

import datetime

from django.utils import timezone

from zhenxing.notifications.deadlines import deadline_reminder
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.rounds.models import ReportingRound, Submission


def reminders_send(today: datetime.date | None = None) -> int:
    """Before the due date, on it and after it, tell units with reports outstanding — once each.

    Safe to run every few minutes: each reminder has a dedup key per round, unit and kind.
    """
    today = today or timezone.localdate()
    sent = 0
    outstanding = Submission.objects.filter(
        round__status=ReportingRound.Status.OPEN, status__in=Submission.EDITABLE
    )
    pending = outstanding.values_list(
        "round_id", "round__title", "round__due_date", "unit_id"
    ).distinct()
    for round_id, title, due_date, unit_id in pending:
        reminder = deadline_reminder(
            due_date,
            today,
            soon="距报送截止还有{days}天",
            due="今日为报送截止日",
            late="报送已逾期{days}天",
        )
        if reminder is None:
            continue
        kind, heading = reminder
        sent += notifications_send_to_units(
            unit_ids={unit_id},
            kind=kind,
            title=f"{heading}：{title}",
            body=f"截止日期 {due_date:%Y-%m-%d}，请尽快报送。",
            link=f"/rounds/{round_id}/",
            dedup_key=f"round:{round_id}:unit:{unit_id}:{kind}",
        )
    return sent

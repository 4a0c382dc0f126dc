"""Which reminder a deadline calls for today: shared by rounds, coordination and inspections."""

import datetime

from zhenxing.notifications.models import Notification

DUE_SOON_DAYS = 3


def deadline_reminder(
    due_date: datetime.date, today: datetime.date, *, soon: str, due: str, late: str
) -> tuple[str, str] | None:
    """(kind, heading) of the reminder a deadline calls for today, or None: `soon` and `late`
    take the number of days (距截止还有{days}天 / 已逾期{days}天)."""
    days_left = (due_date - today).days
    if 0 < days_left <= DUE_SOON_DAYS:
        return Notification.Kind.DUE_SOON, soon.format(days=days_left)
    if days_left == 0:
        return Notification.Kind.DUE_TODAY, due
    if days_left < 0:
        return Notification.Kind.OVERDUE, late.format(days=-days_left)
    return None

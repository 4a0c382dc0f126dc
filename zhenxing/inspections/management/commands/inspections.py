"""`zhenxing inspections send-reminders`: tell responsible units once that a rectification item is
due soon, due today or overdue (the worker runs it as a periodic job; this is the manual run)."""

from zhenxing.audit.commands import reminder_command
from zhenxing.inspections.services import rectification_reminders_send

Command = reminder_command(
    app="inspections",
    help_text="督查后台任务：整改时限提醒 / Inspection background work.",
    action_help="remind units of rectification due soon, today or overdue",
    send=rectification_reminders_send,
    sent_text="已发送整改提醒",
)

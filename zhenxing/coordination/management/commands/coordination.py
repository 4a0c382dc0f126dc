"""`zhenxing coordination send-reminders`: tell asked units once that a response is due soon,
due today or overdue (the worker runs it as a periodic job; this is the manual run)."""

from zhenxing.audit.commands import reminder_command
from zhenxing.coordination.services import response_reminders_send

Command = reminder_command(
    app="coordination",
    help_text="协调事项后台任务：答复期限提醒 / Coordination background work.",
    action_help="remind asked units of responses due soon, today or overdue",
    send=response_reminders_send,
    sent_text="已发送答复期限提醒",
)

"""Writes for coordination: matters, meetings, ledgers, assignments and instructions, suggestions.

Every service is `noun_verb(*, …)` in `transaction.atomic`; pages, API and commands call them.
"""

from zhenxing.coordination.services.instructions import (
    assignment_record,
    instruction_attach,
    instruction_respond,
)
from zhenxing.coordination.services.ledgers import (
    ASSIGNMENT_LEDGER,
    MEETING_LEDGER,
    ledger_plan,
    ledger_task_add,
)
from zhenxing.coordination.services.matters import (
    matter_close,
    matter_confirm,
    matter_escalate,
    matter_promote_need,
    matter_raise,
    matter_respond,
    matter_route,
    response_reminders_send,
)
from zhenxing.coordination.services.meetings import (
    agenda_item_add,
    decision_add,
    decision_remove,
    meeting_agenda_build,
    meeting_minutes_issue,
    meeting_minutes_save,
    meeting_schedule,
)
from zhenxing.coordination.services.suggestions import suggestion_decide, suggestion_propose

__all__ = [
    "ASSIGNMENT_LEDGER",
    "MEETING_LEDGER",
    "agenda_item_add",
    "assignment_record",
    "decision_add",
    "decision_remove",
    "instruction_attach",
    "instruction_respond",
    "ledger_plan",
    "ledger_task_add",
    "matter_close",
    "matter_confirm",
    "matter_escalate",
    "matter_promote_need",
    "matter_raise",
    "matter_respond",
    "matter_route",
    "meeting_agenda_build",
    "meeting_minutes_issue",
    "meeting_minutes_save",
    "meeting_schedule",
    "response_reminders_send",
    "suggestion_decide",
    "suggestion_propose",
]

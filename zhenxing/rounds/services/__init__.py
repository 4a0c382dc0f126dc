"""Writes for reporting rounds: open, report, review, extend, rate, close out, remind."""

from zhenxing.rounds.services.followups import (  # noqa: F401
    assessment_record,
    extension_decide,
    extension_request_create,
    task_close_out,
)
from zhenxing.rounds.services.rounds import (  # noqa: F401
    round_chase,
    round_close,
    round_open,
    round_schedule_save,
)
from zhenxing.rounds.services.submissions import (  # noqa: F401
    SUBMISSION_FIELDS,
    StaleSubmissionError,
    evidence_add,
    evidence_remove,
    submission_accept,
    submission_return,
    submission_save_draft,
    submission_submit,
    submissions_accept,
)

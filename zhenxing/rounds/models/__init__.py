"""Reporting rounds (调度): who must report on which task, what they reported, how it was reviewed."""

from zhenxing.rounds.models.followups import (  # noqa: F401
    Assessment,
    Chase,
    CloseOut,
    ExtensionRequest,
)
from zhenxing.rounds.models.rounds import (  # noqa: F401
    PeriodKind,
    ReportingRound,
    RoundSchedule,
)
from zhenxing.rounds.models.submissions import (  # noqa: F401
    CoordinationNeed,
    Evidence,
    ReviewEvent,
    Submission,
    SubmissionQuerySet,
    SubmissionSnapshot,
    evidence_path,
)

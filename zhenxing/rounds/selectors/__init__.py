"""Reads for rounds: computed task colours, round completion, the units' league table.

Every function answers with a constant number of queries whatever the number of rows."""

from zhenxing.rounds.selectors.league import (  # noqa: F401
    LEAGUE_SORTS,
    LeagueRow,
    league_periods,
    league_table,
    sorted_league,
    unit_names,
)
from zhenxing.rounds.selectors.lights import (  # noqa: F401
    TASK_FIELDS,
    TASK_SORTS,
    WARNING_DAYS,
    FixedLights,
    TaskInfo,
    TaskKey,
    TaskLight,
    TaskRow,
    colour_counts,
    count_colours,
    is_due,
    latest_progress,
    light_of,
    overdue_tasks,
    submitted_by_due_date,
    task_lights,
    task_rows,
)
from zhenxing.rounds.selectors.rounds import (  # noqa: F401
    STATUSES,
    RoundProgress,
    UnitRoundRow,
    outstanding_by_unit,
    review_queue,
    round_completion,
    rounds_in_period,
    rounds_progress,
)
from zhenxing.rounds.selectors.units import (  # noqa: F401
    home_panel,
    participants_ready,
    unit_due_submissions,
    units_asked_by_tasks,
    units_without_reporters,
    unreported_participants,
)

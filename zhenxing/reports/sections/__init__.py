"""The parts of the progress report, one module per area.

`indicators`, `projects`, `coordination` and `inspections` read their app through that app's
selectors (plain data) and write the report's wording themselves, with one signature:

    def section(*, period_start: date, period_end: date, mechanism: Mechanism | None) -> Section | None

None when the area has nothing to report in the period. `tasks` holds the report's own parts
(overall progress, progress by part, problems, next steps, the task ledger), which share one
reading of the tasks and their reports. `reports.builders` assembles them in report order from
a static list; the apps never import reports.
"""

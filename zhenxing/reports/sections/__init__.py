"""The parts of the progress report that other apps' data make, one module per area.

Each module reads its app through that app's selectors (plain data) and writes the report's
wording itself, with one signature:

    def section(*, period_start: date, period_end: date, mechanism: Mechanism | None) -> Section | None

None when the area has nothing to report in the period. `reports.builders` calls them in report
order from a static list; the apps never import reports.
"""

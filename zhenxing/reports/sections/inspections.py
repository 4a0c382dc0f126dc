"""督查检查情况: the findings issued in the period and how their rectification stands."""

import datetime

from django.utils import timezone

from zhenxing.inspections import selectors
from zhenxing.lib.i18n import in_chinese
from zhenxing.mechanisms.models import Mechanism
from zhenxing.reports.content import Section, Table


@in_chinese
def section(
    *, period_start: datetime.date, period_end: datetime.date, mechanism: Mechanism | None
) -> Section | None:
    """The inspection part of a progress report, or None when no finding was issued in the
    period (in the mechanism's campaigns; in all when None)."""
    findings = selectors.findings_issued(
        period_start=period_start, period_end=period_end, mechanism=mechanism
    )
    if not findings.exists():
        return None
    # Overdue as it stands at the end of the period, or today for the period still running.
    rows = selectors.findings_by_unit(findings, today=min(period_end, timezone.localdate()))
    total = selectors.totals(rows)
    paragraphs = [
        f"本期开展督查{selectors.campaign_count(findings)}次，发现问题{total['total']}个，"
        f"涉及{total['units']}个单位；已整改销号{total['closed']}个，正在整改{total['open']}个"
        f"（其中待核查{total['awaiting_verification']}个、整改逾期{total['overdue']}个）。"
    ]
    table = Table(
        title="督查发现问题整改情况",
        headers=selectors.UNIT_HEADERS,
        rows=selectors.unit_rows({"rows": rows}),
        widths_mm=[40, 18, 18, 18, 18, 18, 26],
    )
    return Section(key="inspections", heading="督查检查情况", paragraphs=paragraphs, tables=[table])

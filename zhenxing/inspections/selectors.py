"""Reads for inspections: rectification lights, findings by unit and status, the circular's
summary and export rows. A constant number of queries whatever the number of findings."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhenxing.inspections.models import Finding, Inspection, Rectification
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.lib.colours import Colour
from zhenxing.rounds.selectors import TaskLight

WARNING_DAYS = 7


def rectification_light(
    rectification: Rectification, today: datetime.date | None = None
) -> TaskLight:
    """Overdue rectification is red like an overdue task; closed-out items are completed."""
    today = today or timezone.localdate()
    if rectification.status == Rectification.Status.CLOSED:
        return TaskLight(Colour.COMPLETED, _("已销号"))
    if rectification.status == Rectification.Status.REPORTED:
        return TaskLight(Colour.YELLOW, _("已报告整改完成，待核查"))
    if rectification.due_date < today:
        days = (today - rectification.due_date).days
        reason = ngettext("整改已逾期%(days)s天", "整改已逾期%(days)s天", days)
        return TaskLight(Colour.RED, reason % {"days": days})
    if rectification.status == Rectification.Status.REOPENED:
        return TaskLight(Colour.RED, _("核查未通过，重新整改"))
    if (rectification.due_date - today).days <= WARNING_DAYS:
        days = WARNING_DAYS
        reason = ngettext("距整改时限不足%(days)s天", "距整改时限不足%(days)s天", days)
        return TaskLight(Colour.YELLOW, reason % {"days": days})
    return TaskLight(Colour.GREEN, _("整改中"))


def rectification_history(rectification: Rectification) -> list[dict]:
    """Reports and verifications of one item, in the order they happened."""
    steps = [
        {
            "when": report.reported_at,
            "who": report.reported_by,
            "label": _("报告整改完成") if report.completed else _("报告整改进展"),
            "text": report.text,
            "attachments": list(report.attachments.all()),
        }
        for report in rectification.reports.select_related("reported_by").prefetch_related(
            "attachments"
        )
    ] + [
        {
            "when": check.verified_at,
            "who": check.verified_by,
            "label": check.get_outcome_display(),
            "text": check.note,
        }
        for check in rectification.verifications.select_related("verified_by")
    ]
    return sorted(steps, key=lambda step: step["when"])


def with_rectifications(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    return findings.prefetch_related(
        Prefetch(
            "rectifications", queryset=Rectification.objects.select_related("responsible_unit")
        )
    )


def finding_light(finding: Finding, today: datetime.date | None = None) -> TaskLight:
    """The worst light of a finding's rectification items (prefetched)."""
    lights = [rectification_light(item, today) for item in finding.rectifications.all()]
    if not lights:
        return TaskLight(Colour.GREEN, "")
    return min(lights, key=lambda light: Colour.ORDER[light.colour])


@dataclass
class UnitFindingsRow:
    unit_id: int
    unit: str
    total: int
    open: int
    awaiting_verification: int
    closed: int
    overdue: int

    @property
    def closed_rate(self) -> float:
        return self.closed / self.total if self.total else 0.0


def findings_by_unit(
    findings: QuerySet[Finding], today: datetime.date | None = None
) -> list[UnitFindingsRow]:
    """Per unit: findings in total, still open, awaiting verification, closed out, overdue."""
    today = today or timezone.localdate()
    open_items = Q(rectifications__status__in=Rectification.OPEN_STATUSES)
    rows = (
        findings.order_by()
        .values("unit_id", "unit__short_name", "unit__full_name", "unit__sort_order")
        .annotate(
            total=Count("id", distinct=True),
            closed=Count("id", filter=Q(status=Finding.Status.CLOSED), distinct=True),
            awaiting=Count(
                "id",
                filter=Q(rectifications__status=Rectification.Status.REPORTED),
                distinct=True,
            ),
            overdue=Count(
                "id", filter=open_items & Q(rectifications__due_date__lt=today), distinct=True
            ),
        )
        .order_by("unit__sort_order", "unit__full_name")
    )
    return [
        UnitFindingsRow(
            unit_id=row["unit_id"],
            unit=row["unit__short_name"] or row["unit__full_name"],
            total=row["total"],
            open=row["total"] - row["closed"],
            awaiting_verification=row["awaiting"],
            closed=row["closed"],
            overdue=row["overdue"],
        )
        for row in rows
    ]


def totals(rows: list[UnitFindingsRow]) -> dict:
    return {
        "units": len(rows),
        "total": sum(row.total for row in rows),
        "open": sum(row.open for row in rows),
        "awaiting_verification": sum(row.awaiting_verification for row in rows),
        "closed": sum(row.closed for row in rows),
        "overdue": sum(row.overdue for row in rows),
    }


def circular_summary(inspection: Inspection, today: datetime.date | None = None) -> dict:
    """What the circular states: totals, the table by unit, and every finding with its state."""
    findings = with_rectifications(
        inspection.findings.select_related("unit", "task", "project", "policy_document")
    ).order_by("unit__sort_order", "position")
    rows = findings_by_unit(inspection.findings.all(), today)
    severity = dict(
        inspection.findings.order_by()
        .values_list("severity")
        .annotate(n=Count("id"))
        .values_list("severity", "n")
    )
    return {
        "rows": rows,
        "totals": totals(rows),
        "by_severity": [
            (label, severity.get(value, 0)) for value, label in Finding.Severity.choices
        ],
        "findings": [(finding, finding_light(finding, today)) for finding in findings],
    }


def summary_sentence(inspection: Inspection, summary: dict) -> str:
    """The opening figures of the circular, as a sentence."""
    total = summary["totals"]
    return (
        f"{inspection.title}于{chinese_date(inspection.period_start)}至{chinese_date(inspection.period_end)}"
        f"开展，共发现问题{total['total']}个，涉及{total['units']}个单位；"
        f"截至目前，已整改销号{total['closed']}个，正在整改{total['open']}个"
        f"（其中待核查{total['awaiting_verification']}个、整改逾期{total['overdue']}个）。"
    )


UNIT_HEADERS = ["单位", "问题数", "已销号", "整改中", "待核查", "逾期", "销号率"]
FINDING_HEADERS = [
    "序号",
    "被督查单位",
    "问题",
    "严重程度",
    "涉及任务、项目或政策",
    "整改措施",
    "责任单位",
    "整改时限",
    "整改状态",
    "预警",
]


def unit_rows(summary: dict) -> list[list]:
    return [
        [
            row.unit,
            row.total,
            row.closed,
            row.open,
            row.awaiting_verification,
            row.overdue,
            f"{row.closed_rate:.0%}",
        ]
        for row in summary["rows"]
    ]


def finding_rows(findings_with_lights) -> list[list]:
    rows = []
    for finding, light in findings_with_lights:
        items = list(finding.rectifications.all())
        concerns = finding.task or finding.project or finding.policy_document
        rows.append(
            [
                finding.position,
                finding.unit.display_name,
                finding.title,
                finding.get_severity_display(),
                str(concerns) if concerns else "",
                "\n".join(item.measures for item in items),
                "、".join(item.responsible_unit.display_name for item in items),
                min((item.due_date for item in items), default=None),
                "、".join(item.get_status_display() for item in items),
                Colour.LABELS.get(light.colour, ""),
            ]
        )
    return rows


def findings_issued(
    *, period_start: datetime.date, period_end: datetime.date, mechanism
) -> QuerySet[Finding]:
    """Findings issued in a period, in the campaigns of one mechanism (or of all: None)."""
    findings = Finding.objects.filter(
        issued_at__date__gte=period_start, issued_at__date__lte=period_end
    )
    if mechanism is not None:
        findings = findings.filter(inspection__mechanism=mechanism)
    return findings


def campaign_count(findings: QuerySet[Finding]) -> int:
    """How many inspection campaigns the findings come from."""
    return findings.values("inspection_id").distinct().count()


def home_panel(user, today: datetime.date | None = None) -> dict | None:
    """Inspections' figures on the home page (None: no panel): findings under rectification,
    awaiting verification, and rectification overdue, for the findings the user may see."""
    from zhenxing.inspections import access

    if not access.may_use_inspections(user):
        return None
    return totals(findings_by_unit(access.findings_visible_to(user), today))

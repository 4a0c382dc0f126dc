"""Who holds up whom (issue 17 item 3): a level's consolidated report waits for its children's.

A mechanism's consolidated report for a period is its progress report with that period label.
A child mechanism holds its parent up while its own report for the period is not final, if it
has one or has a round in the period (a level with neither has nothing to report).
"""

from dataclasses import dataclass

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.scope import top_mechanism, within_mechanism
from zhenxing.orgs.models import Unit
from zhenxing.reports.access import visible_reports
from zhenxing.reports.models import Report
from zhenxing.rounds.access import rounds_visible_to
from zhenxing.rounds.models import ReportingRound
from zhenxing.rounds.selectors import outstanding_by_unit
from zhenxing.rounds.selectors.calendars import calendar_periods, descendants


def mechanism_name(mechanism: Mechanism) -> str:
    return mechanism.short_name or mechanism.name


def consolidated_report(mechanism: Mechanism, period_label: str) -> Report | None:
    """The mechanism's progress report for the period: the final one, else the latest draft."""
    reports = within_mechanism(
        Report.objects.filter(kind=Report.Kind.PROGRESS, period_label=period_label), mechanism
    )
    return reports.order_by("-status", "-created_at").first()


@dataclass
class ChildState:
    """A child mechanism that holds its parent's report up, and why."""

    mechanism: Mechanism
    report: Report | None

    @property
    def label(self) -> str:
        state = "报告草稿未定稿" if self.report else "报告尚未起草"
        return f"{mechanism_name(self.mechanism)}（{state}）"


def children_not_final(*, mechanism: Mechanism | None, period_label: str) -> list[ChildState]:
    """The child mechanisms whose report for the period is not final (see the module)."""
    mechanism = mechanism or top_mechanism()
    if mechanism is None or not period_label:
        return []
    waiting = []
    for child in mechanism.children.order_by("established_on", "code"):
        report = consolidated_report(child, period_label)
        if report is not None and report.is_final:
            continue
        in_period = ReportingRound.objects.filter(mechanism=child, period_label=period_label)
        if report is not None or in_period.exists():
            waiting.append(ChildState(mechanism=child, report=report))
    return waiting


@dataclass
class HoldupRow:
    """One mechanism's state for the period: rounds, reports outstanding by unit, its report,
    and the child mechanisms its report waits for."""

    mechanism: Mechanism
    depth: int
    rounds: list[ReportingRound]
    outstanding: list[tuple[str, int]]
    report: Report | None
    waits_for: list[Mechanism]

    @property
    def indent(self) -> str:
        return "　" * self.depth

    @property
    def outstanding_total(self) -> int:
        return sum(count for _unit, count in self.outstanding)

    def as_dict(self) -> dict:
        return {
            "mechanism": self.mechanism.code,
            "name": self.mechanism.name,
            "level": self.mechanism.level,
            "rounds": [
                {"id": r.pk, "title": r.title, "due_date": r.due_date, "status": r.status}
                for r in self.rounds
            ],
            "outstanding": [{"unit": unit, "count": count} for unit, count in self.outstanding],
            "report": (
                {"id": self.report.pk, "status": self.report.status} if self.report else None
            ),
            "waits_for": [child.code for child in self.waits_for],
        }


def holdup_rows(*, mechanism: Mechanism, period_label: str) -> list[HoldupRow]:
    """The period's state from `mechanism` down, parents before children."""
    rows = []
    for current, depth in descendants(mechanism):
        rounds = list(
            within_mechanism(ReportingRound.objects.all(), current)
            .filter(period_label=period_label)
            .order_by("due_date", "pk")
        )
        counts = {}
        for round_ in rounds:
            for unit_id, count in outstanding_by_unit(round_).items():
                counts[unit_id] = counts.get(unit_id, 0) + count
        names = {u.pk: u.display_name for u in Unit.objects.filter(pk__in=counts)}
        outstanding = sorted(((names[pk], n) for pk, n in counts.items()), key=lambda p: -p[1])
        waiting = children_not_final(mechanism=current, period_label=period_label)
        rows.append(
            HoldupRow(
                mechanism=current,
                depth=depth,
                rounds=rounds,
                outstanding=outstanding,
                report=consolidated_report(current, period_label),
                waits_for=[child.mechanism for child in waiting],
            )
        )
    return rows


def _reason(row: HoldupRow) -> str:
    if row.outstanding:
        units = "、".join(f"{unit} {count} 份" for unit, count in row.outstanding[:5])
        more = "等" if len(row.outstanding) > 5 else ""
        return f"{row.outstanding_total} 份报送未报（{units}{more}）"
    if row.report is None:
        return "报告尚未起草"
    if not row.report.is_final:
        return "报告草稿未定稿"
    return "已定稿"


def blocking_chains(rows: list[HoldupRow]) -> list[str]:
    """Who holds up whom: from the first row down each chain of reports waiting for a child's,
    ending with why the last one waits, e.g. "东北 等待 辽宁，辽宁 等待 阜新：3 份报送未报（…）"."""
    by_code = {row.mechanism.code: row for row in rows}
    chains = []

    def walk(row: HoldupRow, path: list[str]) -> None:
        name = mechanism_name(row.mechanism)
        followed = [by_code[c.code] for c in row.waits_for if c.code in by_code]
        if not followed:
            if path:
                chains.append(f"{'，'.join(path)}：{name}{_reason(row)}")
            elif row.outstanding or (row.report is None or not row.report.is_final):
                chains.append(f"{name}：{_reason(row)}")
            return
        for child in followed:
            walk(child, [*path, f"{name} 等待 {mechanism_name(child.mechanism)}"])

    if rows:
        walk(rows[0], [])
    return chains


def holdup_periods(mechanism: Mechanism) -> list[str]:
    """Period labels with rounds or progress reports from `mechanism` down, latest first."""
    reports = Report.objects.filter(
        kind=Report.Kind.PROGRESS, mechanism__in=[m for m, _depth in descendants(mechanism)]
    ).exclude(period_label="")
    labels = calendar_periods(mechanism) + list(
        reports.order_by("-period_label").values_list("period_label", flat=True)
    )
    return sorted(dict.fromkeys(labels), reverse=True)


def visible_links(user, rows: list[HoldupRow]) -> dict:
    """The rounds and reports of `rows` that `user` may open (a level's drafts stay its own)."""
    round_ids = [r.pk for row in rows for r in row.rounds]
    report_ids = [row.report.pk for row in rows if row.report]
    return {
        "linked_rounds": set(
            rounds_visible_to(user).filter(pk__in=round_ids).values_list("pk", flat=True)
        ),
        "linked_reports": set(
            visible_reports(user).filter(pk__in=report_ids).values_list("pk", flat=True)
        ),
    }

"""Reads for reports: the content of a report (live for drafts, the snapshot for finals)."""

from zhenxing.lib.i18n import in_chinese
from zhenxing.reports.builders import (
    progress_report_content,
    round_circular_content,
    upward_report_content,
)
from zhenxing.reports.content import ReportContent, Section
from zhenxing.reports.models import Report


@in_chinese
def build_content(report: Report) -> ReportContent:
    """The report's content: a final's stored snapshot, or a draft's from the data now (in
    Chinese, whatever the language of the page)."""
    if report.is_final and report.snapshot:
        return ReportContent.from_dict(report.snapshot)
    if report.kind == Report.Kind.CIRCULAR:
        return round_circular_content(round_=report.round)
    if report.kind == Report.Kind.UPWARD:
        return upward_report_content(period_label=report.period_label, mechanism=report.mechanism)
    content = progress_report_content(
        period_label=report.period_label,
        mechanism=report.mechanism,
        plan=report.plan,
        narratives=report.narratives,
        unaccepted=report.unaccepted,
    )
    if report.kind == Report.Kind.ANNUAL:
        year = int(report.period_label)
        content.title = f"关于{year}年东北振兴工作进展情况和{year + 1}年工作要点的报告"
        ledger = content.annexes[0] if content.annexes else None
        open_rows = [row for row in (ledger.rows if ledger else []) if row[5] != "已销号"]
        content.sections.append(
            Section(
                key="work_points",
                heading=f"{'一二三四五六七八九十'[len(content.sections)]}、{year + 1}年工作要点",
                paragraphs=[
                    f"{index}. {row[1]}（{row[2]}牵头）" for index, row in enumerate(open_rows, 1)
                ],
                narrative=report.narratives.get(
                    "work_points", f"{year + 1}年，继续推进尚未完成的重点任务，具体如下。"
                ),
            )
        )
    return content

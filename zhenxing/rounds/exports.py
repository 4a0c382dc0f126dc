"""Every dashboard table as an .xlsx download: one sheet per table, written by
`lib.xlsx_export` (its guard keeps text that a spreadsheet would run as a formula as text).

The tables are the dashboard's own, in the language of the page (headers, lights and their
reasons); the documents handed on (reports, circulars) are always in Chinese.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from zhenxing.lib.colours import Colour
from zhenxing.lib.xlsx_export import CONTENT_TYPE, Rate, SheetTable, tables_to_xlsx
from zhenxing.rounds.models import Submission


def _sheet(name: str, headers: list[str], rows: list[list]) -> SheetTable:
    """A dashboard table: a sheet named after it, no title row."""
    return SheetTable(name=name, title="", headers=headers, rows=rows)


def xlsx_response(filename: str, *tables: SheetTable) -> HttpResponse:
    response = HttpResponse(tables_to_xlsx(list(tables)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# The tables ---------------------------------------------------------------------------------


def completion_table(completion: dict) -> SheetTable:
    return _sheet(
        _("报送进度"),
        [_("单位"), _("应报"), _("已报"), _("已采用"), _("待审核"), _("已退回"), _("未报"), _("逾期未报")],
        [
            [row.unit, row.total, row.reported, row.accepted, row.waiting, row.returned,
             row.outstanding, row.late]
            for row in completion["units"]
        ],
    )  # fmt: skip


def submissions_table(submissions) -> SheetTable:
    return _sheet(
        _("报送"),
        [_("调度"), _("任务编号"), _("重点任务"), _("报送单位"), _("角色"), _("状态"),
         _("进展状态"), _("首次报送时间"), _("退回次数"), _("进展情况")],
        [
            [s.round.title, s.task.code, s.task.title, s.unit.display_name, s.get_role_display(),
             s.get_status_display(), s.get_progress_status_display()
             if s.status != Submission.Status.DRAFT else "", s.first_submitted_at,
             s.return_count, s.progress if s.status != Submission.Status.DRAFT else ""]
            for s in submissions
        ],
    )  # fmt: skip


def rounds_table(progress) -> SheetTable:
    return _sheet(
        _("调度完成情况"),
        [_("调度"), _("期间"), _("报送截止日期"), _("应报"), _("已报"), _("完成率"),
         _("待审核"), _("已退回"), _("已过截止日期")],
        [
            [p.round.title, p.round.period_label, p.round.due_date, p.total, p.reported,
             Rate(p.completion_rate), p.waiting, p.returned, p.past_due]
            for p in progress
        ],
    )  # fmt: skip


def tasks_table(rows, title: str = "") -> SheetTable:
    return _sheet(
        title or _("任务灯色"),
        [_("编号"), _("重点任务"), _("分工方案"), _("牵头单位"), _("截止日期"), _("计算灯色"),
         _("依据"), _("评价")],
        [
            [row.task.code, row.task.title, row.task.plan_title, row.task.lead_name,
             row.task.due_date,
             _(Colour.LABELS[row.light.colour]), row.light.reason,
             _(Colour.LABELS[row.rating]) if row.rating in Colour.LABELS else ""]
            for row in rows
        ],
    )  # fmt: skip


def league_table(rows) -> SheetTable:
    return _sheet(
        _("单位排名"),
        [_("名次"), _("单位"), _("应报"), _("按时报送"), _("按时率"), _("已报"), _("被退回"),
         _("退回率"), _("牵头任务"), _("已销号"), _("完成率")],
        [
            [number, row.unit, row.due, row.on_time, Rate(row.on_time_rate), row.submitted,
             row.returned, Rate(row.returned_rate), row.tasks_led, row.tasks_completed,
             Rate(row.completion_rate)]
            for number, row in enumerate(rows, start=1)
        ],
    )  # fmt: skip


def extension_table(requests) -> SheetTable:
    return _sheet(
        _("延期申请"),
        [_("任务编号"), _("重点任务"), _("申请单位"), _("原截止日期"), _("申请截止日期"),
         _("申请理由"), _("状态"), _("申请时间"), _("审批时间"), _("审批意见")],
        [
            [r.task.code, r.task.title, r.unit.display_name, r.current_due_date,
             r.requested_due_date, r.reason, r.get_status_display(), r.requested_at,
             r.decided_at, r.decision_note]
            for r in requests
        ],
    )  # fmt: skip

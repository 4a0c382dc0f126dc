"""The change log of a date range as .xlsx or .csv for the assessor, units' text redacted and
anything a spreadsheet would run as a formula neutralised (as every other export does)."""

import csv
import datetime
import json
from collections.abc import Iterator

from django.utils.translation import gettext as _

from zhenxing.audit import redaction
from zhenxing.lib.xlsx_export import SheetTable, neutralise_formula, tables_to_xlsx


def _headers() -> list[str]:
    return [
        _("序号"),
        _("时间"),
        _("操作人"),
        _("来源地址"),
        _("动作"),
        _("对象类型"),
        _("对象编号"),
        _("对象"),
        _("请求编号"),
        _("修改的字段"),
        _("修改前"),
        _("修改后"),
        _("原因"),
        _("记录哈希"),
    ]


def _as_text(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row(record) -> list:
    return [
        record.sequence,
        record.time.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        record.actor_name,
        record.address or "",
        record.get_action_display(),
        record.content_type.name if record.content_type else "",
        record.object_id,
        record.object_repr,
        record.request_id,
        "、".join(record.changed_fields),
        _as_text(redaction.visible_before(record)),
        _as_text(redaction.visible_after(record)),
        record.reason,
        record.record_hash,
    ]


# An .xlsx sheet holds 1,048,576 rows and is built in memory: larger ranges go to CSV.
XLSX_MAX_ROWS = 200_000


def change_records_xlsx(records, *, date_from: datetime.date, date_to: datetime.date) -> bytes:
    sheet = SheetTable(
        name=_("审计日志"),
        title=_("审计日志 %(start)s 至 %(end)s") % {"start": date_from, "end": date_to},
        headers=_headers(),
        rows=[_row(record) for record in records],
        widths=[8, 22, 14, 16, 10, 14, 10, 30, 16, 24, 40, 40, 20, 24],
        note=_("单位填写的内容不予显示；记录哈希可用 zhenxing audit verify 核对。"),
    )
    return tables_to_xlsx([sheet])


class _Echo:
    def write(self, value):
        return value


def change_records_csv(records) -> Iterator[str]:
    """The rows as CSV lines, one at a time (a year of imports can be millions of records)."""
    writer = csv.writer(_Echo())
    # With a byte-order mark, as spreadsheet programs expect of UTF-8 CSV.
    yield "\ufeff" + writer.writerow(_headers())
    for record in records.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                neutralise_formula(value) if isinstance(value, str) else value
                for value in _row(record)
            ]
        )

"""The allocations list as an .xlsx workbook (lib/xlsx_export.py); money in 万元."""

from django.utils.translation import gettext as _

from zhenxing.lib.money import WAN, in_unit
from zhenxing.lib.xlsx_export import Rate, SheetTable, tables_to_xlsx


def allocations_xlsx(states) -> bytes:
    sheet = SheetTable(
        name=_("中央资金"),
        title=_("中央资金下达和支出情况"),
        headers=[
            _("年度"),
            _("资金类型"),
            _("资金专项"),
            _("地区"),
            _("责任单位"),
            _("下达金额（万元）"),
            _("累计支出（万元）"),
            _("支出进度"),
            _("时间进度"),
            _("预警"),
        ],
        rows=[
            [
                state.allocation.year,
                state.allocation.programme.get_kind_display(),
                state.allocation.programme.name,
                state.allocation.region.name,
                state.allocation.responsible_unit.display_name,
                in_unit(state.allocation.amount, WAN),
                in_unit(state.disbursed, WAN),
                Rate(state.share_disbursed),
                Rate(state.share_elapsed),
                _("支出偏慢") if state.slow else "",
            ]
            for state in states
        ],
        widths=[8, 18, 28, 12, 20, 14, 14, 10, 10, 10],
    )
    return tables_to_xlsx([sheet])

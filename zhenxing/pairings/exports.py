"""The pairs dashboard as an .xlsx workbook (lib/xlsx_export.py); money in 万元."""

from django.utils.translation import gettext as _

from zhenxing.lib.money import WAN, in_unit
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx


def dashboard_xlsx(rows: list[dict], totals: dict) -> bytes:
    headers = [
        _("对口合作"),
        _("合作项目（个）"),
        _("对口省市投资（万元）"),
        _("共建园区（个）"),
        _("入驻企业（家）"),
        _("园区累计投资（万元）"),
        _("干部交流（人次）"),
        _("最近评价"),
    ]
    lines = [
        [
            str(row["pairing"]),
            row["projects"],
            in_unit(row["partner_investment"], WAN),
            row["parks"],
            row["park_enterprises"],
            in_unit(row["park_investment"], WAN),
            row["exchanged_people"],
            _evaluation(row["evaluation"]),
        ]
        for row in rows
    ]
    lines.append(
        [
            _("合计"),
            totals["projects"],
            in_unit(totals["partner_investment"], WAN),
            totals["parks"],
            totals["park_enterprises"],
            in_unit(totals["park_investment"], WAN),
            totals["exchanged_people"],
            "",
        ]
    )
    sheet = SheetTable(
        name=_("对口合作"),
        title=_("东北地区与东部地区对口合作情况"),
        headers=headers,
        rows=lines,
        widths=[20, 12, 16, 12, 12, 16, 14, 16],
    )
    return tables_to_xlsx([sheet])


def _evaluation(evaluation) -> str:
    if evaluation is None:
        return ""
    return f"{evaluation.year} {evaluation.get_grade_display()}（{evaluation.score}）"

"""The pilots list as an .xlsx workbook (lib/xlsx_export.py)."""

from django.utils.translation import gettext as _

from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx


def pilots_xlsx(pilots) -> bytes:
    rows = []
    for pilot in pilots:
        latest = next(iter(pilot.evaluations.all()), None)
        rows.append(
            [
                pilot.name,
                pilot.get_kind_display(),
                pilot.region.name,
                f"{pilot.document_title}（{pilot.document_number}）"
                if pilot.document_number
                else pilot.document_title,
                pilot.period_label(),
                len(pilot.tasks.all()),
                len(pilot.projects.all()),
                f"{latest.year} {latest.get_grade_display()}（{latest.score}）" if latest else "",
            ]
        )
    sheet = SheetTable(
        name=_("试点示范"),
        title=_("试点示范清单"),
        headers=[
            _("名称"),
            _("类型"),
            _("所在地区"),
            _("批复文件"),
            _("期限"),
            _("分工任务（项）"),
            _("项目（个）"),
            _("最近评估"),
        ],
        rows=rows,
        widths=[28, 16, 12, 40, 12, 12, 10, 18],
    )
    return tables_to_xlsx([sheet])

"""Special plans as an .xlsx workbook (lib/xlsx_export.py): the plans, then one sheet per kind
of figures (relocation sites, compensation agreements, reconstruction projects); money in 万元."""

from django.utils.translation import gettext as _

from zhenxing.lib.money import WAN, in_unit
from zhenxing.lib.xlsx_export import Rate, SheetTable, tables_to_xlsx
from zhenxing.specialplans import selectors


def plans_xlsx(plans, year: int) -> bytes:
    plans = list(plans)
    sheets = [
        SheetTable(
            name=_("专项规划"),
            title=_("专项规划清单"),
            headers=[
                _("名称"),
                _("类型"),
                _("状态"),
                _("涉及地区"),
                _("期限"),
                _("责任单位"),
                _("进展"),
            ],
            rows=[
                [
                    plan.title,
                    plan.get_kind_display(),
                    plan.get_status_display(),
                    "、".join(region.name for region in plan.regions.all()),
                    plan.period_label(),
                    plan.responsible_unit.display_name,
                    selectors.headline(plan, year),
                ]
                for plan in plans
            ],
            widths=[36, 12, 10, 24, 12, 20, 18],
        ),
        SheetTable(
            name=_("安置点"),
            title=_("易地搬迁安置点进展"),
            headers=[
                _("专项规划"),
                _("安置点"),
                _("所在地区"),
                _("计划搬迁人数"),
                _("累计搬迁人数"),
                _("累计搬迁户数"),
                _("建成安置住房（套）"),
                _("实现就业人数"),
                _("计划投资（万元）"),
                _("完成投资（万元）"),
            ],
            rows=[
                [
                    plan.title,
                    state.site.name,
                    state.site.region.name,
                    state.site.people_planned,
                    state.people_moved,
                    state.households_moved,
                    state.homes_built,
                    state.people_employed,
                    in_unit(state.site.funds_planned, WAN),
                    in_unit(state.funds_spent, WAN),
                ]
                for plan in plans
                for state in selectors.site_states(plan)
            ],
            widths=[30, 20, 12, 12, 12, 12, 14, 12, 14, 14],
        ),
        SheetTable(
            name=_("生态补偿"),
            title=_("生态补偿协议执行情况"),
            headers=[
                _("专项规划"),
                _("协议名称"),
                _("补偿方"),
                _("受偿方"),
                _("期限"),
                _("年度补偿金额（万元）"),
                _("应付（万元）"),
                _("已付（万元）"),
                _("拨付进度"),
            ],
            rows=[
                [
                    plan.title,
                    state.agreement.name,
                    state.agreement.payer_region.name,
                    state.agreement.receiver_region.name,
                    state.agreement.period_label(),
                    in_unit(state.agreement.annual_amount, WAN),
                    in_unit(state.due, WAN),
                    in_unit(state.paid, WAN),
                    Rate(state.share_paid),
                ]
                for plan in plans
                for state in selectors.agreement_states(plan, year)
            ],
            widths=[30, 30, 10, 10, 12, 16, 14, 14, 10],
        ),
        SheetTable(
            name=_("重建项目"),
            title=_("灾后恢复重建项目进展"),
            headers=[
                _("专项规划"),
                _("项目代码"),
                _("项目"),
                _("地区"),
                _("重建资金（万元）"),
                _("完成进度（%）"),
                _("进度来源"),
            ],
            rows=[
                [
                    plan.title,
                    state.reconstruction.project.national_code,
                    state.reconstruction.project.name,
                    state.reconstruction.project.region.name,
                    in_unit(state.reconstruction.funds, WAN),
                    state.share_complete,
                    _("项目库投资进度") if state.from_library else _("责任单位报送"),
                ]
                for plan in plans
                for state in selectors.reconstruction_states(plan)
            ],
            widths=[30, 26, 30, 12, 14, 12, 14],
        ),
    ]
    return tables_to_xlsx(sheets)

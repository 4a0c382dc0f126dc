"""The target tree of an indicator as a workbook, handed on, so in Chinese whatever the language
of the page (`lib.i18n.in_chinese`)."""

from zhenxing.indicators.cascade import tree_rows
from zhenxing.lib.colours import Colour
from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx

HEADERS = [
    "层级",
    "地区",
    "工作机制",
    "目标值",
    "权数",
    "下级分解合计",
    "分解差额",
    "实际值",
    "实际值期间",
    "实际值来源",
    "目标差距",
    "灯色",
]


def _source(node) -> str:
    actual = node.actual
    if actual is None:
        return "无数据"
    if not actual.rolled_up:
        return "本地区数据"
    said = "；".join(
        f"{name}{'—' if value is None else format(value.normalize(), 'f')}"
        for name, value, _period in actual.provenance
    )
    return f"下级汇总{'（部分）' if actual.partial else ''}：{said}"


@in_chinese
def target_tree_xlsx(indicator, year: int, nodes) -> bytes:
    rows = [
        [
            node.depth + 1,
            ("　" * node.depth) + node.place,
            (node.target.mechanism.short_name or node.target.mechanism.name)
            if node.target.mechanism_id
            else "",
            node.target.value,
            node.target.weight,
            node.allocated,
            node.allocation_gap,
            node.actual.value if node.actual else None,
            node.actual.period if node.actual else "",
            _source(node),
            node.achievement_gap,
            Colour.LABELS.get(node.colour, ""),
        ]
        for node in tree_rows(nodes)
    ]
    sheet = SheetTable(
        name="目标分解",
        title=f"{year}年{indicator.name}（{indicator.unit}）目标分解",
        note=f"汇总规则：{indicator.get_aggregation_display()}；分解差额=目标值−下级分解合计；"
        "目标差距=目标值−实际值",
        headers=HEADERS,
        rows=rows,
        widths=[6, 18, 20, 12, 12, 14, 12, 12, 18, 50, 12, 8],
    )
    return tables_to_xlsx([sheet], title=sheet.title)

"""The evaluation as files: an .xlsx workbook (ranking, values; lib/xlsx_export.py) and the
annual evaluation report as a Word document in official layout (lib/official_docx.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.official_docx import OfficialDocument
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx
from zhenxing.transformations import selectors
from zhenxing.transformations.models import EvaluationIndicator

GROUPS = EvaluationIndicator.Group


def evaluation_xlsx(evaluation) -> bytes:
    rows = selectors.scores(evaluation)
    indicators = list(EvaluationIndicator.objects.all())
    ranking = SheetTable(
        name=_("排名"),
        title=str(evaluation),
        headers=[_("排名"), _("城市"), _("总分")]
        + [str(label) for _value, label in GROUPS.choices],
        rows=[
            [row.rank, row.region.name, row.score]
            + [row.groups.get(value, 0) for value, _label in GROUPS.choices]
            for row in rows
        ],
        widths=[8, 14, 10, 12, 12, 12, 12],
    )
    values = SheetTable(
        name=_("数值"),
        title=_("评价指标数值"),
        headers=[_("城市")] + [indicator.name for indicator in indicators],
        rows=[
            [row.region.name] + [row.values.get(indicator.code, "") for indicator in indicators]
            for row in rows
        ],
        widths=[14] + [16] * len(indicators),
    )
    return tables_to_xlsx([ranking, values])


@in_chinese
def evaluation_docx(evaluation) -> bytes:
    """The annual evaluation report: the rule, the ranking, each group's leaders."""
    rows = selectors.scores(evaluation)
    groups = selectors.group_weights()
    document = OfficialDocument()
    document.title(f"{evaluation.year}年度资源枯竭城市转型绩效评价报告")
    document.heading("一、评价范围和方法")
    document.paragraph(
        f"本次评价对象为{len(rows)}个资源枯竭城市："
        + "、".join(row.region.name for row in sorted(rows, key=lambda r: r.region.code))
        + "。评价指标体系包括"
        + "、".join(f"{g['label']}（{g['weight']:g}分）" for g in groups)
        + f"{len(groups)}个方面{sum(len(g['indicators']) for g in groups)}项指标。"
    )
    document.paragraph(
        "各指标在参评城市间标准化为0—100分：正向指标按（数值−最小值）÷（最大值−最小值）×100计，"
        "逆向指标按（最大值−数值）÷（最大值−最小值）×100计，各城市数值相同时均计100分，"
        "缺少数值的计0分；按权重加权求和得到总分（满分100分）。"
    )
    document.heading("二、评价结果")
    if rows:
        best, worst = rows[0], rows[-1]
        document.paragraph(
            f"{best.region.name}以{best.score}分排名第一；{worst.region.name}得分{worst.score}分，"
            "排名末位，转型任务仍然艰巨。"
        )
    document.table(
        ["排名", "城市", "总分"] + [g["label"] for g in groups],
        [
            [row.rank, row.region.name, row.score] + [row.groups.get(g["group"], 0) for g in groups]
            for row in rows
        ],
    )
    document.heading("三、分方面情况")
    for group in groups:
        leader = max(rows, key=lambda row: row.groups.get(group["group"], 0), default=None)
        if leader is not None:
            document.paragraph(
                f"{group['label']}方面，{leader.region.name}得分最高"
                f"（{leader.groups.get(group['group'], 0)}分，满分{group['weight']:g}分）。"
            )
    source = next((i.source for i in EvaluationIndicator.objects.all() if i.source), "")
    if source:
        document.paragraph(f"说明：{source}")
    document.signature("东北振兴省部联席落实推进工作机制秘书处", chinese_date(timezone.localdate()))
    return document.to_bytes()

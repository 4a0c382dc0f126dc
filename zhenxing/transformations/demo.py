"""Demo transformation evaluation for `zhenxing demo-data`: the shipped indicator set, the
resource-exhausted cities the shipped list lacks (阜新, 伊春, 辽源, 白山 of the first batch,
鹤岗, 双鸭山 of the third, added as demo rows without a source: check the official lists), and
last year's evaluation, published, with illustrative values — Fuxin and Liaoyuan ahead on
successor industries, Yichun on air quality, Hegang and Shuangyashan still leaning on coal.
Cities without figures here (county-level ones) get middling values derived from their code.
Figures are illustrative, not official."""

import datetime
from decimal import Decimal

from zhenxing.orgs.models import Region
from zhenxing.programmes.models import Designation
from zhenxing.programmes.services import designation_create
from zhenxing.transformations import selectors, services
from zhenxing.transformations.models import Evaluation, EvaluationIndicator

DEMO = "演示数据补充，未附来源；以官方名单为准"
# region, batch, first year
CITIES = [
    ("210900", 1, 2008), ("230700", 1, 2008), ("220400", 1, 2008), ("220600", 1, 2008),
    ("230400", 3, 2011), ("230500", 3, 2011),
]  # fmt: skip
# Values in the order of the shipped indicator set (see data/indicator_set.json).
VALUES = {
    "210900": [5.6, 6.1, 7.5, 46200, 38.5, 31.0, 1.1, 58.0, 5.2, 5.4, 6.9, 3200, 1850, 3.6, 86.0],  # 阜新
    "210400": [5.2, 4.8, 6.0, 61800, 34.0, 36.5, 1.3, 55.0, 5.4, 5.1, 6.5, 2800, 1200, 3.2, 82.5],  # 抚顺
    "230700": [4.9, 3.5, 9.8, 38900, 36.2, 22.0, 0.8, 49.0, 5.8, 5.0, 7.1, 1500, 300, 4.1, 95.6],  # 伊春
    "220400": [5.8, 5.9, 8.2, 52300, 40.1, 28.5, 1.0, 61.0, 5.0, 5.6, 6.8, 2100, 650, 3.8, 88.9],  # 辽源
    "220600": [5.3, 4.2, 7.0, 49800, 35.6, 30.2, 0.7, 52.0, 5.5, 5.2, 6.6, 1900, 420, 3.4, 93.2],  # 白山
    "230400": [3.9, 2.1, 4.5, 41200, 24.8, 52.0, 0.6, 44.0, 6.3, 4.6, 6.2, 2600, 2100, 2.6, 84.1],  # 鹤岗
    "230500": [4.1, 2.8, 5.1, 47600, 26.5, 48.5, 0.6, 46.0, 6.1, 4.8, 6.3, 2300, 1700, 2.9, 85.3],  # 双鸭山
    "230900": [4.4, 3.0, 5.8, 50100, 28.0, 45.0, 0.7, 47.5, 5.9, 4.9, 6.4, 2000, 1500, 3.0, 83.0],  # 七台河
}  # fmt: skip


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    services.indicator_set_load_shipped()
    regions = Region.objects.in_bulk([code for code, *_rest in CITIES], field_name="code")
    designated = set(
        Designation.objects.filter(kind=Designation.Kind.RESOURCE_EXHAUSTED_CITY).values_list(
            "region__code", flat=True
        )
    )
    for code, batch, first_year in CITIES:
        if code in regions and code not in designated:
            designation_create(
                region=regions[code],
                kind=Designation.Kind.RESOURCE_EXHAUSTED_CITY,
                batch=batch,
                document_title=f"第{'一二三'[batch - 1]}批资源枯竭城市名单",
                first_year=first_year,
                note=DEMO,
            )
    year = today.year - 1
    evaluation = Evaluation.objects.filter(year=year, mechanism=mechanism).first()
    if evaluation is None:
        evaluation = services.evaluation_create(year=year, mechanism=mechanism)
        codes = list(EvaluationIndicator.objects.values_list("code", flat=True))
        for city in selectors.cities(evaluation):
            figures = VALUES.get(city.code) or _middling(city.code)
            services.evaluation_values_set(
                evaluation=evaluation,
                region=city,
                values={
                    code: Decimal(str(value)) for code, value in zip(codes, figures, strict=False)
                },
            )
        services.evaluation_publish(evaluation=evaluation)
    rows = selectors.scores(evaluation)
    leader = f"，第一名{rows[0].region.name}（{rows[0].score}分）" if rows else ""
    return f"转型绩效评价：{year}年评价{len(rows)}个资源枯竭城市{leader}"


def _middling(code: str) -> list:
    """Values between the demo cities' for a city without its own, varying with its code."""
    shift = int(code) % 7 / 10
    columns = list(zip(*VALUES.values(), strict=True))
    return [round(sum(column) / len(column) * (0.9 + shift / 3), 2) for column in columns]

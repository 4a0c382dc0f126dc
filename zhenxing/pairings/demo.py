"""Demo pairing cooperation for `zhenxing demo-data`: the seven shipped pairs; for each, the
demo projects of its Northeast side as cooperation projects with a partner share, and for the
two city pairs that the story follows (沈阳—北京, 哈尔滨—深圳) a park, exchanges both ways and
last year's evaluation. Figures are illustrative, not official."""

from decimal import Decimal

from zhenxing.pairings.models import (
    AnnualEvaluation,
    CadreExchange,
    CooperationProject,
    JointPark,
    Pairing,
)
from zhenxing.pairings.services import pairings_load_shipped
from zhenxing.projects.models import Project

DEMO = "演示数据（非真实统计）"
# northeast code: (park name, place, km², enterprises, investment yuan, score, grade, exchanges)
STORY = {
    "230100": ("深哈产业园", "哈尔滨新区", "2.60", 420, "26000000000", "92.5", "excellent", 35),
    "210100": ("京沈合作产业园", "沈阳市", "1.20", 85, "6500000000", "81.0", "good", 18),
}


def populate(*, secretariat, mechanism, plan, today) -> str:
    pairings_load_shipped()
    year = today.year - 1
    linked = 0
    for pairing in Pairing.objects.select_related("northeast_region"):
        code = pairing.northeast_region.code
        scope = {"province_code": code} if code.endswith("0000") else {"prefecture_code": code}
        for project in Project.objects.filter(**scope).order_by("-total_investment")[:3]:
            _, created = CooperationProject.objects.get_or_create(
                pairing=pairing,
                project=project,
                defaults={"partner_investment": (project.total_investment * Decimal("0.3"))},
            )
            linked += created
        if code not in STORY:
            continue
        name, place, area, enterprises, investment, score, grade, people = STORY[code]
        JointPark.objects.get_or_create(
            pairing=pairing,
            name=name,
            defaults={
                "place": place,
                "area_square_kilometres": Decimal(area),
                "enterprises": enterprises,
                "investment": Decimal(investment),
            },
        )
        for direction, count in (
            (CadreExchange.Direction.TO_PARTNER, people),
            (CadreExchange.Direction.FROM_PARTNER, people // 2),
        ):
            CadreExchange.objects.get_or_create(
                pairing=pairing, year=year, direction=direction, defaults={"people": count}
            )
        AnnualEvaluation.objects.get_or_create(
            pairing=pairing,
            year=year,
            defaults={"score": Decimal(score), "grade": grade, "text": DEMO},
        )
    return f"对口合作：{Pairing.objects.count()} 对，新增合作项目 {linked} 个"

"""Demo pilots and demonstration zones for `zhenxing demo-data`, those seed 003 names: the
Sino-German park in Shenyang (§9), the Sino-Korean demonstration zone in Changchun (§9),
Shenyang's comprehensive innovation reform (§11), the Harbin and Changchun new areas (§16) and
Fuxin's transformation (§22), each with the plan's tasks that name it, the largest demo
projects of its region, the GDP growth of its province and, for two, last year's evaluation.
Documents are named, not numbered; scores are illustrative, not official."""

import datetime
from decimal import Decimal

from django.db.models import Q

from zhenxing.indicators.models import Indicator
from zhenxing.orgs.models import Region
from zhenxing.pilots.models import Pilot, PilotEvaluation
from zhenxing.projects.models import Project

DEMO = "演示数据（非真实评估）"
# name, kind, region, document, first year, keyword of the plan's tasks, (score, grade) or None
PILOTS = [
    ("中德（沈阳）高端装备制造产业园", Pilot.Kind.COOPERATION, "210100",
     "国务院关于同意设立中德（沈阳）高端装备制造产业园的批复", 2015, "中德", ("91.0", "excellent")),
    ("中韩（长春）国际合作示范区", Pilot.Kind.COOPERATION, "220100",
     "国务院关于同意设立中韩（长春）国际合作示范区的批复", 2020, "中韩", ("84.5", "good")),
    ("沈阳全面创新改革试验区", Pilot.Kind.INNOVATION, "210100",
     "关于在部分区域系统推进全面创新改革试验的总体方案", 2015, "创新改革", None),
    ("哈尔滨新区", Pilot.Kind.NEW_AREA, "230100",
     "国务院关于同意设立哈尔滨新区的批复", 2015, "新区", None),
    ("长春新区", Pilot.Kind.NEW_AREA, "220100",
     "国务院关于同意设立长春新区的批复", 2016, "新区", None),
    ("阜新资源型城市经济转型试点", Pilot.Kind.TRANSFORMATION, "210900",
     "资源枯竭城市经济转型试点", 2001, "资源枯竭", ("72.0", "fair")),
]  # fmt: skip


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    regions = Region.objects.in_bulk([row[2] for row in PILOTS], field_name="code")
    growth = Indicator.objects.filter(code="gdp_growth").first()
    made = 0
    for name, kind, code, document, first_year, keyword, evaluation in PILOTS:
        if code not in regions:
            continue
        pilot, created = Pilot.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "region": regions[code],
                "document_title": document,
                "first_year": first_year,
                "mechanism": mechanism,
                "goals": DEMO,
            },
        )
        if not created:
            continue
        made += 1
        if plan is not None:
            pilot.tasks.set(
                plan.tasks.filter(Q(title__contains=keyword) | Q(description__contains=keyword))
            )
        scope = {"province_code": code} if code.endswith("0000") else {"prefecture_code": code}
        pilot.projects.set(Project.objects.filter(**scope).order_by("-total_investment")[:2])
        if growth is not None:
            pilot.indicators.add(growth)
        if evaluation:
            score, grade = evaluation
            PilotEvaluation.objects.create(
                pilot=pilot, year=today.year - 1, score=Decimal(score), grade=grade, text=DEMO
            )
    return f"试点示范：{Pilot.objects.count()} 个（新增 {made} 个）"

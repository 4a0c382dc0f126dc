"""Demo data for the project library: a generated list of major projects across the four
provinces (imported the way a secretariat officer imports one), and seed 001's Harbin fair with
its signed projects at every step of the investment-attraction funnel.

Called by `zhenxing demo-data`; idempotent: an existing library or fair is left as it is.
"""

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from zhenxing.orgs.models import Region
from zhenxing.projects.generate import write_spreadsheet
from zhenxing.projects.importing.jobs import import_file
from zhenxing.projects.models import ImportJob, Project, SignedProject, SigningEvent
from zhenxing.projects.services import (
    ensure_regions,
    signed_project_advance,
    signed_project_save,
    signing_event_save,
)

PROJECT_COUNT = 240
FAIR = "第三十二届哈尔滨国际经济贸易洽谈会"
# Signed projects of the demo fair: (name, district code, amount in 亿元, furthest stage).
SIGNED = [
    ("哈尔滨新区智能装备产业园", "230102", "58.0", "in_production"),
    ("大庆石化新材料一体化项目", "230602", "120.0", "started"),
    ("哈尔滨冰雪文旅综合体", "230102", "35.5", "started"),
    ("大庆新能源储能电站", "230602", "42.0", "landed"),
    ("哈尔滨生物医药产业基地", "230102", "26.8", "landed"),
    ("大庆精细化工园区配套", "230602", "18.3", "performed"),
    ("哈尔滨跨境电商物流中心", "230102", "12.6", "performed"),
    ("大庆绿色农产品加工项目", "230602", "9.4", "signed"),
    ("哈尔滨航空零部件制造项目", "230102", "31.2", "signed"),
    ("大庆数据中心集群", "230602", "47.0", "signed"),
]


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    ensure_regions()
    imported = _project_library(secretariat, today)
    fair = _fair(today)
    return (
        f"项目库 {Project.objects.count()} 个项目（本次导入 {imported} 个），"
        f"招商活动「{fair.name}」签约项目 {fair.signed_projects.count()} 个"
    )


def _project_library(secretariat, today: datetime.date) -> int:
    if Project.objects.exists():
        return 0
    with tempfile.TemporaryDirectory(prefix="zhenxing-demo-") as directory:
        path = write_spreadsheet(Path(directory) / "东北地区重大项目清单.xlsx", PROJECT_COUNT)
        job = import_file(
            path,
            mode=ImportJob.Mode.ALL_OR_NOTHING,
            period=f"{today.year}-{today.month:02d}",
            user=secretariat,
        )
    if job.status != ImportJob.Status.SUCCEEDED:
        raise RuntimeError(f"演示项目清单导入失败：{job.message}")
    return job.imported_count


def _fair(today: datetime.date) -> SigningEvent:
    existing = SigningEvent.objects.filter(name=FAIR).first()
    if existing:
        return existing
    regions = Region.objects.in_bulk([code for _, code, _, _ in SIGNED], field_name="code")
    fair = signing_event_save(
        event=SigningEvent(
            name=FAIR,
            kind=SigningEvent.Kind.FAIR,
            start_date=datetime.date(2023, 6, 15),
            end_date=datetime.date(2023, 6, 19),
            place="哈尔滨",
            region=Region.objects.get(code="230100"),
            announced_project_count=224,
            announced_amount=Decimal("84563000000"),
            source="新华社 2023-09-09",
        )
    )
    order = list(SignedProject.Stage)
    for number, (name, code, amount, furthest) in enumerate(SIGNED):
        signed = signed_project_save(
            signed=SignedProject(
                event=fair,
                name=name,
                region=regions[code],
                signed_amount=Decimal(amount) * 100_000_000,
            )
        )
        stage = SignedProject.Stage(furthest)
        if stage != SignedProject.Stage.SIGNED:
            started = order.index(stage) >= order.index(SignedProject.Stage.STARTED)
            signed_project_advance(
                signed=signed,
                stage=stage,
                on_date=min(
                    today, datetime.date(2023, 9, 1) + datetime.timedelta(days=90 * number)
                ),
                funds_in_place=(signed.signed_amount / 3).quantize(Decimal("1"))
                if started
                else None,
            )
    return fair

"""Demo central funds for `zhenxing demo-data`: this year's money of the four kinds for the
three provinces and Fuxin, each allocation funding the largest demo projects of its region, and
the responsible units' quarterly disbursement reports up to today. Two allocations tell the
story of slow disbursement: Heilongjiang's ultra-long special treasury bonds and Fuxin's
transfer for resource-exhausted cities lag the year. Figures are illustrative, not official."""

import datetime
from decimal import Decimal

from zhenxing.funds.models import Allocation, Disbursement, FundedProject, FundProgramme
from zhenxing.funds.selectors import allocation_states, year_elapsed
from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models import Project

PROGRAMMES = [
    ("东北振兴中央预算内投资专项", FundProgramme.Kind.CENTRAL_BUDGET, "发改振兴〔演示〕1号"),
    ("资源枯竭城市转移支付", FundProgramme.Kind.SPECIAL_TRANSFER, "财预〔演示〕2号"),
    ("超长期特别国债“两重”建设项目", FundProgramme.Kind.ULTRA_LONG_BONDS, "发改投资〔演示〕3号"),
    ("增发国债灾后恢复重建项目", FundProgramme.Kind.ADDITIONAL_BONDS, "发改投资〔演示〕4号"),
]
# (programme index, region code, unit code, amount in 亿元, pace: the share disbursed over
# the share of the year elapsed at each report)
ALLOCATIONS = [
    (0, "210000", "liaoning-government", "12.5", "1.00"),
    (0, "220000", "jilin-government", "9.8", "1.00"),
    (0, "230000", "heilongjiang-government", "11.2", "0.98"),
    (1, "210900", "fuxin-government", "3.6", "0.45"),
    (2, "230000", "heilongjiang-government", "20.0", "0.40"),
    (2, "210000", "liaoning-government", "18.0", "1.05"),
    (3, "220000", "jilin-government", "6.4", "1.00"),
]
DEMO_NOTE = "演示数据（非真实统计）"


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    programmes = [
        FundProgramme.objects.get_or_create(
            name=name, defaults={"kind": kind, "document_number": number, "note": DEMO_NOTE}
        )[0]
        for name, kind, number in PROGRAMMES
    ]
    regions = Region.objects.in_bulk([row[1] for row in ALLOCATIONS], field_name="code")
    units = Unit.objects.in_bulk([row[2] for row in ALLOCATIONS], field_name="code")
    quarter_ends = [
        datetime.date(today.year, month, day)
        for month, day in ((3, 31), (6, 30), (9, 30))
        if datetime.date(today.year, month, day) < today
    ] + [today]
    made = 0
    for index, region_code, unit_code, yi, pace in ALLOCATIONS:
        if region_code not in regions or unit_code not in units:
            continue
        amount = Decimal(yi) * 100_000_000
        allocation, created = Allocation.objects.get_or_create(
            programme=programmes[index],
            region=regions[region_code],
            year=today.year,
            defaults={
                "amount": amount,
                "responsible_unit": units[unit_code],
                "mechanism": mechanism,
                "document_number": programmes[index].document_number,
                "issued_on": datetime.date(today.year, 2, 28),
            },
        )
        if not created:
            continue
        made += 1
        _fund_projects(allocation, region_code)
        for as_of in quarter_ends:
            elapsed = year_elapsed(today.year, as_of)
            Disbursement.objects.create(
                allocation=allocation,
                as_of=as_of,
                disbursed=(amount * min(Decimal(1), elapsed * Decimal(pace))).quantize(
                    Decimal("0.01")
                ),
                note=DEMO_NOTE,
            )
    states = allocation_states(Allocation.objects.filter(year=today.year), today)
    slow = sum(state.slow for state in states)
    return (
        f"中央资金：{len(programmes)} 个专项，本年下达 {len(states)} 笔（新增 {made} 笔），"
        f"支出偏慢 {slow} 笔"
    )


def _fund_projects(allocation: Allocation, region_code: str) -> None:
    scope = (
        {"province_code": region_code}
        if region_code.endswith("0000")
        else {"prefecture_code": region_code}
    )
    projects = list(Project.objects.filter(**scope).order_by("-total_investment", "pk")[:3])
    for share, project in zip(
        (Decimal("0.5"), Decimal("0.3"), Decimal("0.2")), projects, strict=False
    ):
        FundedProject.objects.create(
            allocation=allocation, project=project, amount=allocation.amount * share
        )

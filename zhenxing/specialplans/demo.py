"""Demo special plans for `zhenxing demo-data`, one of each kind, telling a Northeast story:
Liaoning moves households out of the coal-mining subsidence areas of Fuxin and Fushun into
three resettlement sites (behind on employment at one); Heilongjiang compensates Jilin,
upstream on the Songhua River, for keeping the boundary section clean (this year's payment is
half paid); Jilin rebuilds after last summer's floods with the province's largest library
projects and the central fund issued for it. Each plan has its own published division plan
whose tasks go into the reporting rounds. Figures are illustrative, not official."""

import datetime
from decimal import Decimal

from django.db.models import Q

from zhenxing.funds.models import Allocation, FundProgramme
from zhenxing.indicators.models import Indicator
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.projects.models import Project
from zhenxing.specialplans import services
from zhenxing.specialplans.models import Disaster, SpecialPlan

DEMO = "演示数据（非真实统计）"
WAN = Decimal(10_000)
YI = Decimal(100_000_000)
# Relocation sites: name, region, households, people, planned 万元, and per year of the plan
# (households, people, homes built, people employed, 万元 spent).
SITES = [
    ("阜新市海州区孙家湾安置小区", "210900", 1200, 3100, 62000,
     [(400, 1050, 420, 760, 20000), (500, 1300, 520, 980, 26000), (200, 500, 220, 300, 9000)]),
    ("阜新市新邱区北宁安置小区", "210900", 800, 2000, 41000,
     [(250, 640, 260, 300, 12000), (300, 760, 320, 330, 15000)]),
    ("抚顺市东洲区搭连安置小区", "210400", 600, 1500, 30000,
     [(300, 760, 300, 600, 15000), (280, 700, 280, 610, 14000)]),
]  # fmt: skip
TASKS = {
    SpecialPlan.Kind.RELOCATION: [
        "完成采煤沉陷区居民避险搬迁安置",
        "落实搬迁群众就业帮扶和社会保障接续",
        "推进沉陷区土地复垦和生态修复",
    ],
    SpecialPlan.Kind.ECOLOGICAL_COMPENSATION: [
        "开展松花江吉黑省界断面水质联合监测",
        "按年度考核结果拨付生态补偿资金",
    ],
    SpecialPlan.Kind.RECONSTRUCTION: [
        "抢修恢复受损道路、桥梁和水利设施",
        "完成受灾群众住房恢复重建",
        "加快灾后重建项目建设和资金拨付",
    ],
}


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    if SpecialPlan.objects.filter(summary__endswith=DEMO).exists():
        return _summary()
    regions = Region.objects.in_bulk(
        ["210000", "210400", "210900", "220000", "230000", "220200", "220500", "220600"],
        field_name="code",
    )
    units = Unit.objects.in_bulk(
        ["liaoning-government", "jilin-government", "heilongjiang-government"], field_name="code"
    )
    if len(regions) < 8 or len(units) < 3:
        return ""
    growth = list(Indicator.objects.filter(code="gdp_growth"))
    year = today.year
    relocation = _plan(
        secretariat,
        mechanism,
        title=f"辽宁省采煤沉陷区居民避险搬迁规划（{year - 2}—{year}年）",
        kind=SpecialPlan.Kind.RELOCATION,
        first_year=year - 2,
        last_year=year,
        responsible_unit=units["liaoning-government"],
        regions=[regions[code] for code in ("210000", "210900", "210400")],
        indicators=growth,
    )
    for name, code, households, people, funds, years in SITES:
        site = services.relocation_site_create(
            plan=relocation,
            name=name,
            region=regions[code],
            households_planned=households,
            people_planned=people,
            funds_planned=funds * WAN,
        )
        for offset, (moved, persons, homes, employed, spent) in enumerate(years):
            services.relocation_figure_report(
                site=site,
                user=secretariat,
                year=year - 2 + offset,
                households_moved=moved,
                people_moved=persons,
                homes_built=homes,
                people_employed=employed,
                funds_spent=spent * WAN,
                note=DEMO,
            )
    compensation = _plan(
        secretariat,
        mechanism,
        title=f"松花江流域吉黑跨省横向生态保护补偿实施方案（{year - 2}—{year}年）",
        kind=SpecialPlan.Kind.ECOLOGICAL_COMPENSATION,
        first_year=year - 2,
        last_year=year,
        responsible_unit=units["heilongjiang-government"],
        regions=[regions["220000"], regions["230000"]],
        indicators=growth,
    )
    agreement = services.compensation_agreement_create(
        plan=compensation,
        name="松花江吉黑省界断面横向生态保护补偿协议",
        payer_region=regions["230000"],
        receiver_region=regions["220000"],
        basis="以松花江吉黑省界断面水质年均值为考核依据：达到Ⅲ类标准的，下游黑龙江省向上游"
        "吉林省拨付补偿资金；未达到的，由吉林省向黑龙江省拨付。",
        annual_amount=YI,
        first_year=year - 2,
        last_year=year,
    )
    for offset, paid in enumerate((YI, YI, YI / 2)):
        services.compensation_payment_report(
            agreement=agreement, user=secretariat, year=year - 2 + offset, amount=paid, note=DEMO
        )
    reconstruction = _plan(
        secretariat,
        mechanism,
        title=f"吉林省{year - 1}年洪涝灾害灾后恢复重建规划",
        kind=SpecialPlan.Kind.RECONSTRUCTION,
        first_year=year - 1,
        last_year=year + 1,
        responsible_unit=units["jilin-government"],
        regions=[regions[code] for code in ("220000", "220200", "220500", "220600")],
        indicators=growth,
        allocations=list(
            Allocation.objects.filter(
                region=regions["220000"], programme__kind=FundProgramme.Kind.ADDITIONAL_BONDS
            )
        ),
    )
    services.disaster_create(
        plan=reconstruction,
        name=f"{year - 1}年7月下旬吉林省强降雨洪涝灾害",
        kind=Disaster.Kind.FLOOD,
        began_on=datetime.date(year - 1, 7, 25),
        affected_regions=[regions[code] for code in ("220200", "220500", "220600")],
        direct_loss=Decimal(48) * YI,
    )
    projects = Project.objects.filter(province_code="220000").order_by("-total_investment", "pk")
    for index, project in enumerate(projects[:4]):
        row = services.reconstruction_project_add(
            plan=reconstruction, project=project, funds=(project.total_investment / 5).quantize(WAN)
        )
        if index < 2:  # two report; the others show the library's investment progress
            services.reconstruction_progress_report(
                reconstruction=row,
                user=secretariat,
                share_complete=Decimal(("85.0", "40.0")[index]),
                as_of=today,
                note=DEMO,
            )
    return _summary()


def _plan(secretariat, mechanism, *, title, kind, regions, indicators, allocations=(), **values):
    division = DivisionPlan.objects.create(title=f"{title}分工方案", mechanism=mechanism)
    for task_title in TASKS[kind]:
        task_create(
            plan=division,
            user=secretariat,
            title=task_title,
            lead_unit=values["responsible_unit"],
            description=DEMO,
        )
    division_plan_publish(plan=division, user=secretariat)
    return services.specialplan_create(
        title=title,
        kind=kind,
        status=SpecialPlan.Status.IN_FORCE,
        document_title=f"关于{title.split('（')[0]}的批复",
        mechanism=mechanism,
        summary=DEMO,
        regions=regions,
        division_plan=division,
        indicators=indicators,
        allocations=list(allocations),
        **values,
    )


def _summary() -> str:
    plans = SpecialPlan.objects.filter(Q(summary__endswith=DEMO))
    return f"专项规划：{plans.count()} 个（易地搬迁、生态补偿、灾后恢复重建各一）"

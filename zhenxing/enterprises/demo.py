"""Demo data for key enterprises (seed 004, Fuxin): four enterprises of the Fuxin city
mechanism, each with two years of monthly figures up to last month (the first year is the base
of the year-on-year rates; one month came in late, one enterprise has not reported last month),
and two difficulties: one answered and closed, one routed and now past its due date, ready to be
escalated to a coordination matter; and two 免申即享 policies with the enterprises they serve.

Called by `zhenxing demo-data`; idempotent: a mechanism that already has enterprises is left as
it is. Without the Fuxin mechanism nothing is made.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from zhenxing.enterprises import selectors, services
from zhenxing.enterprises.models import BenefitPolicy, Difficulty, Enterprise, MonthlyFigure
from zhenxing.enterprises.validators import credit_code_check_character
from zhenxing.mechanisms.demo import demo_author
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit, User

# name, credit code (first 17 characters; the check character is computed), industry, size,
# contact department, 包联 official and post, 分管领导, monthly output value (万元) a year ago
ENTERPRISES = [
    ("阜新德尔汽车部件股份有限公司", "91210900MA0XY1A01", "C", "large", "fuxin-miit",
     "周海波", "市委常委、副市长", "周海波", 52000),
    ("阜新矿业（集团）有限责任公司", "91210900MA0XY1A02", "B", "large", "fuxin-miit",
     "刘立新", "副市长", "刘立新", 86000),
    ("辽宁阜新风电装备制造有限公司", "91210900MA0XY1A03", "C", "medium", "fuxin-commerce",
     "王晓明", "副市长", "王晓明", 9800),
    ("阜新蒙古族自治县农产品物流有限公司", "91210900MA0XY1A04", "F", "small", "fuxin-commerce",
     "赵春雨", "副市长", "王晓明", 1200),
]  # fmt: skip
GROWTH = (Decimal("1.08"), Decimal("1.12"), Decimal("0.95"), Decimal("1.20"))


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def populate(*, secretariat, mechanism, plan, today: datetime.date) -> str:
    fuxin = Mechanism.objects.filter(code="fuxin").first()
    if fuxin is None:
        return ""
    if not Enterprise.objects.filter(mechanism=fuxin).exists():
        city_secretariat = User.objects.filter(username="fuxin.secretariat").first() or secretariat
        _populate(secretariat=city_secretariat, mechanism=fuxin, today=today)
    if not BenefitPolicy.objects.filter(mechanism=fuxin).exists():
        city_secretariat = User.objects.filter(username="fuxin.secretariat").first() or secretariat
        _benefits(mechanism=fuxin, user=city_secretariat, today=today)
    enterprises = Enterprise.objects.filter(mechanism=fuxin)
    difficulties = Difficulty.objects.filter(enterprise__mechanism=fuxin)
    return (
        f"阜新重点企业 {enterprises.count()} 家，月度数据 "
        f"{MonthlyFigure.objects.filter(enterprise__in=enterprises).count()} 条，"
        f"企业诉求 {difficulties.count()} 项，"
        f"免申即享政策 {BenefitPolicy.objects.filter(mechanism=fuxin).count()} 项"
    )


def _benefits(*, mechanism, user, today: datetime.date) -> None:
    """Two 免申即享 policies: job-retention refunds to the manufacturers (one granted, one
    notified) and loan interest subsidies for small and medium enterprises (one identified,
    one declined)."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="fuxin-")}
    retention = services.benefit_policy_save(
        mechanism=mechanism,
        user=user,
        title="工业企业稳岗返还“免申即享”",
        issuing_unit=units["fuxin-finance"],
        document_number="阜财社〔2026〕12号",
        announced_on=today - datetime.timedelta(days=60),
        kind=BenefitPolicy.Kind.SUBSIDY,
        eligibility="上年度未裁员或裁员率低于全市城镇调查失业率控制目标的参保工业企业。",
        amount_rule="按上年度实际缴纳失业保险费的60%返还。",
        region=Region.objects.filter(code="210900").first(),
        industries=["C"],
    )
    interest = services.benefit_policy_save(
        mechanism=mechanism,
        user=user,
        title="中小企业技术改造贷款贴息“免申即享”",
        issuing_unit=units["fuxin-miit"],
        document_number="阜工信发〔2026〕8号",
        announced_on=today - datetime.timedelta(days=30),
        kind=BenefitPolicy.Kind.LOAN_INTEREST,
        eligibility="当年新增技术改造贷款、按期付息的中小企业。",
        amount_rule="按贷款市场报价利率的50%贴息，单户不超过100万元。",
        sizes=["medium", "small"],
    )
    enterprises = Enterprise.objects.filter(mechanism=mechanism).order_by("pk")
    first, second = services.benefit_grants_identify(
        policy=retention, enterprises=selectors.eligible_enterprises(retention, enterprises)
    )[:2]
    services.benefit_grant_notify(grant=first, notified_on=today - datetime.timedelta(days=40))
    services.benefit_grant_grant(
        grant=first, amount=Decimal("386000"), granted_on=today - datetime.timedelta(days=20)
    )
    services.benefit_grant_notify(grant=second, notified_on=today - datetime.timedelta(days=10))
    grants = services.benefit_grants_identify(
        policy=interest, enterprises=selectors.eligible_enterprises(interest, enterprises)
    )
    services.benefit_grant_decline(grant=grants[-1], reason="当年无新增技术改造贷款。")


def _populate(*, secretariat, mechanism, today: datetime.date) -> None:
    units = {unit.code: unit for unit in Unit.objects.filter(code__startswith="fuxin-")}
    region = Region.objects.filter(code="210900").first()
    months = selectors.recent_months(today, 24)
    enterprises = []
    for index, (name, code, industry, size, unit_code, official, post, leader, base) in enumerate(
        ENTERPRISES
    ):
        enterprise = services.enterprise_register(
            mechanism=mechanism,
            name=name,
            credit_code=code + credit_code_check_character(code),
            region=region,
            industry=industry,
            size=size,
            contact_unit=units[unit_code],
            liaison_official=official,
            liaison_post=post,
            responsible_leader=leader,
        )
        enterprises.append(enterprise)
        author = demo_author(units[unit_code], secretariat)
        for position, month in enumerate(months):
            if index == 3 and position == len(months) - 1:
                continue  # not yet reported: the list shows it
            # Seasonal swing, and this year's growth on last year's.
            factor = Decimal(1 + (month.month % 6) / 20)
            if position >= 12:
                factor *= GROWTH[index] + Decimal((month.month * 7) % 5 - 2) / 100
            output = (Decimal(base) * factor).quantize(Decimal("0.01"))
            figure = services.figure_report(
                enterprise=enterprise,
                user=author,
                month=month,
                output_value=output,
                revenue=(output * Decimal("0.92")).quantize(Decimal("0.01")),
                orders=(output * Decimal("1.05")).quantize(Decimal("0.01")),
                employment=int(base / 40) + position,
            )
            # Demo history only: when the figures came in (the 8th, one month on the 15th).
            day = 15 if (index, position) == (2, 20) else 8
            arrived = selectors.month_add(month, 1).replace(day=day)
            MonthlyFigure.objects.filter(pk=figure.pk).update(reported_at=_moment(arrived))

    finance, drc = units["fuxin-finance"], units["fuxin-drc"]
    answered = services.difficulty_receive(
        enterprise=enterprises[0],
        user=demo_author(enterprises[0].contact_unit, secretariat),
        title="新建生产线设备购置贴息资金申请",
        description="企业新建新能源汽车电机生产线，设备投资1.2亿元，申请技术改造贴息资金支持。",
    )
    services.difficulty_route(difficulty=answered, user=secretariat, unit=finance)
    services.difficulty_answer(
        difficulty=answered,
        user=demo_author(finance, secretariat),
        answer="已纳入今年技术改造专项资金支持范围，贴息资金将于下月拨付。",
    )
    services.difficulty_close(
        difficulty=answered, user=secretariat, resolution="贴息资金已拨付，企业确认。"
    )
    late = services.difficulty_receive(
        enterprise=enterprises[2],
        user=demo_author(enterprises[2].contact_unit, secretariat),
        title="风电装备产品运输超限审批",
        description="叶片运输需办理超限运输许可，审批周期长，影响交货，请协调加快办理。",
    )
    services.difficulty_route(difficulty=late, user=secretariat, unit=drc)
    # Demo history only: taken in three weeks ago, due a week ago and not answered.
    Difficulty.objects.filter(pk=late.pk).update(
        received_at=_moment(today - datetime.timedelta(days=21)),
        due_date=today - datetime.timedelta(days=7),
    )

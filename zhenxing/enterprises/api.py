"""API for key enterprises (/api/v1/enterprises): the list and one enterprise with its last
12 months of figures, monthly reporting, difficulties taken in and answered, and 免申即享
policies with the enterprises they serve, through the same access module and services as the
pages."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from zhenxing.enterprises import access, selectors, services
from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Region, Unit

router = Router(tags=["enterprises"])


class ErrorOut(Schema):
    detail: str


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    industry: str
    size: str
    region: str | None
    contact_unit: str
    liaison_official: str
    liaison_post: str
    responsible_leader: str

    @staticmethod
    def resolve_region(enterprise):
        return enterprise.region.code if enterprise.region else None

    @staticmethod
    def resolve_contact_unit(enterprise):
        return enterprise.contact_unit.code


class MonthOut(Schema):
    month: str
    output_value: Decimal | None
    revenue: Decimal | None
    orders: Decimal | None
    employment: int | None
    state: str
    growth: dict[str, Decimal | None]


class EnterpriseDetailOut(EnterpriseOut):
    months: list[MonthOut]


class FigureIn(Schema):
    month: str  # YYYY-MM
    output_value: Decimal
    revenue: Decimal
    orders: Decimal
    employment: int


class DifficultyIn(Schema):
    title: str
    description: str


class DifficultyOut(Schema):
    id: int
    enterprise_id: int
    title: str
    status: str
    responsible_unit: str | None
    due_date: datetime.date | None
    answer: str
    matter_id: int | None

    @staticmethod
    def resolve_responsible_unit(difficulty):
        return difficulty.responsible_unit.code if difficulty.responsible_unit else None


def _month_out(row) -> dict:
    figure = row.figure
    return {
        "month": f"{row.month:%Y-%m}",
        "output_value": figure.output_value if figure else None,
        "revenue": figure.revenue if figure else None,
        "orders": figure.orders if figure else None,
        "employment": figure.employment if figure else None,
        "state": row.state,
        "growth": row.growth,
    }


@router.get("", response=list[EnterpriseOut])
def list_enterprises(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """Key enterprises of the mechanism the caller sees, 100 a page (next: the `Link` header)."""
    require(access.may_use_enterprises(request.user))
    enterprises = within_mechanism(
        access.enterprises_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return api_page(request, response, enterprises, ordering=["name", "id"], cursor=cursor)


@router.get("/difficulties", response=list[DifficultyOut])
def list_difficulties(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """Difficulties the caller sees (their enterprises' and those routed to their unit)."""
    require(access.may_use_enterprises(request.user))
    difficulties = within_mechanism(
        access.difficulties_visible_to(request.user),
        mechanism_for_api(request, mechanism),
        "enterprise__mechanism",
    )
    return api_page(
        request, response, difficulties, ordering=["-received_at", "-id"], cursor=cursor
    )


@router.get("/{int:pk}", response=EnterpriseDetailOut)
def get_enterprise(request, pk: int):
    """One enterprise with its last 12 months: figures, reporting state, year-on-year growth."""
    enterprise, _may_edit = access.get_enterprise_for_user(request.user, pk)
    rows = selectors.enterprise_months(enterprise, today=timezone.localdate())
    enterprise.months = [_month_out(row) for row in rows]
    return enterprise


@router.post("/{int:pk}/figures", response={200: MonthOut, 400: ErrorOut})
def report_figures(request, pk: int, payload: FigureIn):
    """Report (or correct) one month's figures of an enterprise."""
    enterprise, may_edit = access.get_enterprise_for_user(request.user, pk)
    require(may_edit)
    try:
        month = datetime.datetime.strptime(payload.month, "%Y-%m").date()
        data = payload.dict() | {"month": month}
        services.figure_report(enterprise=enterprise, user=request.user, **data)
    except ValueError:
        return Status(400, {"detail": "月份格式应为 YYYY-MM。"})
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    rows = selectors.enterprise_months(enterprise, today=timezone.localdate(), count=13)
    row = next((r for r in rows if r.month == month), None)
    if row is None:  # the current month, not yet in the reporting window
        figure = enterprise.figures.get(month=month)
        row = selectors.MonthRow(month, figure, selectors.ReportState.NOT_DUE, {})
    return _month_out(row)


@router.post("/{int:pk}/difficulties", response={201: DifficultyOut, 400: ErrorOut})
def receive_difficulty(request, pk: int, payload: DifficultyIn):
    """Take in a difficulty of the enterprise."""
    enterprise, may_edit = access.get_enterprise_for_user(request.user, pk)
    require(may_edit)
    try:
        difficulty = services.difficulty_receive(
            enterprise=enterprise, user=request.user, **payload.dict()
        )
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(201, difficulty)


# --- 免申即享 policies (/api/v1/enterprises/benefits) ----------------------------------------


class BenefitPolicyOut(Schema):
    id: int
    title: str
    issuing_unit: str
    document_number: str
    announced_on: datetime.date
    kind: str
    eligibility: str
    amount_rule: str
    region: str | None
    industries: list[str]
    sizes: list[str]
    identified: int
    notified: int
    granted: int
    declined: int
    money_granted: Decimal

    @staticmethod
    def resolve_issuing_unit(policy):
        return policy.issuing_unit.code

    @staticmethod
    def resolve_region(policy):
        return policy.region.code if policy.region_id else None

    @staticmethod
    def resolve_money_granted(policy):
        return policy.money_granted or Decimal(0)


class BenefitGrantOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    status: str
    amount: Decimal | None
    notified_on: datetime.date | None
    granted_on: datetime.date | None
    decline_reason: str

    @staticmethod
    def resolve_enterprise(grant):
        return grant.enterprise.name


class BenefitPolicyDetailOut(BenefitPolicyOut):
    grants: list[BenefitGrantOut]
    proposed_enterprise_ids: list[int]

    @staticmethod
    def resolve_grants(policy):
        return policy.visible_grants


class BenefitPolicyIn(Schema):
    title: str
    issuing_unit: str  # unit code
    document_number: str = ""
    announced_on: datetime.date
    kind: str
    eligibility: str
    amount_rule: str = ""
    region: str | None = None  # region code
    industries: list[str] = []
    sizes: list[str] = []


class IdentifyIn(Schema):
    enterprise_ids: list[int]


class GrantActionIn(Schema):
    notified_on: datetime.date | None = None
    amount: Decimal | None = None  # yuan
    granted_on: datetime.date | None = None
    reason: str = ""


def _benefit_detail(request, policy):
    """The policy with its funnel, the grants the caller sees and (secretariat) the proposals."""
    policy = selectors.policies_with_funnel(type(policy).objects.filter(pk=policy.pk)).get()
    policy.visible_grants = list(access.benefit_grants_visible_to(request.user, policy))
    proposed = selectors.eligible_enterprises(policy, access.enterprises_visible_to(request.user))
    policy.proposed_enterprise_ids = (
        list(proposed.values_list("pk", flat=True))
        if access.may_manage_benefits(request.user)
        else []
    )
    return policy


@router.get("/benefits", response=list[BenefitPolicyOut])
def list_benefit_policies(request, response: HttpResponse, mechanism: str = "", cursor: str = ""):
    """免申即享 policies of the mechanism with their funnel, 100 a page."""
    require(access.may_use_enterprises(request.user))
    policies = within_mechanism(
        access.benefit_policies_visible_to(request.user), mechanism_for_api(request, mechanism)
    )
    return api_page(
        request,
        response,
        selectors.policies_with_funnel(policies),
        ordering=["-announced_on", "-id"],
        cursor=cursor,
    )


@router.get("/benefits/{int:pk}", response=BenefitPolicyDetailOut)
def get_benefit_policy(request, pk: int):
    """One policy with its funnel, the enterprises served and (secretariat) those proposed."""
    policy, _may_manage = access.get_benefit_policy_for_user(request.user, pk)
    return _benefit_detail(request, policy)


@router.post("/benefits", response={201: BenefitPolicyDetailOut, 400: ErrorOut})
def create_benefit_policy(request, payload: BenefitPolicyIn, mechanism: str = ""):
    """Record a 免申即享 policy in the mechanism (secretariat)."""
    require(access.may_manage_benefits(request.user))
    in_use = mechanism_for_api(request, mechanism)
    require(in_use is not None)
    data = payload.dict()
    unit = Unit.objects.filter(code=data.pop("issuing_unit")).first()
    code = data.pop("region")
    region = Region.objects.filter(code=code).first() if code else None
    if unit is None or (code and region is None):
        return Status(400, {"detail": "发布单位或适用地区代码不存在。"})
    try:
        policy = services.benefit_policy_save(
            mechanism=in_use, user=request.user, issuing_unit=unit, region=region, **data
        )
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(201, _benefit_detail(request, policy))


@router.post("/benefits/{int:pk}/grants", response={200: BenefitPolicyDetailOut, 400: ErrorOut})
def identify_beneficiaries(request, pk: int, payload: IdentifyIn):
    """List enterprises (among those the criteria propose) as identified beneficiaries."""
    policy, may_manage = access.get_benefit_policy_for_user(request.user, pk)
    require(may_manage)
    proposed = selectors.eligible_enterprises(policy, access.enterprises_visible_to(request.user))
    enterprises = list(proposed.filter(pk__in=payload.enterprise_ids))
    if len(enterprises) != len(set(payload.enterprise_ids)):
        return Status(400, {"detail": "所选企业不符合政策条件或已列入名单。"})
    services.benefit_grants_identify(policy=policy, enterprises=enterprises)
    return _benefit_detail(request, policy)


@router.post("/benefits/grants/{int:pk}/{action}", response={200: BenefitGrantOut, 400: ErrorOut})
def change_grant(request, pk: int, action: str, payload: GrantActionIn):
    """notify (notified_on), grant (amount in yuan, granted_on) or decline (reason)."""
    grant = access.get_benefit_grant_to_change(request.user, pk)
    calls = {
        "notify": lambda: services.benefit_grant_notify(
            grant=grant, notified_on=payload.notified_on or timezone.localdate()
        ),
        "grant": lambda: services.benefit_grant_grant(
            grant=grant,
            amount=payload.amount,
            granted_on=payload.granted_on or timezone.localdate(),
        ),
        "decline": lambda: services.benefit_grant_decline(grant=grant, reason=payload.reason),
    }
    if action not in calls:
        return Status(400, {"detail": "操作应为 notify、grant 或 decline。"})
    try:
        return calls[action]()
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})

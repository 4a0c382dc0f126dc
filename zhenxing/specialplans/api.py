"""API of special plans, with the pages' rules and services: the plans of a mechanism
(GET /api/v1/specialplans, keyset pages), one plan with its parts and figures
(GET /api/v1/specialplans/{id}); the secretariat's writes (POST /specialplans, PUT
/specialplans/{id}, POST /specialplans/{id}/sites|agreements|disasters|reconstruction-projects)
and the responsible unit's reports (POST /specialplans/{id}/sites/{site}/figures,
/agreements/{agreement}/payments, /reconstruction-projects/{project}/progress). Money in yuan;
regions by their GB/T 2260 codes, units by code, projects by national code."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from zhenxing.funds.models import Allocation
from zhenxing.indicators.models import Indicator
from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.projects.models import Project
from zhenxing.specialplans import access, selectors, services
from zhenxing.specialplans.models import (
    CompensationAgreement,
    Disaster,
    ReconstructionProject,
    RelocationSite,
    SpecialPlan,
)

router = Router(tags=["specialplans"])
YEAR = {"ge": 2000, "le": 2100}
COUNT = {"ge": 0, "le": 100_000_000}
MONEY = {"ge": 0, "max_digits": 16, "decimal_places": 2}


class ErrorOut(Schema):
    detail: str
    errors: dict = {}


class PlanFilter(Schema):
    mechanism: str = ""
    kind: str = ""
    status: str = ""
    region: str = ""
    cursor: str = ""


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    document_title: str
    document_number: str
    first_year: int
    last_year: int
    responsible_unit: str
    region_codes: list[str]
    headline: str


class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    kind: SpecialPlan.Kind
    status: SpecialPlan.Status = SpecialPlan.Status.DRAFT
    document_title: str = Field("", max_length=200)
    document_number: str = Field("", max_length=60)
    approved_on: datetime.date | None = None
    first_year: int = Field(**YEAR)
    last_year: int = Field(**YEAR)
    responsible_unit: str
    region_codes: list[str]
    summary: str = ""
    division_plan_id: int | None = None
    project_codes: list[str] = []
    allocation_ids: list[int] = []
    indicator_codes: list[str] = []


class SiteIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    region_code: str
    households_planned: int = Field(**COUNT)
    people_planned: int = Field(**COUNT)
    funds_planned: Decimal = Field(**MONEY)


class AgreementIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    payer_region_code: str
    receiver_region_code: str
    basis: str = Field(min_length=1)
    annual_amount: Decimal = Field(**MONEY)
    first_year: int = Field(**YEAR)
    last_year: int = Field(**YEAR)


class DisasterIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: Disaster.Kind
    began_on: datetime.date
    affected_region_codes: list[str]
    direct_loss: Decimal | None = Field(None, **MONEY)


class ReconstructionIn(Schema):
    project_code: str
    funds: Decimal = Field(**MONEY)


class FigureIn(Schema):
    year: int = Field(**YEAR)
    households_moved: int = Field(**COUNT)
    people_moved: int = Field(**COUNT)
    homes_built: int = Field(**COUNT)
    people_employed: int = Field(**COUNT)
    funds_spent: Decimal = Field(**MONEY)
    note: str = ""


class PaymentIn(Schema):
    year: int = Field(**YEAR)
    amount: Decimal = Field(**MONEY)
    note: str = ""


class ProgressIn(Schema):
    share_complete: Decimal = Field(ge=0, le=100, max_digits=4, decimal_places=1)
    as_of: datetime.date
    note: str = ""


class CreatedOut(Schema):
    id: int


def _plan(plan: SpecialPlan, year: int) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "document_title": plan.document_title,
        "document_number": plan.document_number,
        "first_year": plan.first_year,
        "last_year": plan.last_year,
        "responsible_unit": plan.responsible_unit.code,
        "region_codes": [region.code for region in plan.regions.all()],
        "headline": selectors.headline(plan, year),
    }


@router.get("", response=list[PlanOut])
def plan_list(request, response: HttpResponse, filters: Query[PlanFilter]):
    """Plans of a mechanism the caller works in (`mechanism`: its code; default: in use), by
    kind, status and region (a region and those under it)."""
    require(access.may_read_plans(request.user))
    plans = access.plans_visible_to(
        within_mechanism(SpecialPlan.objects.all(), mechanism_for_api(request, filters.mechanism)),
        request.user,
    )
    plans = selectors.plans_filtered(
        plans, kind=filters.kind, status=filters.status, region_code=filters.region
    )
    page = api_page(
        request,
        response,
        plans.select_related("responsible_unit").prefetch_related("regions"),
        ordering=["pk"],
        cursor=filters.cursor,
    )
    year = timezone.localdate().year
    return [_plan(plan, year) for plan in page]


@router.get("/{int:plan_id}", response=dict)
def plan_detail(request, plan_id: int):
    """A plan with its tasks, projects, allocations, indicators and its kind's figures."""
    plan, _may_edit, _may_report = access.get_plan_for_user(request.user, plan_id)
    year = timezone.localdate().year
    body = _plan(plan, year) | {
        "task_codes": list(
            plan.division_plan.tasks.order_by("position").values_list("code", flat=True)
        )
        if plan.division_plan_id
        else [],
        "project_codes": list(plan.projects.values_list("national_code", flat=True)),
        "allocation_ids": list(plan.allocations.values_list("pk", flat=True)),
        "indicator_codes": list(plan.indicators.values_list("code", flat=True)),
    }
    body["sites"] = [
        {
            "id": state.site.pk,
            "name": state.site.name,
            "region_code": state.site.region.code,
            "people_planned": state.site.people_planned,
            "people_moved": state.people_moved,
            "households_moved": state.households_moved,
            "homes_built": state.homes_built,
            "people_employed": state.people_employed,
            "funds_planned": str(state.site.funds_planned),
            "funds_spent": str(state.funds_spent),
        }
        for state in selectors.site_states(plan)
    ]
    body["agreements"] = [
        {
            "id": state.agreement.pk,
            "name": state.agreement.name,
            "payer_region_code": state.agreement.payer_region.code,
            "receiver_region_code": state.agreement.receiver_region.code,
            "annual_amount": str(state.agreement.annual_amount),
            "due": str(state.due),
            "paid": str(state.paid),
        }
        for state in selectors.agreement_states(plan, year)
    ]
    body["disasters"] = [
        {
            "id": disaster.pk,
            "name": disaster.name,
            "kind": disaster.kind,
            "began_on": disaster.began_on.isoformat(),
            "affected_region_codes": [region.code for region in disaster.affected_regions.all()],
        }
        for disaster in plan.disasters.prefetch_related("affected_regions")
    ]
    body["reconstruction_projects"] = [
        {
            "id": state.reconstruction.pk,
            "project_code": state.reconstruction.project.national_code,
            "funds": str(state.reconstruction.funds),
            "share_complete": str(state.share_complete),
            "from_library": state.from_library,
        }
        for state in selectors.reconstruction_states(plan)
    ]
    return body


def _refused(error: ValidationError):
    errors = error.message_dict if hasattr(error, "error_dict") else {}
    return Status(400, {"detail": "; ".join(error.messages), "errors": errors})


def _region(code: str, field: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({field: f"没有这个地区：{code}"})
    return region


def _plan_values(payload: PlanIn, mechanism) -> dict:
    values = payload.dict(
        exclude={"responsible_unit", "region_codes", "project_codes", "allocation_ids"}
        | {"indicator_codes", "division_plan_id"}
    )
    unit = Unit.objects.filter(code=payload.responsible_unit).first()
    if unit is None:
        raise ValidationError({"responsible_unit": f"没有这个单位：{payload.responsible_unit}"})
    regions = [_region(code, "region_codes") for code in payload.region_codes]
    projects = list(Project.objects.filter(national_code__in=payload.project_codes))
    if len(projects) != len(set(payload.project_codes)):
        raise ValidationError({"project_codes": "项目库中没有其中一些项目。"})
    division_plan = None
    if payload.division_plan_id is not None:
        division_plan = (
            within_mechanism(DivisionPlan.objects.all(), mechanism)
            .filter(pk=payload.division_plan_id)
            .first()
        )
        if division_plan is None:
            raise ValidationError({"division_plan_id": "本工作机制没有这个分工方案。"})
    allocations = list(
        within_mechanism(Allocation.objects.all(), mechanism).filter(pk__in=payload.allocation_ids)
    )
    if len(allocations) != len(set(payload.allocation_ids)):
        raise ValidationError({"allocation_ids": "本工作机制没有其中一些资金下达。"})
    indicators = list(Indicator.objects.filter(code__in=payload.indicator_codes))
    if len(indicators) != len(set(payload.indicator_codes)):
        raise ValidationError({"indicator_codes": "没有其中一些指标。"})
    return values | {
        "responsible_unit": unit,
        "regions": regions,
        "projects": projects,
        "division_plan": division_plan,
        "allocations": allocations,
        "indicators": indicators,
    }


@router.post("", response={201: CreatedOut, 400: ErrorOut})
def plan_create(request, payload: PlanIn, mechanism: str = ""):
    """The secretariat records a plan in a mechanism it works in (default: in use)."""
    require(access.may_edit_plans(request.user))
    chosen = mechanism_for_api(request, mechanism)
    try:
        plan = services.specialplan_create(mechanism=chosen, **_plan_values(payload, chosen))
    except ValidationError as error:
        return _refused(error)
    return Status(201, {"id": plan.pk})


@router.put("/{int:plan_id}", response={200: CreatedOut, 400: ErrorOut})
def plan_update(request, plan_id: int, payload: PlanIn):
    """The secretariat changes a plan (every field, as the page's form)."""
    plan, may_edit, _may_report = access.get_plan_for_user(request.user, plan_id)
    require(may_edit)
    try:
        services.specialplan_update(plan=plan, **_plan_values(payload, plan.mechanism))
    except ValidationError as error:
        return _refused(error)
    return Status(200, {"id": plan.pk})


def _editable(request, plan_id: int) -> SpecialPlan:
    plan, may_edit, _may_report = access.get_plan_for_user(request.user, plan_id)
    require(may_edit)
    return plan


def _created(action):
    try:
        return Status(201, {"id": action().pk})
    except ValidationError as error:
        return _refused(error)


@router.post("/{int:plan_id}/sites", response={201: CreatedOut, 400: ErrorOut})
def site_create(request, plan_id: int, payload: SiteIn):
    plan = _editable(request, plan_id)

    def action():
        values = payload.dict(exclude={"region_code"})
        region = _region(payload.region_code, "region_code")
        return services.relocation_site_create(plan=plan, region=region, **values)

    return _created(action)


@router.post("/{int:plan_id}/agreements", response={201: CreatedOut, 400: ErrorOut})
def agreement_create(request, plan_id: int, payload: AgreementIn):
    plan = _editable(request, plan_id)

    def action():
        values = payload.dict(exclude={"payer_region_code", "receiver_region_code"})
        return services.compensation_agreement_create(
            plan=plan,
            payer_region=_region(payload.payer_region_code, "payer_region_code"),
            receiver_region=_region(payload.receiver_region_code, "receiver_region_code"),
            **values,
        )

    return _created(action)


@router.post("/{int:plan_id}/disasters", response={201: CreatedOut, 400: ErrorOut})
def disaster_create(request, plan_id: int, payload: DisasterIn):
    plan = _editable(request, plan_id)

    def action():
        regions = [_region(code, "affected_region_codes") for code in payload.affected_region_codes]
        values = payload.dict(exclude={"affected_region_codes"})
        return services.disaster_create(plan=plan, affected_regions=regions, **values)

    return _created(action)


@router.post("/{int:plan_id}/reconstruction-projects", response={201: CreatedOut, 400: ErrorOut})
def reconstruction_project_add(request, plan_id: int, payload: ReconstructionIn):
    plan = _editable(request, plan_id)

    def action():
        project = Project.objects.filter(national_code=payload.project_code).first()
        if project is None:
            raise ValidationError({"project_code": f"项目库中没有这个项目：{payload.project_code}"})
        return services.reconstruction_project_add(plan=plan, project=project, funds=payload.funds)

    return _created(action)


def _reportable(request, plan_id: int, model, part_id: int):
    plan, _may_edit, may_report = access.get_plan_for_user(request.user, plan_id)
    require(may_report)
    return get_object_or_404(model, pk=part_id, plan=plan)


@router.post(
    "/{int:plan_id}/sites/{int:site_id}/figures", response={201: CreatedOut, 400: ErrorOut}
)
def relocation_figure_report(request, plan_id: int, site_id: int, payload: FigureIn):
    """The responsible unit reports a site's figures for a year (a second report corrects it)."""
    site = _reportable(request, plan_id, RelocationSite, site_id)
    return _created(
        lambda: services.relocation_figure_report(site=site, user=request.user, **payload.dict())
    )


@router.post(
    "/{int:plan_id}/agreements/{int:agreement_id}/payments",
    response={201: CreatedOut, 400: ErrorOut},
)
def compensation_payment_report(request, plan_id: int, agreement_id: int, payload: PaymentIn):
    agreement = _reportable(request, plan_id, CompensationAgreement, agreement_id)
    return _created(
        lambda: services.compensation_payment_report(
            agreement=agreement, user=request.user, **payload.dict()
        )
    )


@router.post(
    "/{int:plan_id}/reconstruction-projects/{int:reconstruction_id}/progress",
    response={201: CreatedOut, 400: ErrorOut},
)
def reconstruction_progress_report(
    request, plan_id: int, reconstruction_id: int, payload: ProgressIn
):
    reconstruction = _reportable(request, plan_id, ReconstructionProject, reconstruction_id)
    return _created(
        lambda: services.reconstruction_progress_report(
            reconstruction=reconstruction, user=request.user, **payload.dict()
        )
    )

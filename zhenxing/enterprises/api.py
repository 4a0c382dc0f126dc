"""API for key enterprises (/api/v1/enterprises): the list and one enterprise with its last
12 months of figures, monthly reporting, and difficulties taken in and answered, through the
same access module and services as the pages."""

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

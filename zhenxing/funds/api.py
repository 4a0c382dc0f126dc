"""API of central funds: the allocations of a mechanism with their disbursement and warning
(GET /api/v1/funds/allocations, keyset pages) and a responsible unit's disbursement report
(POST /api/v1/funds/allocations/{id}/disbursements). Money in yuan."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from zhenxing.funds import access, selectors, services
from zhenxing.funds.models import Allocation
from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require

router = Router(tags=["funds"])


class AllocationOut(Schema):
    id: int
    programme: str
    kind: str
    region_code: str
    year: int
    amount: Decimal
    responsible_unit: str
    disbursed: Decimal
    share_disbursed: float
    share_elapsed: float
    slow: bool
    funded_projects: list[str]


class AllocationFilter(Schema):
    mechanism: str = ""
    year: int | None = None
    kind: str = ""
    cursor: str = ""


class DisbursementIn(Schema):
    as_of: datetime.date
    disbursed: Decimal
    note: str = ""


class DisbursementOut(Schema):
    id: int
    allocation_id: int
    as_of: datetime.date
    disbursed: Decimal
    note: str


class ErrorOut(Schema):
    detail: str
    errors: dict = {}


def _out(state) -> dict:
    allocation = state.allocation
    return {
        "id": allocation.pk,
        "programme": allocation.programme.name,
        "kind": allocation.programme.kind,
        "region_code": allocation.region.code,
        "year": allocation.year,
        "amount": allocation.amount,
        "responsible_unit": allocation.responsible_unit.code,
        "disbursed": state.disbursed,
        "share_disbursed": float(state.share_disbursed),
        "share_elapsed": float(state.share_elapsed),
        "slow": state.slow,
        "funded_projects": [funded.project.national_code for funded in allocation.funded.all()],
    }


@router.get("/allocations", response=list[AllocationOut])
def allocation_list(request, response: HttpResponse, filters: Query[AllocationFilter]):
    """Allocations of a mechanism the caller works in (`mechanism`: its code; default: in use),
    optionally of one year and kind, with the latest disbursement by today."""
    require(access.may_read_funds(request.user))
    allocations = within_mechanism(
        Allocation.objects.all(), mechanism_for_api(request, filters.mechanism)
    )
    if filters.year:
        allocations = allocations.filter(year=filters.year)
    if filters.kind:
        allocations = allocations.filter(programme__kind=filters.kind)
    page = api_page(
        request,
        response,
        allocations,
        ordering=["-year", "pk"],
        cursor=filters.cursor,
    )
    ids = [allocation.pk for allocation in page]
    states = selectors.allocation_states(
        Allocation.objects.filter(pk__in=ids).prefetch_related("funded__project"),
        timezone.localdate(),
    )
    by_id = {state.allocation.pk: state for state in states}
    return [_out(by_id[pk]) for pk in ids]


@router.post(
    "/allocations/{int:allocation_id}/disbursements",
    response={201: DisbursementOut, 400: ErrorOut},
)
def disbursement_report(request, allocation_id: int, payload: DisbursementIn):
    """The responsible unit reports the cumulative disbursement by `as_of` (yuan)."""
    allocation, may_report = access.get_allocation_for_user(request.user, allocation_id)
    require(may_report)
    try:
        disbursement = services.disbursement_report(
            allocation=allocation, user=request.user, **payload.dict()
        )
    except ValidationError as error:
        return Status(400, {"detail": "; ".join(error.messages), "errors": error.message_dict})
    return Status(201, disbursement)

"""API of the transformation evaluation, with the pages' rules and services: the indicator set
(GET /api/v1/transformations/indicators), the evaluations of a mechanism (GET .../evaluations,
keyset pages), one evaluation's ranking (GET .../evaluations/{id}); the secretariat opens a year
(POST .../evaluations), sets a city's values (PUT .../evaluations/{id}/cities/{code}) and
publishes (POST .../evaluations/{id}/publish)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.transformations import access, selectors, services
from zhenxing.transformations.models import Evaluation, EvaluationIndicator

router = Router(tags=["transformations"])


class IndicatorOut(Schema):
    code: str
    name: str
    group: str
    unit: str
    direction: str
    weight: Decimal


class EvaluationOut(Schema):
    id: int
    year: int
    status: str
    published_at: datetime.datetime | None


class CityScoreOut(Schema):
    rank: int
    region_code: str
    region_name: str
    score: Decimal
    groups: dict[str, Decimal]
    values: dict[str, Decimal]


class EvaluationDetailOut(EvaluationOut):
    cities: list[CityScoreOut]


class EvaluationFilter(Schema):
    mechanism: str = ""
    cursor: str = ""


class EvaluationIn(Schema):
    year: int = Field(ge=2000, le=2100)


class ValuesIn(Schema):
    values: dict[str, Decimal | None]


class ChangedOut(Schema):
    changed: int


class ErrorOut(Schema):
    detail: str


@router.get("/indicators", response=list[IndicatorOut])
def indicator_list(request):
    require(access.may_read_evaluations(request.user))
    return list(EvaluationIndicator.objects.all())


@router.get("/evaluations", response=list[EvaluationOut])
def evaluation_list(request, response: HttpResponse, filters: Query[EvaluationFilter]):
    """Evaluations of a mechanism the caller works in (`mechanism`: its code; default: in use)."""
    require(access.may_read_evaluations(request.user))
    evaluations = access.evaluations_visible_to(
        within_mechanism(Evaluation.objects.all(), mechanism_for_api(request, filters.mechanism)),
        request.user,
    )
    return list(api_page(request, response, evaluations, ordering=["pk"], cursor=filters.cursor))


@router.get("/evaluations/{int:evaluation_id}", response=EvaluationDetailOut)
def evaluation_detail(request, evaluation_id: int):
    evaluation, _may_manage = access.get_evaluation_for_user(request.user, evaluation_id)
    return {
        "id": evaluation.pk,
        "year": evaluation.year,
        "status": evaluation.status,
        "published_at": evaluation.published_at,
        "cities": [
            {
                "rank": row.rank,
                "region_code": row.region.code,
                "region_name": row.region.name,
                "score": row.score,
                "groups": row.groups,
                "values": row.values,
            }
            for row in selectors.scores(evaluation)
        ],
    }


@router.post("/evaluations", response={201: EvaluationOut, 400: ErrorOut})
def evaluation_create(request, payload: EvaluationIn, mechanism: str = ""):
    require(access.may_manage_evaluations(request.user))
    try:
        evaluation = services.evaluation_create(
            year=payload.year, mechanism=mechanism_for_api(request, mechanism)
        )
    except ValidationError as error:
        return Status(400, {"detail": "; ".join(error.messages)})
    return Status(201, evaluation)


@router.put(
    "/evaluations/{int:evaluation_id}/cities/{code}", response={200: ChangedOut, 400: ErrorOut}
)
def city_values_set(request, evaluation_id: int, code: str, payload: ValuesIn):
    """Set a city's values by indicator code (null clears one)."""
    evaluation, may_manage = access.get_evaluation_for_user(request.user, evaluation_id)
    require(may_manage)
    region = next((city for city in selectors.cities(evaluation) if city.code == code), None)
    if region is None:
        raise Http404
    try:
        changed = services.evaluation_values_set(
            evaluation=evaluation, region=region, values=payload.values
        )
    except ValidationError as error:
        return Status(400, {"detail": "; ".join(error.messages)})
    return Status(200, {"changed": changed})


@router.post(
    "/evaluations/{int:evaluation_id}/publish", response={200: EvaluationOut, 400: ErrorOut}
)
def evaluation_publish(request, evaluation_id: int):
    evaluation, may_manage = access.get_evaluation_for_user(request.user, evaluation_id)
    require(may_manage)
    try:
        evaluation = services.evaluation_publish(evaluation=evaluation)
    except ValidationError as error:
        return Status(400, {"detail": "; ".join(error.messages)})
    return Status(200, evaluation)

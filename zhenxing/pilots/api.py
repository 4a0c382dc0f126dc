"""API: the pilots of a mechanism (GET /api/v1/pilots, keyset pages) and one pilot with its
tasks, projects, figures and evaluations (GET /api/v1/pilots/{id})."""

import datetime
from decimal import Decimal

from django.http import HttpResponse
from ninja import Router, Schema

from zhenxing.lib.pagination import api_page
from zhenxing.mechanisms.scope import mechanism_for_api, within_mechanism
from zhenxing.orgs.access import require
from zhenxing.pilots import access, selectors
from zhenxing.pilots.models import Pilot

router = Router(tags=["pilots"])


class PilotOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    document_title: str
    document_number: str
    approved_on: datetime.date | None
    first_year: int
    last_year: int | None


class FigureOut(Schema):
    indicator: str
    period: str
    value: Decimal | None


class EvaluationOut(Schema):
    year: int
    score: Decimal
    grade: str
    text: str


class PilotDetailOut(PilotOut):
    goals: str
    task_codes: list[str]
    project_codes: list[str]
    figures: list[FigureOut]
    evaluations: list[EvaluationOut]


def _pilot(pilot: Pilot) -> dict:
    return {
        "id": pilot.pk,
        "name": pilot.name,
        "kind": pilot.kind,
        "region_code": pilot.region.code,
        "document_title": pilot.document_title,
        "document_number": pilot.document_number,
        "approved_on": pilot.approved_on,
        "first_year": pilot.first_year,
        "last_year": pilot.last_year,
    }


@router.get("", response=list[PilotOut])
def pilot_list(request, response: HttpResponse, mechanism: str = "", kind: str = "", cursor=""):
    """Pilots of a mechanism the caller works in (`mechanism`: its code; default: in use)."""
    require(access.may_read_pilots(request.user))
    pilots = within_mechanism(Pilot.objects.all(), mechanism_for_api(request, mechanism))
    if kind:
        pilots = pilots.filter(kind=kind)
    page = api_page(
        request, response, pilots.select_related("region"), ordering=["pk"], cursor=cursor
    )
    return [_pilot(pilot) for pilot in page]


@router.get("/{int:pilot_id}", response=PilotDetailOut)
def pilot_detail(request, pilot_id: int):
    pilot, _may_edit = access.get_pilot_for_user(request.user, pilot_id)
    return _pilot(pilot) | {
        "goals": pilot.goals,
        "task_codes": [task.code for task in pilot.tasks.order_by("position")],
        "project_codes": [project.national_code for project in pilot.projects.all()],
        "figures": [
            {
                "indicator": row["indicator"].code,
                "period": row["observation"].period if row["observation"] else "",
                "value": row["observation"].value if row["observation"] else None,
            }
            for row in selectors.pilot_figures(pilot)
        ],
        "evaluations": [
            {"year": e.year, "score": e.score, "grade": e.grade, "text": e.text}
            for e in pilot.evaluations.all()
        ],
    }

"""Demo data for policies: seed 003 imported, its division plan proposed, completed and published."""

import datetime

from django.utils import timezone

from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, PolicyDocument
from zhenxing.policies.parser.deadlines import month_end
from zhenxing.policies.services import (
    division_plan_propose,
    division_plan_publish,
    policy_document_import,
)

SEED_TITLE = "中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见"


def seed_text() -> str:
    from importlib import resources

    return resources.files("zhenxing.policies").joinpath("data", "seed_003.txt").read_text("utf-8")


def populate(*, secretariat, mechanism, today: datetime.date | None = None) -> DivisionPlan:
    """Import seed 003 and publish its plan; every task gets a lead unit and a due date.

    Due dates are spread over this year and next so the demo shows every colour.
    """
    today = today or timezone.localdate()
    existing = DivisionPlan.objects.filter(
        document__title=SEED_TITLE, status=DivisionPlan.Status.PUBLISHED
    ).first()
    if existing is not None:
        return existing
    document = PolicyDocument.objects.filter(title=SEED_TITLE).first() or policy_document_import(
        user=secretariat,
        text=seed_text(),
        document_number="中发〔2016〕7号",
        issued_on=datetime.date(2016, 4, 26),
        mechanism=mechanism,
    )
    plan = division_plan_propose(document=document, user=secretariat)
    ndrc = Unit.objects.get(code="ndrc")
    offsets = [
        -40,
        20,
        75,
        130,
        200,
        260,
        -10,
        45,
        320,
        15,
        100,
        160,
        230,
        290,
        5,
        60,
        120,
        180,
        240,
        300,
        350,
        -25,
    ]
    for index, task in enumerate(plan.tasks.order_by("position")):
        offset = offsets[index % len(offsets)]
        task.due_date = month_end(*(today + datetime.timedelta(days=offset)).timetuple()[:2])
        task.original_due_date = task.due_date
        task.deadline_text = f"{task.due_date:%Y年%-m月底前}"
        task.lead_unit = task.lead_unit or ndrc
        task.save()
    return division_plan_publish(plan=plan, user=secretariat)

"""Fixtures for the policy pages, API and exchange tests: seed 003 imported and proposed,
and a small published plan whose tasks the personas' units lead and take part in."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.orgs.models import Unit
from zhenxing.policies import services
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task
from zhenxing.testing import mechanism, personas, shipped_data_fixture  # noqa: F401

# The shipped mechanism and the personas, loaded once for the package (zhenxing/testing.py).
shipped_data = shipped_data_fixture("package", autouse=False)

PERSONAS = [
    "secretariat",
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
    "reader",
    "inspector",
    "system_admin",
    "security_admin",
    "audit_admin",
]
UNIT_PEOPLE = (
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
)
DATA = Path(__file__).parent / "data"
SEED_003 = DATA / "seed_003.txt"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded originals go to a throw-away MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def units(mechanism) -> dict[str, Unit]:
    return {unit.code: unit for unit in Unit.objects.all()}


def import_seed(user) -> PolicyDocument:
    with acting_as(user=user):
        return services.policy_document_import(
            user=user, filename="seed_003.txt", data=SEED_003.read_bytes()
        )


@dataclass
class World:
    """What the permission matrices act on."""

    document: PolicyDocument
    draft: DivisionPlan  # proposed from seed 003
    published: DivisionPlan  # NDRC leads 1, Liaoning leads 2 (MOF takes part in both)
    national_task: Task
    province_task: Task
    subtask: Task  # split off the province task by Liaoning, led by its DRC


def row(code, title, lead=None, participants=(), deadline="2026年底前", due=None):
    import datetime

    return {
        "code": code,
        "title": title,
        "lead_unit": lead,
        "participating_units": list(participants),
        "deadline_text": deadline,
        "due_date": due or datetime.date(2026, 12, 31),
    }


@pytest.fixture
def world(personas, units) -> World:
    secretariat = personas.secretariat
    document = import_seed(secretariat)
    with acting_as(user=secretariat):
        draft = services.division_plan_propose(document=document, user=secretariat)
        published = services.division_plan_import_table(
            user=secretariat,
            title="测试分工方案",
            rows=[
                row("1", "深化简政放权", units["ndrc"], [units["mof"]]),
                row("2", "推进国资国企改革", units["liaoning-government"], [units["mof"]]),
            ],
        )
        published = services.division_plan_publish(plan=published, user=secretariat)
    national, province = published.tasks.order_by("position")
    with acting_as(user=personas.province_liaison):
        (subtask,) = services.task_split(
            task=province,
            user=personas.province_liaison,
            parts=[{"title": "省属企业改革", "lead_unit": units["liaoning-drc"]}],
        )
    return World(document, draft, published, national, province, subtask)


def fresh_draft(world, units):
    """A draft plan whose tasks all have a lead, so publishing it can succeed."""
    secretariat = world.published.published_by
    with acting_as(user=secretariat):
        return services.division_plan_import_table(
            user=secretariat, title="草稿", rows=[row("1", "任务", units["ndrc"])]
        )

"""Fixtures for the coordination tests: a clock, the units of the story, a second ministry's
liaison (MIIT), and a world with one matter of each kind for the permission matrices.

The story: Liaoning (province_liaison) raises a matter; MOF (participant_liaison) and MIIT
(miit_liaison) are asked; NDRC's liaison (lead_liaison) and Jilin (outsider) are not involved.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zhenxing.audit.context import acting_as
from zhenxing.conftest import PASSWORD
from zhenxing.coordination import services
from zhenxing.coordination.models import (
    CoordinationMatter,
    InstructionResponse,
    Meeting,
    PolicySuggestion,
)
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.testing import mechanism, personas, shipped_data_fixture  # noqa: F401

# The shipped mechanism and the personas, loaded once for the package (zhenxing/testing.py).
shipped_data = shipped_data_fixture("package", autouse=False)

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime.date(2026, 10, 1)
PERSONA_NAMES = [
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
ADMINISTRATORS = {"system_admin", "security_admin", "audit_admin"}
BUSINESS = set(PERSONA_NAMES) - ADMINISTRATORS
UNIT_PEOPLE = {
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
}


@pytest.fixture(autouse=True)
def quiet_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class Clock:
    """The one boundary moved by hand: `timezone.now` (and so `localdate`, auto_now_add)."""

    def __init__(self, monkeypatch, day: datetime.date):
        self.set(day)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, day: datetime.date, hour: int = 10) -> None:
        self.now = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI).astimezone(
            datetime.UTC
        )

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch, START)


@pytest.fixture
def units(mechanism) -> dict[str, Unit]:
    codes = {
        "ndrc": "ndrc",
        "mof": "mof",
        "miit": "miit",
        "liaoning": "liaoning-government",
        "jilin": "jilin-government",
    }
    found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes.values())}
    return {name: found[code] for name, code in codes.items()}


@pytest.fixture
def miit_liaison(units) -> User:
    user = User(
        username="miit.liaison",
        unit=units["miit"],
        role=Role.UNIT_LIAISON,
        display_name="miit_liaison",
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@dataclass
class World:
    matter: CoordinationMatter
    meeting: Meeting
    suggestion: PolicySuggestion
    instruction_response: InstructionResponse

    def request_of(self, unit: Unit):
        return self.matter.requests.get(unit=unit)


@pytest.fixture
def world(clock, personas, units, miit_liaison, mechanism) -> World:
    """A matter raised by Liaoning and asked of MOF and MIIT; a planned meeting; a suggestion;
    an instruction on the matter that MOF must act on."""
    with acting_as(user=personas.province_liaison):
        matter = services.matter_raise(
            user=personas.province_liaison,
            mechanism=mechanism,
            unit=units["liaoning"],
            title="沈阳至白河高铁项目资本金缺口",
            description="项目资本金缺口约20亿元，请财政部、工业和信息化部协调支持。",
            category=CoordinationMatter.Category.MAJOR_PROJECT,
            proposed_units=[units["mof"], units["miit"]],
        )
        suggestion = services.suggestion_propose(
            user=personas.province_liaison,
            mechanism=mechanism,
            unit=units["liaoning"],
            kind=PolicySuggestion.Kind.PROPOSAL,
            title="支持老工业城市更新改造的政策建议",
            content="建议设立老工业城市更新改造专项。",
        )
    with acting_as(user=personas.secretariat):
        services.matter_route(
            matter=matter,
            user=personas.secretariat,
            units=[units["mof"], units["miit"]],
            due_date=START + datetime.timedelta(days=9),
        )
        meeting = services.meeting_schedule(
            user=personas.secretariat,
            mechanism=mechanism,
            held_on=START + datetime.timedelta(days=20),
            convener="国家发展改革委负责同志",
            convener_unit=units["ndrc"],
            attending_units=[units["ndrc"], units["mof"], units["miit"], units["liaoning"]],
        )
        instruction = services.instruction_attach(
            user=personas.secretariat,
            target=matter,
            leader="领导小组副组长",
            text="请财政部抓紧研究，提出支持意见。",
            issued_on=START,
            units=[units["mof"]],
        )
    return World(
        matter=CoordinationMatter.objects.get(pk=matter.pk),
        meeting=meeting,
        suggestion=suggestion,
        instruction_response=instruction.responses.get(),
    )


PROJECT_CODE = "2024-210102-36-03-000001"


@pytest.fixture
def project(personas, units):
    """A Shenyang project in the library, Liaoning's responsibility."""
    from decimal import Decimal

    from zhenxing.orgs.models import Region
    from zhenxing.projects.models import Project
    from zhenxing.projects.services import ensure_regions, project_create

    ensure_regions()
    with acting_as(user=personas.secretariat):
        return project_create(
            national_code=PROJECT_CODE,
            name="沈阳新能源汽车零部件产业园",
            region=Region.objects.get(code="210102"),
            industry="C",
            stage=Project.Stage.CONTINUING,
            total_investment=Decimal("1200000000"),
            responsible_unit=units["liaoning"],
        )


@pytest.fixture
def report_need(clock, personas, units, mechanism):
    """A submitted progress report of Liaoning's on a ledger task, with one matter needing
    coordination that asks NDRC for help (not yet a coordination matter)."""
    from zhenxing.rounds.models import CoordinationNeed, PeriodKind, Submission
    from zhenxing.rounds.services import round_open, submission_save_draft, submission_submit

    with acting_as(user=personas.secretariat):
        task = services.ledger_task_add(
            mechanism=mechanism,
            ledger="测试台账",
            user=personas.secretariat,
            code="1",
            title="推进辽宁营商环境改革",
            description="",
            lead_unit=units["liaoning"],
            participating_units=[],
            due_date=datetime.date(2027, 6, 30),
        )
        round_ = round_open(
            user=personas.secretariat,
            tasks=[task],
            period_kind=PeriodKind.QUARTER,
            period_label="2026Q3",
            due_date=datetime.date(2026, 10, 15),
        )
    submission = round_.submissions.get()
    with acting_as(user=personas.province_liaison):
        saved = submission_save_draft(
            submission=submission,
            user=personas.province_liaison,
            fields={"progress_status": Submission.Progress.AT_RISK, "progress": "推进中。"},
            expected_version=submission.version,
            coordination_needs=[
                {
                    "description": "需国家市场监管总局支持企业开办全程网办试点",
                    "units": [units["ndrc"]],
                }
            ],
        )
        submission_submit(
            submission=saved, user=personas.province_liaison, expected_version=saved.version
        )
    return CoordinationNeed.objects.get()

"""Fixtures for the rounds tests: a clock, a published plan with three tasks, an open round.

The plan (units of the personas):
  task 1  lead NDRC (lead_liaison), participants MOF (participant_liaison) and Liaoning
  task 2  lead MOF, participant NDRC
  task 3  lead Liaoning (province_liaison, province_leader), no participants
Jilin (the outsider) takes part in nothing.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from zhenxing.audit.context import acting_as
from zhenxing.conftest import PERSONA_SPECS, Personas
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit, User
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.rounds import services
from zhenxing.rounds.models import PeriodKind, ReportingRound, Submission
from zhenxing.testing import mechanism, personas, shipped_data_fixture  # noqa: F401

# The shipped mechanism and the personas, loaded once for the package (zhenxing/testing.py).
shipped_data = shipped_data_fixture("package", autouse=False)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OPENED_ON = datetime.date(2026, 10, 1)
DUE_ON = datetime.date(2026, 10, 15)
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


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    """Uploaded evidence goes to a temporary folder, never to var/media."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings, media_root):
    """Persona passwords are hashed once per test (the production hasher would dominate)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = media_root
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


class Clock:
    """The one boundary we move by hand: `timezone.now` (and so `localdate`, auto_now...)."""

    def __init__(self, monkeypatch, day: datetime.date):
        self.set(day)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, day: datetime.date, hour: int = 10) -> None:
        self.now = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI).astimezone(
            datetime.UTC
        )

    def advance(self, minutes: int = 1) -> None:
        self.now += datetime.timedelta(minutes=minutes)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch, OPENED_ON)


@pytest.fixture
def units(mechanism) -> dict[str, Unit]:
    codes = ["ndrc", "mof", "liaoning-government", "jilin-government"]
    found = {unit.code: unit for unit in Unit.objects.filter(code__in=codes)}
    return {
        "ndrc": found["ndrc"],
        "mof": found["mof"],
        "liaoning": found["liaoning-government"],
        "jilin": found["jilin-government"],
    }


@pytest.fixture
def with_email(personas):
    """Give every persona an address so that reminders also go by e-mail."""
    for user in personas.all().values():
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    return personas


@dataclass
class World:
    plan: DivisionPlan
    tasks: list[Task]
    round: ReportingRound | None = None

    def submission(self, task_number: int, unit: Unit) -> Submission:
        return Submission.objects.get(round=self.round, task=self.tasks[task_number - 1], unit=unit)


def make_plan(*, user, units, mechanism, title="东北振兴重点任务分工方案（测试）") -> World:
    plan = DivisionPlan.objects.create(title=title, mechanism=mechanism)
    specs = [
        ("1", "推进重大基础设施项目建设", units["ndrc"], [units["mof"], units["liaoning"]], (2026, 12, 31)),
        ("2", "加大中央财政转移支付力度", units["mof"], [units["ndrc"]], (2026, 10, 20)),
        ("3", "优化辽宁营商环境", units["liaoning"], [], (2027, 6, 30)),
    ]  # fmt: skip
    tasks = []
    for code, title_, lead, participants, due in specs:
        task = task_create(
            plan=plan,
            user=user,
            title=title_,
            lead_unit=lead,
            code=code,
            due_date=datetime.date(*due),
            original_due_date=datetime.date(*due),
            deadline_text=f"{due[0]}年{due[1]}月{due[2]}日前",
        )
        task.participating_units.set(participants)
        tasks.append(task)
    division_plan_publish(plan=plan, user=user)
    return World(plan=DivisionPlan.objects.get(pk=plan.pk), tasks=tasks)


@pytest.fixture
def world(clock, personas, units, mechanism) -> World:
    """The plan, published, and a 2026Q3 round opened on 1 October, due 15 October."""
    with acting_as(user=personas.secretariat):
        built = make_plan(user=personas.secretariat, units=units, mechanism=mechanism)
        built.round = services.round_open(
            user=personas.secretariat,
            tasks=built.plan.tasks.all(),
            period_kind=PeriodKind.QUARTER,
            period_label="2026Q3",
            due_date=DUE_ON,
            instructions="请报送第三季度进展。",
            mechanism=mechanism,
        )
    return built


def write_and_submit(submission, user, text="已完成项目前期工作。", **fields) -> Submission:
    """A unit writes its report and submits it, as `user` (through the services)."""
    with acting_as(user=user):
        saved = services.submission_save_draft(
            submission=submission,
            user=user,
            fields={"progress_status": Submission.Progress.ON_TRACK, "progress": text, **fields},
            expected_version=submission.version,
        )
        return services.submission_submit(
            submission=saved, user=user, expected_version=saved.version
        )


@dataclass
class Shared:
    """One world for a whole module (built once; each test runs in a savepoint rolled back)."""

    personas: Personas
    units: dict[str, Unit]
    world: World
    ids: dict[str, int]

    def get(self, model, name: str):
        return model.objects.get(pk=self.ids[name])


@pytest.fixture(scope="module")
def shared(shipped_data, django_db_blocker, media_root):
    """The plan and round of `world`, with reports in every state the matrices need:

    task 1: NDRC (lead) draft · MOF draft · Liaoning submitted with evidence
    task 2: MOF (lead) submitted · NDRC returned
    task 3: Liaoning (lead) accepted
    and MOF's pending extension request on task 2, and a notification for every unit person.
    """
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(MEDIA_ROOT=media_root),
    ):
        Clock(patch, OPENED_ON)
        with transaction.atomic():
            yield _build_shared()
            transaction.set_rollback(True)


def _build_shared() -> Shared:
    mechanism = Mechanism.objects.get(code="northeast")
    all_units = {unit.code: unit for unit in Unit.objects.all()}
    accounts = User.objects.in_bulk(
        [name.replace("_", ".") for name in PERSONA_SPECS], field_name="username"
    )
    personas = Personas(**{name: accounts[name.replace("_", ".")] for name in PERSONA_SPECS})
    units = {
        "ndrc": all_units["ndrc"],
        "mof": all_units["mof"],
        "liaoning": all_units["liaoning-government"],
        "jilin": all_units["jilin-government"],
    }
    with acting_as(user=personas.secretariat):
        built = make_plan(user=personas.secretariat, units=units, mechanism=mechanism)
        built.round = services.round_open(
            user=personas.secretariat,
            tasks=built.plan.tasks.all(),
            period_kind=PeriodKind.QUARTER,
            period_label="2026Q3",
            due_date=DUE_ON,
            mechanism=mechanism,
        )
    secretariat = personas.secretariat
    ndrc_1 = built.submission(1, units["ndrc"])
    services.submission_save_draft(
        submission=ndrc_1, user=None, fields={"progress": "NDRC-DRAFT"}, expected_version=1
    )
    mof_1 = built.submission(1, units["mof"])
    services.submission_save_draft(
        submission=mof_1,
        user=None,
        fields={"progress": "MOF-DRAFT", "progress_status": Submission.Progress.ON_TRACK},
        expected_version=1,
    )
    liaoning_1 = built.submission(1, units["liaoning"])
    evidence = services.evidence_add(
        submission=liaoning_1, user=None, filename="辽宁佐证.txt", data="佐证".encode()
    )
    liaoning_1 = write_and_submit(liaoning_1, personas.province_liaison, "LIAONING-SUBMITTED")
    mof_2 = write_and_submit(built.submission(2, units["mof"]), personas.participant_liaison)
    ndrc_2 = write_and_submit(built.submission(2, units["ndrc"]), personas.lead_liaison)
    services.submission_return(submission=ndrc_2, user=secretariat, note="请补充。")
    liaoning_3 = write_and_submit(built.submission(3, units["liaoning"]), personas.province_liaison)
    services.submission_accept(submission=liaoning_3, user=secretariat)
    extension = services.extension_request_create(
        task=built.tasks[1],
        unit=units["mof"],
        user=personas.participant_liaison,
        requested_due_date=datetime.date(2026, 12, 31),
        reason="需要更多时间。",
    )
    ids = {
        "ndrc_1": ndrc_1.pk,
        "mof_1": mof_1.pk,
        "liaoning_1": liaoning_1.pk,
        "mof_2": mof_2.pk,
        "ndrc_2": ndrc_2.pk,
        "liaoning_3": liaoning_3.pk,
        "evidence": evidence.pk,
        "extension": extension.pk,
        "round": built.round.pk,
        "task_1": built.tasks[0].pk,
        "task_2": built.tasks[1].pk,
        "task_3": built.tasks[2].pk,
    }
    return Shared(personas=personas, units=units, world=built, ids=ids)

"""A national task cascaded to Liaoning and on to Fuxin, and split within its plan once."""

import datetime

import pytest

from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit
from zhenxing.policies.cascade import task_cascade
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create, task_split
from zhenxing.rounds import services as rounds
from zhenxing.rounds.models import PeriodKind, Submission
from zhenxing.testing import make_user, mechanism, personas, shipped_data_fixture  # noqa: F401

shipped_data = shipped_data_fixture("package", autouse=False)

FAR = datetime.date(2030, 12, 31)
PDF = b"%PDF-1.4 evidence"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def published(task: Task, user) -> Task:
    if not task.plan.is_published:
        division_plan_publish(plan=task.plan, user=user)
    return Task.objects.select_related("plan").get(pk=task.pk)


@pytest.fixture
def levels(mechanism, personas):
    city = mechanism_load_shipped("fuxin")
    province = city.parent
    units = {unit.code: unit for unit in Unit.objects.all()}
    plan = DivisionPlan.objects.create(title="国家方案", mechanism=mechanism)
    national = task_create(
        plan=plan,
        user=personas.secretariat,
        title="支持辽西地区加快发展",
        lead_unit=units["ndrc"],
        due_date=FAR,
    )
    national = published(national, personas.secretariat)
    secretaries = {
        "liaoning": make_user(
            "liaoning.secretariat",
            role=Role.SECRETARIAT_OFFICER,
            unit=units["liaoning-revitalization-office"],
        ),
        "fuxin": make_user(
            "fuxin.secretariat",
            role=Role.SECRETARIAT_OFFICER,
            unit=units["fuxin-revitalization-office"],
        ),
    }
    return {
        "national": national,
        "province": province,
        "city": city,
        "units": units,
        "personas": personas,
        **secretaries,
    }


@pytest.fixture
def chain(levels):
    """national ← (split) sub, national ← province ← city, all published."""
    personas = levels["personas"]
    (sub,) = task_split(
        task=levels["national"],
        user=personas.secretariat,
        parts=[{"title": "财政支持", "lead_unit": levels["units"]["mof"]}],
    )
    province = published(
        task_cascade(
            task=levels["national"], mechanism=levels["province"], user=levels["liaoning"]
        ),
        levels["liaoning"],
    )
    city = published(
        task_cascade(task=province, mechanism=levels["city"], user=levels["fuxin"]),
        levels["fuxin"],
    )
    return {**levels, "sub": sub, "province_task": province, "city_task": city}


def report(
    task: Task, user, *, progress="on_track", figures=None, accept=True, evidence=False
) -> Submission:
    """Open an ad hoc round on `task`, write the lead unit's report and (by default) accept it."""
    today = datetime.date.today()
    round_ = rounds.round_open(
        user=user,
        tasks=[task],
        period_kind=PeriodKind.AD_HOC,
        period_start=today.replace(day=1),
        period_end=today,
        due_date=today + datetime.timedelta(days=5),
        title=f"调度 {task.code}",
        mechanism=task.plan.mechanism,
    )
    submission = round_.submissions.get(role=Submission.Role.LEAD)
    submission = rounds.submission_save_draft(
        submission=submission,
        user=user,
        expected_version=submission.version,
        fields={
            "progress_status": progress,
            "progress": "按计划推进。",
            "problems": "",
            "next_steps": "",
            "figures": figures or {},
        },
    )
    if evidence:
        rounds.evidence_add(submission=submission, user=user, filename="验收.pdf", data=PDF)
    submission = rounds.submission_submit(
        submission=submission, user=user, expected_version=submission.version
    )
    if accept:
        submission = rounds.submission_accept(submission=submission, user=user)
    return submission

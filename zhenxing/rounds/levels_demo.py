"""Demo data across levels (issue 17): the Liaoning provincial and Fuxin city mechanisms under the
national one, with one seed-003 task cascaded down to Fuxin and reported at every level.

The task chosen is seed 003's (十) on working with the Beijing–Tianjin–Hebei region, which asks
to support western Liaoning (Fuxin among it). Each level opens a special round over its own task
and accepts the report of the unit below, city first, then the province, then the nation.
"""

import datetime

from django.utils import timezone

from zhenxing.mechanisms.demo import demo_author
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit, User
from zhenxing.policies.cascade import task_cascade
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_update
from zhenxing.rounds.models import PeriodKind, ReportingRound
from zhenxing.rounds.services import (
    round_open,
    submission_accept,
    submission_save_draft,
    submission_submit,
)

ROUND_TITLE = "辽西地区对接京津冀协同发展专项调度"

# mechanism code → what the unit reporting at that level says.
REPORTS = {
    "fuxin": "彰武县与京津冀地区签约产业转移项目{n}个，阜新—京津冀产业合作园区完成基础设施投资{m}亿元。",
    "liaoning": "阜新市承接京津冀产业转移项目{n}个，省级层面协调解决用地、用能问题{m}项。",
    "northeast": "辽宁省推动辽西地区对接京津冀，阜新等市承接产业转移项目{n}个，合作园区建设有序推进。",
}


def _chosen_task(plan: DivisionPlan) -> Task:
    return plan.tasks.filter(title__contains="京津冀").order_by("position").first() or (
        plan.tasks.order_by("position").first()
    )


def _report_and_accept(round_: ReportingRound, text: str, secretariat: User) -> None:
    for submission in round_.submissions.select_related("unit").order_by("id"):
        author = demo_author(submission.unit, secretariat)
        submission = submission_save_draft(
            submission=submission,
            user=author,
            expected_version=submission.version,
            fields={
                "progress_status": "on_track",
                "progress": text.format(n=6, m=3),
                "problems": "项目要素保障压力较大。",
                "next_steps": "继续加强与京津冀地区对接，推动签约项目落地。",
            },
        )
        submission = submission_submit(
            submission=submission, user=author, expected_version=submission.version
        )
        submission_accept(submission=submission, user=secretariat)


def _level_round(mechanism: Mechanism, task: Task, secretariat: User, today: datetime.date):
    existing = ReportingRound.objects.filter(mechanism=mechanism, title=ROUND_TITLE).first()
    if existing is not None:
        return existing
    round_ = round_open(
        user=secretariat,
        tasks=[task],
        period_kind=PeriodKind.AD_HOC,
        period_start=today.replace(day=1),
        period_end=today,
        due_date=today + datetime.timedelta(days=5),
        title=ROUND_TITLE,
        instructions="请报送辽西地区对接京津冀协同发展的进展。",
        mechanism=mechanism,
    )
    _report_and_accept(round_, REPORTS[mechanism.code], secretariat)
    return round_


def _published(task: Task, secretary: User) -> Task:
    """The task, its plan published (a lower level publishes before handing on)."""
    if not task.plan.is_published:
        division_plan_publish(plan=task.plan, user=secretary)
    return Task.objects.select_related("plan").get(pk=task.pk)


def populate(*, plan: DivisionPlan, secretariat: User, today: datetime.date | None = None) -> str:
    """Cascade seed 003's (十) from the national plan to Liaoning and on to Fuxin, and report it
    at every level. Expects the three mechanisms and the demo accounts to be loaded."""
    today = today or timezone.localdate()
    mechanisms = {m.code: m for m in Mechanism.objects.filter(code__in=REPORTS)}
    units = {u.code: u for u in Unit.objects.filter(code__in=_UNIT_CODES)}
    secretaries = {
        "northeast": secretariat,
        "liaoning": User.objects.get(username="liaoning.secretariat"),
        "fuxin": User.objects.get(username="fuxin.secretariat"),
    }
    national_task = _chosen_task(plan)
    province = units["liaoning-government"]
    if not national_task.participating_units.filter(pk=province.pk).exists():
        national_task = task_update(
            task=national_task,
            user=secretariat,
            expected_version=national_task.version,
            changes={},
            participating_units=[*national_task.participating_units.all(), province],
            reason="支持辽宁西部地区加快发展，由辽宁省参加并分解落实。",
        )
    province_task = _published(
        task_cascade(
            task=national_task,
            mechanism=mechanisms["liaoning"],
            user=secretaries["liaoning"],
            lead_unit=units["fuxin-government"],
            participating_units=[units["liaoning-drc"]],
        ),
        secretaries["liaoning"],
    )
    city_task = _published(
        task_cascade(
            task=province_task,
            mechanism=mechanisms["fuxin"],
            user=secretaries["fuxin"],
            lead_unit=units["zhangwu-government"],
        ),
        secretaries["fuxin"],
    )
    for code, task in (("fuxin", city_task), ("liaoning", province_task)):
        _level_round(mechanisms[code], task, secretaries[code], today)
    _level_round(mechanisms["northeast"], national_task, secretariat, today)
    return f"分级：{national_task.code} 已分解至辽宁省和阜新市，三级均已报送并采用"


_UNIT_CODES = ["liaoning-government", "liaoning-drc", "fuxin-government", "zhangwu-government"]

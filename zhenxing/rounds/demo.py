"""Demo data for rounds: this year's quarterly rounds up to today, with reports in every state."""

import datetime
import random

from django.utils import timezone

from zhenxing.lib.periods import PeriodKind, period_bounds, period_label
from zhenxing.mechanisms.demo import demo_author
from zhenxing.rounds.models import ReportingRound, Submission
from zhenxing.rounds.services import (
    assessment_record,
    evidence_add,
    extension_decide,
    extension_request_create,
    round_close,
    round_open,
    submission_accept,
    submission_return,
    submission_save_draft,
    submission_submit,
    task_close_out,
)

PROGRESS_TEXTS = [
    "已制定工作方案并印发实施，组织召开专题推进会{n}次，协调解决重点问题{m}个，相关配套政策正在起草。",
    "会同有关部门开展实地调研，形成调研报告；试点工作在{n}个市（州）启动，累计完成投资{m}亿元。",
    "按照时间节点有序推进，已完成年度目标的{p}%，重点项目{n}个全部开工建设。",
    "已出台实施细则，建立月调度机制，累计落实中央预算内投资{m}亿元，带动社会投资明显增加。",
]
PROBLEMS = [
    "部分项目用地、环评等前期手续办理进度偏慢。",
    "地方配套资金到位不足，融资渠道有待拓宽。",
    "",
    "",
    "跨部门协调事项较多，需工作机制统筹推进。",
]
NEXT_STEPS = [
    "加快推进前期工作，确保年内完成既定目标。",
    "加强督促检查，及时协调解决存在问题。",
    "总结试点经验，适时在更大范围推广。",
]


def _fill(
    submission: Submission, author, rng: random.Random, progress: str | None = None
) -> Submission:
    text = rng.choice(PROGRESS_TEXTS).format(
        n=rng.randint(2, 9), m=rng.randint(3, 60), p=rng.randint(40, 95)
    )
    return submission_save_draft(
        submission=submission,
        user=author,
        expected_version=submission.version,
        fields={
            "progress_status": progress
            or rng.choice(["on_track", "on_track", "on_track", "at_risk", "delayed"]),
            "progress": text,
            "problems": rng.choice(PROBLEMS),
            "next_steps": rng.choice(NEXT_STEPS),
        },
    )


def populate(
    *,
    plan,
    secretariat,
    mechanism,
    today: datetime.date | None = None,
    seed: int = 2026,
    first_quarter: int = 1,
) -> list[ReportingRound]:
    """Quarterly rounds of this year (from `first_quarter`) whose reporting has begun, once per period."""
    today = today or timezone.localdate()
    rng = random.Random(seed)  # nosec B311  # seeded generator for reproducible demo data, not security
    rounds, created_any = [], False
    for quarter in range(first_quarter, 5):
        label = f"{today.year}Q{quarter}"
        start, end = period_bounds(PeriodKind.QUARTER, label)
        if start > today:
            break
        existing = ReportingRound.objects.filter(period_label=label, mechanism=mechanism).first()
        if existing is not None:
            rounds.append(existing)
            continue
        due = (
            end + datetime.timedelta(days=10) if end < today else today + datetime.timedelta(days=5)
        )
        current = label == period_label(PeriodKind.QUARTER, today)
        created_any = True
        round_ = round_open(
            user=secretariat,
            tasks=plan.tasks.all(),
            period_kind=PeriodKind.QUARTER,
            period_label=label,
            due_date=due,
            instructions="请各单位如实报送本季度重点任务进展情况、存在问题和下一步工作安排，并附佐证材料。",
            mechanism=mechanism,
        )
        _play_round(round_, secretariat, rng, current=current)
        if not current:
            _backdate(round_, rng)
            round_close(round_=round_, user=secretariat)
        rounds.append(round_)
    if created_any:
        _extensions_and_close_outs(plan, secretariat, rng, today)
    return rounds


def _play_round(round_, secretariat, rng, *, current: bool) -> None:
    """Past rounds: mostly accepted, some late or returned. The current round: every state."""
    for submission in round_.submissions.select_related("task", "unit").order_by("id"):
        author = demo_author(submission.unit, secretariat)
        roll = rng.random()
        if current and roll < 0.25:
            if roll < 0.12:
                _fill(submission, author, rng)  # a draft still being written
            continue  # not started
        submission = _fill(submission, author, rng)
        submission = submission_submit(
            submission=submission, user=author, expected_version=submission.version
        )
        if current and roll < 0.45:
            continue  # waiting for review
        if roll < (0.55 if current else 0.15):
            submission = submission_return(
                submission=submission,
                user=secretariat,
                note="请补充具体数据和佐证材料，进一步说明下一步工作的时间节点。",
            )
            if current and roll < 0.5:
                continue  # returned, not yet resubmitted
            submission = _fill(submission, author, rng)
            submission = submission_submit(
                submission=submission, user=author, expected_version=submission.version
            )
            if current and roll < 0.52:
                continue  # resubmitted, waiting
        submission_accept(submission=submission, user=secretariat)


def _backdate(round_, rng) -> None:
    """Past rounds were reported around their due date, not today: most on time, a few late."""
    for submission in round_.submissions.exclude(first_submitted_at=None).only("id"):
        days = rng.choice([-9, -6, -4, -3, -2, -1, -1, 0, 0, 2, 5])
        moment = timezone.make_aware(
            datetime.datetime.combine(
                round_.due_date + datetime.timedelta(days=days), datetime.time(10)
            )
        )
        # Demo history only: timestamps, not business content, so the change log is not involved.
        Submission.objects.filter(pk=submission.pk).update(
            first_submitted_at=moment, submitted_at=moment
        )


def _extensions_and_close_outs(plan, secretariat, rng, today) -> None:
    tasks = list(
        plan.tasks.filter(close_out__isnull=True).select_related("lead_unit").order_by("position")
    )
    open_round = ReportingRound.objects.filter(
        status=ReportingRound.Status.OPEN, tasks__plan=plan
    ).first()
    if open_round is not None:
        for submission in open_round.submissions.filter(
            role=Submission.Role.LEAD, status=Submission.Status.DRAFT
        )[:2]:
            author = demo_author(submission.unit, secretariat)
            submission = _fill(submission, author, rng, progress="completed")
            evidence_add(
                submission=submission,
                user=author,
                filename="完成情况说明.txt",
                data="任务已按期完成，相关文件已印发。".encode(),
            )
            submission = submission_submit(
                submission=submission, user=author, expected_version=submission.version
            )
            submission = submission_accept(
                submission=submission, user=secretariat, note="材料齐全，同意销号。"
            )
            task_close_out(
                task=submission.task,
                user=secretariat,
                submission=submission,
                note="经审核，同意销号。",
            )
    upcoming = [
        t for t in tasks if t.due_date and t.due_date >= today and not hasattr(t, "close_out")
    ][:2]
    for index, task in enumerate(upcoming):
        request = extension_request_create(
            task=task,
            unit=task.lead_unit,
            user=demo_author(task.lead_unit, secretariat),
            requested_due_date=task.due_date + datetime.timedelta(days=90),
            reason="受项目前期审批进度影响，申请延期三个月。",
            today=today,
        )
        if index == 0:
            extension_decide(request=request, user=secretariat, approve=True, note="同意延期。")
    red = [t for t in tasks if t.due_date and t.due_date < today][:1]
    for task in red:
        assessment_record(
            task=task, user=secretariat, rating="red", reason="任务已逾期且未说明原因。"
        )

"""Opening, closing, scheduling and chasing reporting rounds."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.audit.receivers import record_change
from zhenxing.lib.periods import period_bounds, period_title
from zhenxing.lib.versions import lock_version
from zhenxing.mechanisms.scope import top_mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.selectors import unit_recipients
from zhenxing.notifications.services import notifications_send, notifications_send_to_units
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.rounds import selectors
from zhenxing.rounds.models import (
    Chase,
    PeriodKind,
    ReportingRound,
    RoundSchedule,
    Submission,
)


@transaction.atomic
def round_open(
    *,
    user,
    tasks,
    period_kind: str,
    due_date: datetime.date,
    period_label: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    title: str = "",
    instructions: str = "",
    mechanism=None,
    schedule=None,
) -> ReportingRound:
    """Open a round over `tasks`: one submission per (task, lead or participating unit).

    Only tasks of published plans are reported on; completed (closed-out) tasks and tasks
    without a lead unit are left out. Submissions are created in bulk and recorded in the
    change log as one entry for the round.
    """
    if period_kind != PeriodKind.AD_HOC:
        try:
            period_start, period_end = period_bounds(period_kind, period_label)
        except ValueError as error:
            raise ValidationError(str(error)) from error
    elif not (period_start and period_end):
        raise ValidationError("专项调度须填写期间开始和结束日期。")
    if not period_label:
        period_label = f"{period_start:%Y%m%d}-{period_end:%Y%m%d}"
    in_scope = Task.objects.filter(
        pk__in=[t.pk for t in tasks] if not hasattr(tasks, "values") else tasks.values("pk"),
        lead_unit__isnull=False,
        close_out__isnull=True,
        plan__status=DivisionPlan.Status.PUBLISHED,
    )
    leads = dict(in_scope.order_by("plan_id", "position").values_list("pk", "lead_unit_id"))
    if not leads:
        raise ValidationError(
            "所选范围内没有需要报送的任务（任务须属于已发布的方案、有牵头单位且未销号）。"
        )
    if not title:
        title = f"{period_title(period_kind, period_label) if period_kind != PeriodKind.AD_HOC else '专项'}重点任务进展调度"
    round_ = ReportingRound(
        mechanism=mechanism,
        schedule=schedule,
        title=title[:200],
        period_kind=period_kind,
        period_label=period_label,
        period_start=period_start,
        period_end=period_end,
        due_date=due_date,
        instructions=instructions,
        opened_by=user,
    )
    round_.full_clean()
    round_.save()
    round_.tasks.add(*leads)
    pairs = [(task_id, unit_id, Submission.Role.LEAD) for task_id, unit_id in leads.items()]
    # A co-lead (A、B牵头) reports on the task as the lead unit does.
    co_leading = Task.co_lead_units.through.objects.filter(task_id__in=in_scope.values("pk"))
    co_leads = {
        (task_id, unit_id)
        for task_id, unit_id in co_leading.order_by("task_id", "id").values_list(
            "task_id", "unit_id"
        )
        if unit_id != leads[task_id]
    }
    pairs += [(task_id, unit_id, Submission.Role.LEAD) for task_id, unit_id in sorted(co_leads)]
    participating = Task.participating_units.through.objects.filter(
        task_id__in=in_scope.values("pk")
    )
    pairs += [
        (task_id, unit_id, Submission.Role.PARTICIPANT)
        for task_id, unit_id in participating.order_by("task_id", "id").values_list(
            "task_id", "unit_id"
        )
        if unit_id != leads[task_id] and (task_id, unit_id) not in co_leads
    ]
    _insert_submissions(round_, pairs)
    record_change(
        instance=round_,
        action=ChangeRecord.Action.UPDATE,
        after={"tasks": len(leads), "submissions_created": len(pairs)},
        reason="发起调度，生成报送任务",
    )
    notifications_send_to_units(
        unit_ids={unit_id for _task_id, unit_id, _role in pairs},
        kind="round_opened",
        title=f"请于{due_date:%Y年%m月%d日}前报送：{round_.title}",
        body=instructions,
        link=f"/rounds/{round_.pk}/",
        dedup_key=f"round:{round_.pk}:opened",
    )
    return round_


def _insert_submissions(round_: ReportingRound, pairs: list[tuple[int, int, str]]) -> None:
    """One INSERT run for every (task, unit, role) with the model's defaults.

    bulk_create builds a model instance and prepares ~20 values for each of 10,000 rows, in
    SQLite batches of 49 rows; here each column's default is prepared once, by its own field,
    so the values are right for SQLite and PostgreSQL alike (see docs/performance.md).
    """
    fields = [field for field in Submission._meta.concrete_fields if not field.primary_key]
    names = [field.name for field in fields]
    template = [field.get_db_prep_save(field.get_default(), connection) for field in fields]
    template[names.index("round")] = round_.pk
    task, unit, role = names.index("task"), names.index("unit"), names.index("role")
    rows = []
    for task_id, unit_id, role_value in pairs:
        row = template.copy()
        row[task], row[unit], row[role] = task_id, unit_id, str(role_value)
        rows.append(row)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(Submission._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # nosec B608  # quoted table and column names from our model; values bound


@transaction.atomic
def round_close(*, round_: ReportingRound, user) -> ReportingRound:
    """End a round: nothing more can be submitted to it; reviews of what came in may go on."""
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError("本次调度已结束。")
    round_.status = ReportingRound.Status.CLOSED
    round_.closed_at = timezone.now()
    round_.closed_by = user
    round_.save()
    return round_


@transaction.atomic
def round_schedule_save(
    *,
    user,
    plan: DivisionPlan,
    period_kind: str,
    days_after_period_end: int = 10,
    instructions: str = "",
    is_active: bool = True,
    schedule: RoundSchedule | None = None,
    version: int | None = None,
) -> RoundSchedule:
    """Create or change a recurring round over a published plan; a change carries the version
    read (`version`): a stale or missing one is refused."""
    if period_kind == PeriodKind.AD_HOC:
        raise ValidationError("专项调度不能定期发起。")
    if not plan.is_published:
        raise ValidationError("只能对已发布的分工方案定期调度。")
    mechanism = plan.mechanism or top_mechanism()
    if mechanism is None:
        raise ValidationError("尚未加载工作机制。")
    if schedule is not None and schedule.pk is not None:
        locked = lock_version(RoundSchedule.objects.all(), pk=schedule.pk, expected_version=version)
        schedule.version = locked.version + 1
    schedule = schedule or RoundSchedule(created_by=user)
    schedule.plan = plan
    schedule.mechanism = mechanism
    schedule.period_kind = period_kind
    schedule.days_after_period_end = days_after_period_end
    schedule.instructions = instructions.strip()
    schedule.is_active = is_active
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def round_chase(*, round_: ReportingRound, user, unit_ids) -> list[Chase]:
    """催报: notify the liaisons of each unit asked that still has reports to file in the open
    round, now; once per unit and day (units already chased today are skipped), each recorded.

    Returns the chases made."""
    round_ = ReportingRound.objects.select_for_update().get(pk=round_.pk)
    if not round_.is_open:
        raise ValidationError("调度已结束，不能催报。")
    today = timezone.localdate()
    outstanding = selectors.outstanding_by_unit(round_)
    chased_today = set(round_.chases.filter(chased_on=today).values_list("unit_id", flat=True))
    chases = []
    for unit_id in sorted(set(unit_ids) & set(outstanding) - chased_today):
        count = outstanding[unit_id]
        recipients = unit_recipients({unit_id})
        notifications_send(
            recipients=recipients,
            kind=Notification.Kind.CHASED,
            title=f"催报：{round_.title}",
            body=(
                f"尚有 {count} 份报送未报（截止日期 {round_.due_date:%Y-%m-%d}），"
                "秘书处请尽快报送。"
            ),
            link=f"/rounds/{round_.pk}/",
            dedup_key=f"round:{round_.pk}:unit:{unit_id}:chase:{today:%Y-%m-%d}",
        )
        chases.append(
            Chase.objects.create(
                round=round_,
                unit_id=unit_id,
                chased_by=user,
                chased_on=today,
                outstanding=count,
                recipients=len(recipients),
            )
        )
    return chases

"""Writes for key enterprises: register and edit, report monthly figures, and the difficulty
lifecycle (take in, route, answer, close, escalate to a coordination matter when late)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.coordination.services import matter_raise, matter_route
from zhenxing.enterprises.models import Difficulty, Enterprise, MonthlyFigure
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit

DEFAULT_ANSWER_DAYS = 10
ENTERPRISE_FIELDS = (
    "name",
    "credit_code",
    "region",
    "industry",
    "size",
    "contact_unit",
    "liaison_official",
    "liaison_post",
    "responsible_leader",
)
Status = Difficulty.Status


def _link(difficulty: Difficulty) -> str:
    return f"/enterprises/difficulties/{difficulty.pk}/"


@transaction.atomic
def enterprise_register(*, mechanism: Mechanism, **fields) -> Enterprise:
    """Register a key enterprise of the mechanism (fields: ENTERPRISE_FIELDS)."""
    fields["credit_code"] = (fields.get("credit_code") or "").strip().upper()
    enterprise = Enterprise(mechanism=mechanism, **fields)
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, **fields) -> Enterprise:
    """Change an enterprise's particulars (any of ENTERPRISE_FIELDS)."""
    if "credit_code" in fields:
        fields["credit_code"] = (fields["credit_code"] or "").strip().upper()
    for name, value in fields.items():
        if name not in ENTERPRISE_FIELDS:
            raise ValueError(name)
        setattr(enterprise, name, value)
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def figure_report(
    *,
    enterprise: Enterprise,
    user,
    month: datetime.date,
    output_value: Decimal,
    revenue: Decimal,
    orders: Decimal,
    employment: int,
) -> MonthlyFigure:
    """Report (or correct) one month's figures; a month is reported once it has begun."""
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError("不能报送尚未开始月份的数据。")
    figure = MonthlyFigure.objects.filter(enterprise=enterprise, month=month).first()
    figure = figure or MonthlyFigure(enterprise=enterprise, month=month)
    figure.output_value = output_value
    figure.revenue = revenue
    figure.orders = orders
    figure.employment = employment
    figure.reported_by = user
    figure.reported_at = timezone.now()
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def difficulty_receive(*, enterprise: Enterprise, user, title: str, description: str) -> Difficulty:
    """Take in a difficulty of the enterprise; the secretariat routes it next."""
    if not title.strip() or not description.strip():
        raise ValidationError("请填写诉求事项和诉求内容。")
    difficulty = Difficulty(
        enterprise=enterprise,
        title=title.strip()[:200],
        description=description.strip(),
        received_by=user,
    )
    difficulty.full_clean()
    difficulty.save()
    return difficulty


@transaction.atomic
def difficulty_route(
    *, difficulty: Difficulty, user, unit: Unit, due_date: datetime.date | None = None
) -> Difficulty:
    """Ask a responsible unit to answer by a date (again, to another unit, while unanswered);
    the unit is notified."""
    difficulty = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
    if difficulty.status not in (Status.RECEIVED, Status.ROUTED):
        raise ValidationError("该诉求已答复或办结，不能再分办。")
    today = timezone.localdate()
    due_date = due_date or today + datetime.timedelta(days=DEFAULT_ANSWER_DAYS)
    if due_date < today:
        raise ValidationError("答复期限不能早于今天。")
    difficulty.responsible_unit = unit
    difficulty.due_date = due_date
    difficulty.status = Status.ROUTED
    difficulty.save()
    notifications_send_to_units(
        unit_ids={unit.pk},
        kind=Notification.Kind.MATTER_REQUEST,
        title=f"请办理企业诉求：{difficulty.enterprise.name}·{difficulty.title}",
        body=f"请于{chinese_date(due_date)}前答复。",
        link=_link(difficulty),
        dedup_key=f"difficulty:{difficulty.pk}:routed:{unit.pk}:{due_date}",
    )
    return difficulty


@transaction.atomic
def difficulty_answer(*, difficulty: Difficulty, user, answer: str) -> Difficulty:
    """The responsible unit answers; the contact department is told."""
    difficulty = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
    if difficulty.status != Status.ROUTED:
        raise ValidationError("只有办理中的诉求可以答复。")
    if not answer.strip():
        raise ValidationError("请填写答复意见。")
    difficulty.answer = answer.strip()
    difficulty.answered_at = timezone.now()
    difficulty.status = Status.ANSWERED
    difficulty.full_clean()
    difficulty.save()
    notifications_send_to_units(
        unit_ids={difficulty.enterprise.contact_unit_id},
        kind=Notification.Kind.MATTER_RESPONDED,
        title=f"企业诉求已答复：{difficulty.enterprise.name}·{difficulty.title}",
        link=_link(difficulty),
        dedup_key=f"difficulty:{difficulty.pk}:answered",
    )
    return difficulty


@transaction.atomic
def difficulty_close(*, difficulty: Difficulty, user, resolution: str) -> Difficulty:
    """Close a difficulty with how it was resolved."""
    difficulty = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
    if not difficulty.is_open:
        raise ValidationError("该诉求已办结。")
    if not resolution.strip():
        raise ValidationError("办结须写明办结情况。")
    difficulty.resolution = resolution.strip()
    difficulty.closed_at = timezone.now()
    difficulty.status = Status.CLOSED
    difficulty.full_clean()
    difficulty.save()
    return difficulty


@transaction.atomic
def difficulty_escalate(*, difficulty: Difficulty, user, reason: str) -> CoordinationMatter:
    """A difficulty not answered by its due date becomes a coordination matter raised by the
    contact department and routed to the responsible unit; from there it follows the
    coordination ladder (secretariat → joint meeting → leading group)."""
    difficulty = (
        Difficulty.objects.select_for_update(of=("self",))
        .select_related("enterprise__mechanism", "enterprise__contact_unit", "responsible_unit")
        .get(pk=difficulty.pk)
    )
    if not difficulty.is_late(timezone.localdate()):
        raise ValidationError("只有逾期未答复的诉求可以提交协调。")
    if not reason.strip():
        raise ValidationError("请写明提交协调的理由。")
    enterprise = difficulty.enterprise
    matter = matter_raise(
        user=user,
        mechanism=enterprise.mechanism,
        unit=enterprise.contact_unit,
        title=f"{enterprise.name}：{difficulty.title}"[:200],
        description=(
            f"{difficulty.description}\n\n企业诉求逾期未答复（原答复期限"
            f"{chinese_date(difficulty.due_date)}），提交协调理由：{reason.strip()}"
        ),
        category=CoordinationMatter.Category.OTHER,
        proposed_units=[difficulty.responsible_unit],
    )
    if difficulty.responsible_unit_id != enterprise.contact_unit_id:
        matter_route(matter=matter, user=user, units=[difficulty.responsible_unit])
    difficulty.matter = matter
    difficulty.status = Status.ESCALATED
    difficulty.save()
    return matter

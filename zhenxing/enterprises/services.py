"""Writes for key enterprises: register and edit, report monthly figures, the difficulty
lifecycle (take in, route, answer, close, escalate to a coordination matter when late), and
免申即享 policies with the enterprises they serve (identified → notified → granted, or declined)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.coordination.services import matter_raise, matter_route
from zhenxing.enterprises.models import (
    BenefitGrant,
    BenefitPolicy,
    Difficulty,
    Enterprise,
    MonthlyFigure,
)
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


# --- 免申即享: policies that benefit enterprises without application --------------------------
POLICY_FIELDS = (
    "title",
    "issuing_unit",
    "document_number",
    "announced_on",
    "kind",
    "eligibility",
    "amount_rule",
    "region",
    "industries",
    "sizes",
)
GrantStatus = BenefitGrant.Status


@transaction.atomic
def benefit_policy_save(
    *, mechanism: Mechanism, user, policy: BenefitPolicy | None = None, **fields
) -> BenefitPolicy:
    """Record a 免申即享 policy of the mechanism, or change one (fields: POLICY_FIELDS)."""
    policy = policy or BenefitPolicy(mechanism=mechanism, created_by=user)
    for name, value in fields.items():
        if name not in POLICY_FIELDS:
            raise ValueError(name)
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def benefit_grants_identify(*, policy: BenefitPolicy, enterprises) -> list[BenefitGrant]:
    """List enterprises of the policy's mechanism as identified beneficiaries (已识别); those
    already listed are left as they are."""
    listed = set(policy.grants.values_list("enterprise_id", flat=True))
    grants = []
    for enterprise in enterprises:
        if enterprise.mechanism_id != policy.mechanism_id:
            raise ValidationError(f"{enterprise.name}不是本工作机制的重点企业。")
        if enterprise.pk in listed:
            continue
        grant = BenefitGrant(policy=policy, enterprise=enterprise)
        grant.full_clean()
        grant.save()
        grants.append(grant)
    return grants


def _grant_for_change(grant: BenefitGrant, allowed: tuple, message: str) -> BenefitGrant:
    grant = BenefitGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status not in allowed:
        raise ValidationError(message)
    return grant


@transaction.atomic
def benefit_grant_notify(*, grant: BenefitGrant, notified_on: datetime.date) -> BenefitGrant:
    """The enterprise has been told it benefits (已告知)."""
    grant = _grant_for_change(grant, (GrantStatus.IDENTIFIED,), "只有已识别的企业可以告知。")
    if notified_on > timezone.localdate():
        raise ValidationError("告知日期不能晚于今天。")
    grant.status = GrantStatus.NOTIFIED
    grant.notified_on = notified_on
    grant.save()
    return grant


@transaction.atomic
def benefit_grant_grant(
    *, grant: BenefitGrant, amount: Decimal, granted_on: datetime.date
) -> BenefitGrant:
    """The benefit reached the enterprise (已兑现): how much and when."""
    grant = _grant_for_change(
        grant, (GrantStatus.IDENTIFIED, GrantStatus.NOTIFIED), "该企业已兑现或已确认不兑现。"
    )
    if amount is None or amount < 0:
        raise ValidationError("兑现金额不能为负数。")
    if granted_on > timezone.localdate():
        raise ValidationError("兑现日期不能晚于今天。")
    if granted_on < grant.policy.announced_on:
        raise ValidationError("兑现日期不能早于政策发布日期。")
    grant.status = GrantStatus.GRANTED
    grant.amount = amount
    grant.granted_on = granted_on
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def benefit_grant_decline(*, grant: BenefitGrant, reason: str) -> BenefitGrant:
    """The enterprise will not be served (未兑现), with the reason (e.g. it does not qualify)."""
    grant = _grant_for_change(
        grant, (GrantStatus.IDENTIFIED, GrantStatus.NOTIFIED), "该企业已兑现或已确认不兑现。"
    )
    if not reason.strip():
        raise ValidationError("请写明未兑现的原因。")
    grant.status = GrantStatus.DECLINED
    grant.decline_reason = reason.strip()
    grant.save()
    return grant

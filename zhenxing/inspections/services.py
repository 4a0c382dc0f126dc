"""Writes for inspections: campaigns, findings, rectification reports, verification and close-out
(销号), and the circular (通报)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhenxing.inspections.models import (
    Circular,
    Finding,
    Inspection,
    Rectification,
    RectificationAttachment,
    RectificationReport,
    Verification,
)
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.lib.evidence import checked_evidence, evidence_store
from zhenxing.lib.versions import lock_version
from zhenxing.mechanisms.models import Mechanism
from zhenxing.notifications.deadlines import DUE_SOON_DAYS, deadline_reminder
from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.projects.models import Project


def _finding_link(finding: Finding) -> str:
    return f"/inspections/findings/{finding.pk}/"


@transaction.atomic
def inspection_create(
    *,
    user,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    mechanism: Mechanism | None = None,
    basis: str = "",
    team_leader=None,
    team=(),
    scope_policies=(),
    scope_tasks=(),
    scope_projects=(),
    scope_units=(),
    scope_regions=(),
) -> Inspection:
    """Set up a campaign: what it covers (policies, tasks, units, regions), the period, the team."""
    inspection = Inspection(
        mechanism=mechanism,
        title=title.strip()[:200],
        basis=basis.strip(),
        period_start=period_start,
        period_end=period_end,
        team_leader=team_leader,
        created_by=user,
    )
    inspection.full_clean()
    inspection.save()
    members = {member.pk: member for member in team}
    if team_leader is not None:
        members.setdefault(team_leader.pk, team_leader)
    for field, values in (
        ("team", list(members.values())),
        ("scope_policies", scope_policies),
        ("scope_tasks", scope_tasks),
        ("scope_projects", scope_projects),
        ("scope_units", scope_units),
        ("scope_regions", scope_regions),
    ):
        if values:
            getattr(inspection, field).set(values)
    return inspection


@transaction.atomic
def inspection_conclude(*, inspection: Inspection, user) -> Inspection:
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status == Inspection.Status.CONCLUDED:
        raise ValidationError("该督查已结束。")
    inspection.status = Inspection.Status.CONCLUDED
    inspection.save()
    return inspection


@transaction.atomic
def finding_issue(
    *,
    inspection: Inspection,
    user,
    unit: Unit,
    title: str,
    measures: str,
    due_date: datetime.date,
    responsible_unit: Unit | None = None,
    description: str = "",
    severity: str = Finding.Severity.GENERAL,
    task: Task | None = None,
    policy_document: PolicyDocument | None = None,
    project: Project | None = None,
    region: Region | None = None,
) -> Finding:
    """Issue a finding to a unit with its first rectification item; the units are notified."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.status != Inspection.Status.IN_PROGRESS:
        raise ValidationError("该督查已结束，不能再下发问题。")
    if not title.strip():
        raise ValidationError("请填写问题。")
    position = (
        inspection.findings.order_by("-position").values_list("position", flat=True).first() or 0
    ) + 1
    finding = Finding(
        inspection=inspection,
        position=position,
        unit=unit,
        title=title.strip()[:200],
        description=description.strip(),
        severity=severity,
        task=task,
        policy_document=policy_document,
        project=project,
        region=region,
        issued_by=user,
    )
    finding.full_clean()
    finding.save()
    _rectification_create(
        finding=finding,
        measures=measures,
        responsible_unit=responsible_unit or unit,
        due_date=due_date,
    )
    return finding


def _rectification_create(*, finding, measures, responsible_unit, due_date) -> Rectification:
    if not measures.strip():
        raise ValidationError("请填写整改措施。")
    if due_date < timezone.localdate():
        raise ValidationError("整改时限不能早于今天。")
    rectification = Rectification.objects.create(
        finding=finding,
        measures=measures.strip(),
        responsible_unit=responsible_unit,
        due_date=due_date,
    )
    notifications_send_to_units(
        unit_ids={finding.unit_id, responsible_unit.pk},
        kind=Notification.Kind.RECTIFICATION,
        title=f"督查发现问题，请整改：{finding.title}",
        body=f"{finding.inspection.title}。整改措施：{rectification.measures}\n整改时限：{chinese_date(due_date)}",
        link=_finding_link(finding),
        dedup_key=f"rectification:{rectification.pk}:issued",
    )
    return rectification


@transaction.atomic
def rectification_add(
    *, finding: Finding, user, measures: str, responsible_unit: Unit, due_date: datetime.date
) -> Rectification:
    """A further rectification item on a finding (another measure, another responsible unit)."""
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    rectification = _rectification_create(
        finding=finding, measures=measures, responsible_unit=responsible_unit, due_date=due_date
    )
    if finding.status == Finding.Status.CLOSED:
        finding.status = Finding.Status.OPEN
        finding.closed_at = None
        finding.save()
    return rectification


@transaction.atomic
def rectification_report(
    *,
    rectification: Rectification,
    user,
    text: str,
    completed: bool = False,
    attachments: list[tuple[str, bytes]] = (),
) -> RectificationReport:
    """The responsible unit reports progress, with evidence files (name, content) checked as a
    progress report's are; "completed" sends the item to the inspectors. One bad file refuses
    the whole report, so nothing is half stored."""
    rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if not rectification.awaits_report:
        raise ValidationError("该整改事项正在核查或已销号，无需报告。")
    if not text.strip():
        raise ValidationError("请填写整改情况。")
    for filename, data in attachments:  # every file checked before any is stored
        try:
            checked_evidence(filename, data)
        except ValidationError as error:
            raise ValidationError(f"{filename}：{error.messages[0]}") from error
    report = RectificationReport.objects.create(
        rectification=rectification, text=text.strip(), completed=completed, reported_by=user
    )
    for filename, data in attachments:
        evidence_store(
            RectificationAttachment(report=report), filename=filename, data=data, user=user
        )
    if completed:
        rectification.status = Rectification.Status.REPORTED
        rectification.save()
    return report


@transaction.atomic
def rectification_verify(
    *,
    rectification: Rectification,
    user,
    close: bool,
    note: str = "",
    new_due_date: datetime.date | None = None,
) -> Verification:
    """Inspectors check a reported item: close it out (销号) or reopen it with their reasons.
    A finding is closed out when all its items are."""
    rectification = (
        Rectification.objects.select_for_update().select_related("finding").get(pk=rectification.pk)
    )
    if rectification.status != Rectification.Status.REPORTED:
        raise ValidationError("只能核查已报告整改完成的事项。")
    if not close and not note.strip():
        raise ValidationError("重新整改须写明核查意见。")
    outcome = Verification.Outcome.CLOSED if close else Verification.Outcome.REOPENED
    verification = Verification.objects.create(
        rectification=rectification, outcome=outcome, note=note.strip(), verified_by=user
    )
    finding = rectification.finding
    now = timezone.now()
    if close:
        rectification.status = Rectification.Status.CLOSED
        rectification.closed_at = now
        rectification.closed_by = user
        rectification.save()
        if not finding.rectifications.exclude(status=Rectification.Status.CLOSED).exists():
            finding.status = Finding.Status.CLOSED
            finding.closed_at = now
            finding.save()
        return verification
    if new_due_date is not None:
        if new_due_date < timezone.localdate():
            raise ValidationError("新的整改时限不能早于今天。")
        rectification.due_date = new_due_date
    rectification.status = Rectification.Status.REOPENED
    rectification.reopen_count += 1
    rectification.save()
    notifications_send_to_units(
        unit_ids={rectification.responsible_unit_id},
        kind=Notification.Kind.RECTIFY_REOPENED,
        title=f"整改核查未通过，请重新整改：{finding.title}",
        body=note.strip(),
        link=_finding_link(finding),
        dedup_key=f"rectification:{rectification.pk}:reopened:{rectification.reopen_count}",
    )
    return verification


@transaction.atomic
def circular_save(
    *,
    inspection: Inspection,
    user,
    title: str,
    introduction: str = "",
    conclusion: str = "",
    document_number: str = "",
    issuer: str = "",
    version: int | None = None,
) -> Circular:
    """Write or rewrite the draft circular of a campaign. Rewriting carries the version read
    (`version`; 0 when the page had no circular yet): a stale or missing one is refused."""
    existing = Circular.objects.filter(inspection=inspection).first()
    if existing is None:
        circular = Circular(inspection=inspection)
    else:
        circular = lock_version(Circular.objects.all(), pk=existing.pk, expected_version=version)
        circular.version += 1
    if circular.is_issued:
        raise ValidationError("通报已印发，不能再修改。")
    circular.title = title.strip()[:200]
    circular.introduction = introduction.strip()
    circular.conclusion = conclusion.strip()
    circular.document_number = document_number.strip()
    circular.issuer = issuer.strip()
    circular.full_clean()
    circular.save()
    return circular


@transaction.atomic
def circular_issue(
    *, inspection: Inspection, user, issued_on: datetime.date | None = None
) -> Circular:
    """Issue the circular to all units: every member unit of the mechanism and every unit with
    a finding is notified."""
    circular = Circular.objects.select_for_update().filter(inspection=inspection).first()
    if circular is None:
        raise ValidationError("请先起草通报。")
    if circular.is_issued:
        raise ValidationError("通报已印发。")
    circular.status = Circular.Status.ISSUED
    circular.issued_on = issued_on or timezone.localdate()
    circular.issued_by = user
    circular.save()
    unit_ids = set(inspection.findings.values_list("unit_id", flat=True))
    unit_ids.update(inspection.scope_units.values_list("pk", flat=True))
    if inspection.mechanism_id:
        unit_ids.update(
            inspection.mechanism.memberships.current().values_list("unit_id", flat=True)
        )
    notifications_send_to_units(
        unit_ids=unit_ids,
        kind=Notification.Kind.CIRCULAR,
        title=f"督查通报：{circular.title}",
        link=f"/inspections/{inspection.pk}/circular/",
        dedup_key=f"circular:{circular.pk}:issued",
    )
    return circular


def rectification_reminders_send(today: datetime.date | None = None) -> int:
    """Tell each responsible unit once that a rectification item is due soon, due today, and
    overdue (a periodic job, like the rounds' reminders)."""
    today = today or timezone.localdate()
    sent = 0
    waiting = Rectification.objects.filter(
        status__in=Rectification.OPEN_STATUSES,
        due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    ).select_related("finding")
    for rectification in waiting:
        kind, heading = deadline_reminder(
            rectification.due_date,
            today,
            soon="距整改时限还有{days}天",
            due="今日为整改时限",
            late="整改已逾期{days}天",
        )
        sent += notifications_send_to_units(
            unit_ids={rectification.responsible_unit_id},
            kind=kind,
            title=f"{heading}：{rectification.finding.title}",
            body=f"整改时限 {rectification.due_date:%Y-%m-%d}。整改措施：{rectification.measures}",
            link=_finding_link(rectification.finding),
            dedup_key=f"rectification:{rectification.pk}:{kind}:{rectification.reopen_count}",
        )
    return sent

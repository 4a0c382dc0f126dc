"""Inspections (督查): campaigns, findings per unit, rectification, close-out and the circular."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.evidence import EvidenceFile
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import PolicyDocument, Task
from zhenxing.projects.models import Project


class Inspection(models.Model):
    """An inspection campaign: what it covers, the period inspected and the team."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("督查中")
        CONCLUDED = "concluded", _("已结束")

    STATUS_COLOURS = {Status.IN_PROGRESS: "blue", Status.CONCLUDED: "grey"}

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    title = models.CharField(_("督查名称"), max_length=200)
    basis = models.TextField(_("督查依据和内容"), blank=True)
    period_start = models.DateField(_("督查期间开始"))
    period_end = models.DateField(_("督查期间结束"))
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    team_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督查组组长"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督查组成员"),
        blank=True,
        related_name="inspection_teams",
    )
    scope_policies = models.ManyToManyField(
        PolicyDocument, verbose_name=_("督查政策"), blank=True, related_name="inspections"
    )
    scope_tasks = models.ManyToManyField(
        Task, verbose_name=_("督查任务"), blank=True, related_name="inspections"
    )
    scope_projects = models.ManyToManyField(
        Project, verbose_name=_("督查项目"), blank=True, related_name="inspections"
    )
    scope_units = models.ManyToManyField(
        Unit, verbose_name=_("督查单位"), blank=True, related_name="inspections"
    )
    scope_regions = models.ManyToManyField(
        Region, verbose_name=_("督查地区"), blank=True, related_name="inspections"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督查")
        verbose_name_plural = _("督查")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="inspection_period_end_after_start",
                violation_error_message=_("督查期间结束不能早于开始。"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")


class FindingQuerySet(models.QuerySet):
    def concerning(self, unit: Unit):
        """Findings issued to a unit or with a rectification item it is responsible for."""
        return self.filter(
            Q(unit=unit)
            | Q(unit__parent=unit)
            | Q(rectifications__responsible_unit=unit)
            | Q(rectifications__responsible_unit__parent=unit)
        ).distinct()


class Finding(models.Model):
    """A problem an inspection found in one unit's work (问题清单)."""

    class Severity(models.TextChoices):
        GENERAL = "general", _("一般")
        SERIOUS = "serious", _("较重")
        GRAVE = "grave", _("严重")

    SEVERITY_COLOURS = {Severity.GENERAL: "grey", Severity.SERIOUS: "yellow", Severity.GRAVE: "red"}

    class Status(models.TextChoices):
        OPEN = "open", _("整改中")
        CLOSED = "closed", _("已销号")

    STATUS_COLOURS = {Status.OPEN: "yellow", Status.CLOSED: "green"}

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("督查"), on_delete=models.CASCADE, related_name="findings"
    )
    position = models.PositiveIntegerField(_("序号"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("被督查单位"), on_delete=models.PROTECT, related_name="findings"
    )
    title = models.CharField(_("问题"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    severity = models.CharField(
        _("严重程度"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("涉及任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    policy_document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("涉及政策"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("涉及项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("涉及地区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    issued_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("督查问题")
        verbose_name_plural = _("督查问题")
        ordering = ["inspection", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "position"],
                name="finding_unique_position",
                violation_error_message=_("问题序号重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    @property
    def severity_colour(self) -> str:
        return self.SEVERITY_COLOURS.get(self.severity, "grey")


class Rectification(models.Model):
    """A rectification item (整改): measures, deadline and the unit responsible."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待整改")
        REPORTED = "reported", _("待核查")
        CLOSED = "closed", _("已销号")
        REOPENED = "reopened", _("重新整改")

    STATUS_COLOURS = {
        Status.PENDING: "blue",
        Status.REPORTED: "yellow",
        Status.CLOSED: "green",
        Status.REOPENED: "red",
    }
    OPEN_STATUSES = (Status.PENDING, Status.REOPENED)

    finding = models.ForeignKey(
        Finding, verbose_name=_("督查问题"), on_delete=models.CASCADE, related_name="rectifications"
    )
    measures = models.TextField(_("整改措施"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="rectifications"
    )
    due_date = models.DateField(_("整改时限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reopen_count = models.PositiveSmallIntegerField(_("重新整改次数"), default=0)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["finding", "id"]

    def __str__(self) -> str:
        return f"{self.finding} · {self.responsible_unit.display_name}"

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    @property
    def awaits_report(self) -> bool:
        return self.status in self.OPEN_STATUSES


class RectificationReport(models.Model):
    """What the responsible unit reported on a rectification item, each time it reported."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="reports"
    )
    text = models.TextField(_("整改情况"))
    completed = models.BooleanField(_("已完成整改"), default=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报告人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报告时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改报告")
        verbose_name_plural = _("整改报告")
        ordering = ["rectification", "reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.rectification} {self.reported_at:%Y-%m-%d}"


def attachment_path(instance, filename):
    return f"rectification/{instance.report.rectification_id}/{instance.report_id}/{filename}"


class RectificationAttachment(EvidenceFile):
    """A file attached to a rectification report as evidence (the same checks as a progress
    report's evidence: lib.evidence)."""

    report = models.ForeignKey(
        RectificationReport,
        verbose_name=_("整改报告"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("整改佐证材料")
        verbose_name_plural = _("整改佐证材料")
        ordering = ["report", "uploaded_at", "id"]


class Verification(models.Model):
    """An inspector's check of a reported rectification: closed out (销号) or reopened."""

    class Outcome(models.TextChoices):
        CLOSED = "closed", _("核查通过，予以销号")
        REOPENED = "reopened", _("核查未通过，重新整改")

    OUTCOME_COLOURS = {Outcome.CLOSED: "green", Outcome.REOPENED: "red"}

    rectification = models.ForeignKey(
        Rectification,
        verbose_name=_("整改事项"),
        on_delete=models.CASCADE,
        related_name="verifications",
    )
    outcome = models.CharField(_("核查结论"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("核查意见"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("核查时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("整改核查")
        verbose_name_plural = _("整改核查")
        ordering = ["rectification", "verified_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="reopened") | ~Q(note=""),
                name="verification_reopen_needs_note",
                violation_error_message=_("重新整改须写明核查意见。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rectification} {self.get_outcome_display()}"


class Circular(models.Model):
    """通报: the results of an inspection, issued to all units."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已印发")

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.ISSUED: "green"}

    inspection = models.OneToOneField(
        Inspection, verbose_name=_("督查"), on_delete=models.CASCADE, related_name="circular"
    )
    title = models.CharField(_("通报标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    introduction = models.TextField(_("总体情况"), blank=True)
    conclusion = models.TextField(_("下一步要求"), blank=True)
    issuer = models.CharField(_("发文机关"), max_length=120, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("印发人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("督查通报")
        verbose_name_plural = _("督查通报")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="issued") | Q(issued_on__isnull=False),
                name="circular_issued_has_date",
                violation_error_message=_("已印发的通报须有印发日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

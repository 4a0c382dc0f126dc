"""Coordination matters (协调事项): raised, routed to the units asked, answered, confirmed or
escalated up the ladder secretariat → joint meeting → leading group."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.projects.models import Project
from zhenxing.rounds.models import CoordinationNeed


class Level(models.TextChoices):
    """The escalation ladder: who is working on a matter now."""

    SECRETARIAT = "secretariat", _("秘书处协调")
    JOINT_MEETING = "joint_meeting", _("联席会议研究")
    LEADING_GROUP = "leading_group", _("领导小组研究")


LEVEL_COLOURS = {
    Level.SECRETARIAT: "blue",
    Level.JOINT_MEETING: "yellow",
    Level.LEADING_GROUP: "red",
}
LADDER = [Level.SECRETARIAT, Level.JOINT_MEETING, Level.LEADING_GROUP]


class CoordinationMatterQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=CoordinationMatter.OPEN_STATUSES)

    def concerning(self, unit: Unit):
        """Matters a unit raised or was asked to act on (its departments count as the unit)."""
        return self.filter(
            Q(raised_by_unit=unit)
            | Q(raised_by_unit__parent=unit)
            | Q(requests__unit=unit)
            | Q(requests__unit__parent=unit)
        ).distinct()

    def awaiting_decision(self, level: str = Level.JOINT_MEETING):
        return self.filter(status=CoordinationMatter.Status.AWAITING_DECISION, level=level)


class CoordinationMatter(models.Model):
    """A matter that needs other units' support or several units acting together."""

    class Category(models.TextChoices):
        INSTITUTIONAL_INNOVATION = "institutional_innovation", _("体制机制创新")
        OPENING_UP = "opening_up", _("对外开放合作")
        MAJOR_PROJECT = "major_project", _("重大项目建设")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待分办")
        IN_PROGRESS = "in_progress", _("办理中")
        RESPONDED = "responded", _("待确认")
        DISPUTED = "disputed", _("有异议")
        AWAITING_DECISION = "awaiting_decision", _("待研究决定")
        DECIDED = "decided", _("已议定")
        RESOLVED = "resolved", _("已解决")
        CLOSED = "closed", _("已办结")

    STATUS_COLOURS = {
        Status.SUBMITTED: "grey",
        Status.IN_PROGRESS: "blue",
        Status.RESPONDED: "blue",
        Status.DISPUTED: "red",
        Status.AWAITING_DECISION: "yellow",
        Status.DECIDED: "green",
        Status.RESOLVED: "green",
        Status.CLOSED: "grey",
    }
    OPEN_STATUSES = (
        Status.SUBMITTED,
        Status.IN_PROGRESS,
        Status.RESPONDED,
        Status.DISPUTED,
        Status.AWAITING_DECISION,
    )
    Level = Level
    LEVEL_COLOURS = LEVEL_COLOURS

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.PROTECT,
        related_name="coordination_matters",
    )
    code = models.CharField(_("编号"), max_length=20)
    title = models.CharField(_("事项名称"), max_length=200)
    description = models.TextField(_("事项内容"))
    category = models.CharField(_("类别"), max_length=30, choices=Category.choices)
    raised_by_unit = models.ForeignKey(
        Unit, verbose_name=_("提出单位"), on_delete=models.PROTECT, related_name="raised_matters"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    proposed_units = models.ManyToManyField(
        Unit, verbose_name=_("建议协调单位"), blank=True, related_name="+"
    )
    response_due_date = models.DateField(_("答复期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    level = models.CharField(
        _("协调层级"), max_length=20, choices=Level.choices, default=Level.SECRETARIAT
    )
    tasks = models.ManyToManyField(
        Task, verbose_name=_("相关任务"), blank=True, related_name="coordination_matters"
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("相关项目"), blank=True, related_name="coordination_matters"
    )
    source_need = models.OneToOneField(
        CoordinationNeed,
        verbose_name=_("来源报送"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matter",
    )
    routed_at = models.DateTimeField(_("分办时间"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raiser_opinion = models.TextField(_("提出单位意见"), blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    resolution = models.TextField(_("办结情况"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    objects = CoordinationMatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("协调事项")
        verbose_name_plural = _("协调事项")
        ordering = ["-raised_at", "-id"]
        # The list's order: pages and API cursors read from it instead of sorting every matter.
        indexes = [models.Index(fields=["-raised_at", "-id"], name="matter_raised_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "code"],
                name="matter_code_unique_per_mechanism",
                violation_error_message=_("协调事项编号重复。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="disputed") | ~Q(raiser_opinion=""),
                name="matter_dispute_needs_opinion",
                violation_error_message=_("提出异议须写明意见。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(resolution=""),
                name="matter_closed_needs_resolution",
                violation_error_message=_("办结须写明办结情况。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    @property
    def level_colour(self) -> str:
        return LEVEL_COLOURS.get(self.level, "grey")

    @property
    def next_level(self) -> str | None:
        position = LADDER.index(self.level)
        return LADDER[position + 1] if position + 1 < len(LADDER) else None


class MatterRequest(models.Model):
    """A unit asked to act on a matter, with its response deadline and its response."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待答复")
        RESPONDED = "responded", _("已答复")

    STATUS_COLOURS = {Status.PENDING: "blue", Status.RESPONDED: "green"}

    matter = models.ForeignKey(
        CoordinationMatter,
        verbose_name=_("协调事项"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("协调单位"), on_delete=models.PROTECT, related_name="matter_requests"
    )
    due_date = models.DateField(_("答复期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    response = models.TextField(_("答复意见"), blank=True)
    asked_at = models.DateTimeField(_("分办时间"), auto_now_add=True)
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("协调单位答复")
        verbose_name_plural = _("协调单位答复")
        ordering = ["matter", "unit__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "unit"],
                name="matter_request_one_per_unit",
                violation_error_message=_("该单位已在协调单位中。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="responded") | ~Q(response=""),
                name="matter_request_response_written",
                violation_error_message=_("答复须填写答复意见。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter.code} · {self.unit.display_name}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class Escalation(models.Model):
    """One step up the ladder, with the reason for it."""

    matter = models.ForeignKey(
        CoordinationMatter,
        verbose_name=_("协调事项"),
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    from_level = models.CharField(_("原层级"), max_length=20, choices=Level.choices)
    to_level = models.CharField(_("提级至"), max_length=20, choices=Level.choices)
    reason = models.TextField(_("提级理由"))
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("提级时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提级记录")
        verbose_name_plural = _("提级记录")
        ordering = ["matter", "escalated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="escalation_needs_reason",
                violation_error_message=_("提级须写明理由。"),
            ),
            models.CheckConstraint(
                condition=~Q(from_level=models.F("to_level")),
                name="escalation_changes_level",
                violation_error_message=_("提级前后层级不能相同。"),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.matter.code}: {self.get_from_level_display()} → {self.get_to_level_display()}"
        )

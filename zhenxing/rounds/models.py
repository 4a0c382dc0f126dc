"""Reporting rounds (调度): who must report on which task, what they reported, how it was reviewed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.evidence import EvidenceFile
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import DivisionPlan, Task


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    HALF_YEAR = "half_year", _("半年")
    YEAR = "year", _("年度")
    AD_HOC = "ad_hoc", _("专项")


class RoundSchedule(models.Model):
    """A recurring round: opened automatically for each period of a plan (see `rounds open-scheduled`)."""

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.CASCADE,
        related_name="round_schedules",
    )
    plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("分工方案"),
        on_delete=models.CASCADE,
        related_name="round_schedules",
    )
    period_kind = models.CharField(_("周期"), max_length=10, choices=PeriodKind.choices)
    days_after_period_end = models.PositiveSmallIntegerField(_("期末后报送天数"), default=10)
    instructions = models.TextField(_("报送要求"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("定期调度")
        verbose_name_plural = _("定期调度")
        ordering = ["plan", "period_kind"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_period_kind_display()}"


class ReportingRound(models.Model):
    """One collection of progress reports for a period, over a set of tasks, due by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    STATUS_COLOURS = {Status.OPEN: "blue", Status.CLOSED: "grey"}

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    schedule = models.ForeignKey(
        RoundSchedule,
        verbose_name=_("定期调度"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
    )
    title = models.CharField(_("名称"), max_length=200)
    period_kind = models.CharField(_("周期"), max_length=10, choices=PeriodKind.choices)
    period_label = models.CharField(_("期间"), max_length=20)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    due_date = models.DateField(_("报送截止日期"))
    instructions = models.TextField(_("报送要求"), blank=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("调度任务"), related_name="rounds", blank=True
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("调度")
        verbose_name_plural = _("调度")
        ordering = ["-due_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="round_period_end_after_start",
                violation_error_message=_("期间结束不能早于开始。"),
            ),
            models.UniqueConstraint(
                fields=["schedule", "period_label"],
                condition=Q(schedule__isnull=False),
                name="round_once_per_scheduled_period",
                violation_error_message=_("该期间的定期调度已发起。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SubmissionQuerySet(models.QuerySet):
    def of_unit(self, unit: Unit):
        """A unit's own submissions (its departments' count as the unit's)."""
        return self.filter(Q(unit=unit) | Q(unit__parent=unit))


class Submission(models.Model):
    """A unit's progress report on one task in one round (lead or participating)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("未报送")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        RESUBMITTED = "resubmitted", _("已重新报送")
        ACCEPTED = "accepted", _("已采用")

    STATUS_COLOURS = {
        Status.DRAFT: "grey",
        Status.SUBMITTED: "blue",
        Status.RETURNED: "red",
        Status.RESUBMITTED: "blue",
        Status.ACCEPTED: "green",
    }
    WAITING_FOR_REVIEW = (Status.SUBMITTED, Status.RESUBMITTED)
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", _("未启动")
        ON_TRACK = "on_track", _("正常推进")
        AT_RISK = "at_risk", _("存在风险")
        DELAYED = "delayed", _("滞后")
        COMPLETED = "completed", _("已完成")

    PROGRESS_COLOURS = {
        Progress.NOT_STARTED: "grey",
        Progress.ON_TRACK: "green",
        Progress.AT_RISK: "yellow",
        Progress.DELAYED: "red",
        Progress.COMPLETED: "green",
    }

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        PARTICIPANT = "participant", _("参加单位")

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("调度"), on_delete=models.CASCADE, related_name="submissions"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="submissions"
    )
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    progress_status = models.CharField(
        _("进展状态"), max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    progress = models.TextField(_("进展情况"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步工作"), blank=True)
    figures = models.JSONField(_("数据"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    draft_saved_at = models.DateTimeField(_("草稿保存时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    return_count = models.PositiveSmallIntegerField(_("退回次数"), default=0)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展报送")
        verbose_name_plural = _("进展报送")
        ordering = ["round", "task__position", "role", "unit__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "task", "unit"],
                name="submission_one_per_round_task_unit",
                violation_error_message=_("该单位在本次调度中已有此任务的报送。"),
            )
        ]
        indexes = [models.Index(fields=["round", "status"], name="submission_round_status_idx")]

    def __str__(self) -> str:
        return f"{self.round} · {self.task.code} · {self.unit.display_name}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE and self.round.is_open

    @property
    def on_time(self) -> bool | None:
        if self.first_submitted_at is None:
            return None
        # The due date is a local date: 03:00 in Beijing the next day is late, whatever UTC says.
        return timezone.localdate(self.first_submitted_at) <= self.round.due_date


class SubmissionSnapshot(models.Model):
    """What a unit submitted, exactly, each time it submitted: never altered."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("报送"), on_delete=models.CASCADE, related_name="snapshots"
    )
    number = models.PositiveSmallIntegerField(_("次序"))
    content = models.JSONField(_("报送内容"))
    submitted_at = models.DateTimeField(_("报送时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报送存档")
        verbose_name_plural = _("报送存档")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"],
                name="snapshot_unique_number",
                violation_error_message=_("存档次序重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} #{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Submitted content is never altered.")
        super().save(*args, **kwargs)


class ReviewEvent(models.Model):
    """One step of a submission's life: saved, submitted, returned, accepted — who and when."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("报送")
        RESUBMIT = "resubmit", _("重新报送")
        RETURN = "return", _("退回")
        ACCEPT = "accept", _("采用")

    submission = models.ForeignKey(
        Submission, verbose_name=_("报送"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("动作"), max_length=10, choices=Action.choices)
    note = models.TextField(_("说明"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["submission", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"


def evidence_path(instance, filename):
    return f"evidence/{instance.submission.round_id}/{instance.submission_id}/{filename}"


class Evidence(EvidenceFile):
    """A file attached to a submission as evidence (size-limited, type-checked)."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("报送"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["submission", "uploaded_at"]


class CoordinationNeed(models.Model):
    """A matter needing coordination raised in a report, kept for the coordination work."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("报送"),
        on_delete=models.CASCADE,
        related_name="coordination_needs",
    )
    description = models.TextField(_("需协调事项"))
    units_asked = models.ManyToManyField(
        Unit, verbose_name=_("需协调单位"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("需协调事项")
        verbose_name_plural = _("需协调事项")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class ExtensionRequest(models.Model):
    """A unit asks for a new deadline before the old one passes; the secretariat decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("不同意")

    STATUS_COLOURS = {Status.PENDING: "yellow", Status.APPROVED: "green", Status.REFUSED: "red"}

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("申请单位"), on_delete=models.PROTECT, related_name="+"
    )
    current_due_date = models.DateField(_("原截止日期"))
    requested_due_date = models.DateField(_("申请截止日期"))
    reason = models.TextField(_("申请理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_due_date__gt=models.F("current_due_date")),
                name="extension_later_than_current",
                violation_error_message=_("申请的截止日期应晚于原截止日期。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.current_due_date} → {self.requested_due_date}"


class Assessment(models.Model):
    """An assessor's own rating of a task, kept apart from the computed colour."""

    class Rating(models.TextChoices):
        GREEN = "green", _("绿灯")
        YELLOW = "yellow", _("黄灯")
        RED = "red", _("红灯")

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="assessments"
    )
    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("调度"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    rating = models.CharField(_("评价"), max_length=8, choices=Rating.choices)
    reason = models.TextField(_("理由"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评价")
        verbose_name_plural = _("评价")
        ordering = ["task", "-assessed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(rating="red") | ~Q(reason=""),
                name="assessment_red_needs_reason",
                violation_error_message=_("评为红灯须写明理由。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.get_rating_display()}"


class CloseOut(models.Model):
    """销号: the secretariat accepted the evidence that a task is complete."""

    task = models.OneToOneField(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="close_out"
    )
    submission = models.ForeignKey(
        Submission, verbose_name=_("依据报送"), on_delete=models.PROTECT, related_name="close_outs"
    )
    note = models.TextField(_("销号意见"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("销号时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("销号")
        verbose_name_plural = _("销号")
        ordering = ["-closed_at"]

    def __str__(self) -> str:
        return f"{self.task.code} 销号"


class Chase(models.Model):
    """催报: the secretariat chased a unit for its outstanding reports in a round, there and
    then (once per unit and day), instead of waiting for the reminder timer."""

    round = models.ForeignKey(
        ReportingRound, verbose_name=_("调度"), on_delete=models.CASCADE, related_name="chases"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("被催报单位"), on_delete=models.PROTECT, related_name="chases"
    )
    chased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催报人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chased_on = models.DateField(_("催报日期"))
    chased_at = models.DateTimeField(_("催报时间"), auto_now_add=True)
    outstanding = models.PositiveIntegerField(_("未报份数"))
    recipients = models.PositiveIntegerField(_("通知人数"))

    class Meta:
        verbose_name = _("催报")
        verbose_name_plural = _("催报")
        ordering = ["-chased_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "chased_on"],
                name="chase_once_per_unit_per_day",
                violation_error_message=_("今日已催报该单位。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} 催报 {self.unit}"

"""A unit's report on a task in a round, its snapshots, review events, evidence and the coordination needs it raises."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhenxing.lib.evidence import EvidenceFile
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.rounds.models.rounds import ReportingRound


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

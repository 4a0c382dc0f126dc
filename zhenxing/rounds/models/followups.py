"""What follows a report: deadline extensions, assessments, close-out of a task, chasing late units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task
from zhenxing.rounds.models.rounds import ReportingRound
from zhenxing.rounds.models.submissions import Submission


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

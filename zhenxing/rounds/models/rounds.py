"""Reporting rounds and their schedules: when units report, for which period."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
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

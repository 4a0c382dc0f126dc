"""Pilots and demonstration zones (试点示范, seed 003 §11, §16, §22, §23): each with its type,
approving document, region and period, the tasks it carries (tasks of a division plan), its
projects (in the project library), the indicators whose figures follow it, and its
evaluations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenxing.indicators.models import Indicator
from zhenxing.lib import grades
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region
from zhenxing.policies.models import Task
from zhenxing.projects.models import Project


class Pilot(models.Model):
    class Kind(models.TextChoices):
        REFORM = "reform", _("改革试验区")
        NEW_AREA = "new_area", _("国家级新区")
        FREE_TRADE = "free_trade", _("自由贸易试验区")
        COOPERATION = "cooperation", _("国际合作示范区")
        TRANSFORMATION = "transformation", _("转型发展示范区")
        INNOVATION = "innovation", _("创新示范区")

    name = models.CharField(_("名称"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    document_title = models.CharField(_("批复文件"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    approved_on = models.DateField(_("批复日期"), null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="pilots"
    )
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    last_year = models.PositiveSmallIntegerField(_("截止年份"), null=True, blank=True)
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilots",
    )
    goals = models.TextField(_("主要任务"), blank=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("分工任务"), related_name="pilots", blank=True
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("项目"), related_name="pilots", blank=True
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("指标"), related_name="pilots", blank=True
    )
    source_url = models.URLField(_("来源地址"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("试点示范")
        verbose_name_plural = _("试点示范")
        ordering = ["kind", "first_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_year__isnull=True)
                | models.Q(last_year__gte=models.F("first_year")),
                name="pilot_period_in_order",
                violation_error_message=_("截止年份不能早于起始年份。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def period_label(self) -> str:
        return f"{self.first_year}—{self.last_year or ''}"


class PilotEvaluation(models.Model):
    """An evaluation of a pilot's progress (annual, mid-term or final)."""

    Grade = grades.Grade
    GRADE_COLOURS = grades.GRADE_COLOURS

    pilot = models.ForeignKey(
        Pilot, verbose_name=_("试点示范"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices)
    text = models.TextField(_("评价意见"), blank=True)

    class Meta:
        verbose_name = _("试点评估")
        verbose_name_plural = _("试点评估")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "year"],
                name="pilot_evaluation_one_a_year",
                violation_error_message=_("该年度已有评估。"),
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=100),
                name="pilot_evaluation_score_within_hundred",
                violation_error_message=_("得分应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {self.year}"

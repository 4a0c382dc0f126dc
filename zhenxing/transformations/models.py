"""Transformation evaluation of resource-exhausted cities (资源枯竭城市转型绩效评价, seed 003
§22): the indicator set (weighted, each higher- or lower-is-better, in groups), an annual
evaluation of the mechanism's resource-exhausted cities (programmes' designations) and the
values entered for each city; scores and ranks are computed from the values (selectors)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region


class EvaluationIndicator(models.Model):
    """One indicator of the evaluation set, with its weight (points out of 100)."""

    class Group(models.TextChoices):
        ECONOMY = "economy", _("经济发展")
        TRANSFORMATION = "transformation", _("转型动力")
        LIVELIHOOD = "livelihood", _("民生保障")
        ENVIRONMENT = "environment", _("资源环境")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("越高越好")
        LOWER = "lower", _("越低越好")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("指标"), max_length=100)
    group = models.CharField(_("方面"), max_length=16, choices=Group.choices)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    direction = models.CharField(_("方向"), max_length=8, choices=Direction.choices)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    source = models.TextField(_("来源"), blank=True)

    class Meta:
        verbose_name = _("评价指标")
        verbose_name_plural = _("评价指标")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100),
                name="evaluation_indicator_weight_within_hundred",
                violation_error_message=_("权重应大于0且不超过100。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Evaluation(models.Model):
    """The evaluation of one year in one mechanism: drafted by the secretariat, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("评分中")
        PUBLISHED = "published", _("已发布")

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.PUBLISHED: "green"}

    year = models.PositiveSmallIntegerField(_("评价年度"))
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transformation_evaluations",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("转型绩效评价")
        verbose_name_plural = _("转型绩效评价")
        ordering = ["-year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "year"],
                name="transformation_evaluation_one_a_year",
                violation_error_message=_("本工作机制该年度已有评价。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年资源枯竭城市转型绩效评价"


class EvaluationValue(models.Model):
    """The value of one indicator for one city in one evaluation."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("评价"), on_delete=models.CASCADE, related_name="values"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("城市"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        EvaluationIndicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = _("评价数值")
        verbose_name_plural = _("评价数值")
        ordering = ["evaluation", "region__code", "indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "region", "indicator"],
                name="evaluation_value_once_per_city_and_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation.year} {self.region.name} {self.indicator.code}"

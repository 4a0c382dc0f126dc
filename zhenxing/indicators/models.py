"""Results: the indicator catalogue, observations by region and period with their vintages and
provenance, annual targets with a trajectory, and warning rules kept as data."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region


class Aggregation(models.TextChoices):
    """The roll-up rule of a target split among regions (the indicator's measure decides it)."""

    SUM = "sum", _("求和（下级合计）")
    WEIGHTED_MEAN = "weighted_mean", _("加权平均（按权数）")


class Indicator(models.Model):
    """One measured quantity of the catalogue: GDP, its growth, fixed-asset investment, …"""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("月度")
        QUARTERLY = "quarterly", _("季度")
        ANNUAL = "annual", _("年度")
        CUMULATIVE = "cumulative", _("年内累计")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("越高越好")
        LOWER_IS_BETTER = "lower", _("越低越好")

    class Measure(models.TextChoices):
        LEVEL = "level", _("总量")
        GROWTH = "growth", _("增速（%）")
        SHARE = "share", _("比重（%）")
        COUNT = "count", _("数量")

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    english_name = models.CharField(_("英文名称"), max_length=150, blank=True)
    unit = models.CharField(_("计量单位"), max_length=20, help_text=_("如 亿元、%、个、万人"))
    measure = models.CharField(_("口径"), max_length=10, choices=Measure.choices)
    frequency = models.CharField(_("频率"), max_length=12, choices=Frequency.choices)
    direction = models.CharField(
        _("方向"), max_length=8, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER
    )
    definition = models.TextField(_("定义"), blank=True)
    source = models.CharField(_("数据来源"), max_length=200, blank=True)
    keywords = models.CharField(
        _("识别关键词"),
        max_length=200,
        blank=True,
        help_text=_("以顿号分隔，用于从文本和分工方案中识别该指标，如 地区生产总值、GDP"),
    )
    position = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["position", "code"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    @property
    def aggregation(self) -> str:
        """How regions' figures of this indicator roll up (targets and actuals): levels and
        counts add up; rates (growth, shares) cannot, so they take a weighted mean."""
        if self.measure in (self.Measure.GROWTH, self.Measure.SHARE):
            return Aggregation.WEIGHTED_MEAN
        return Aggregation.SUM

    def get_aggregation_display(self) -> str:
        return Aggregation(self.aggregation).label

    def keyword_list(self) -> list[str]:
        words = [self.name] + [w.strip() for w in self.keywords.replace(",", "、").split("、")]
        return [word for word in words if word]


class Observation(models.Model):
    """A value of an indicator for a region (none: the whole country) and a period, as one source
    gave it at one time. Revisions are new rows: the newest is current, the others its history."""

    class Vintage(models.TextChoices):
        PRELIMINARY = "preliminary", _("初步数")
        REVISED = "revised", _("修订数")
        FINAL = "final", _("最终数")

    class SourceKind(models.TextChoices):
        STATISTICS_TABLE = "statistics_table", _("统计报表")
        UNIT_REPORT = "unit_report", _("单位报送")
        TEXT = "text", _("新闻或报告文本")
        MANUAL = "manual", _("手工录入")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="observations",
        help_text=_("留空表示全国"),
    )
    period = models.CharField(
        _("期间"), max_length=20, help_text=_("2026、2026Q3、2026-09、2026-01/2026-09")
    )
    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    vintage = models.CharField(
        _("数据版本"), max_length=12, choices=Vintage.choices, default=Vintage.PRELIMINARY
    )
    is_current = models.BooleanField(_("当前值"), default=True)
    source_kind = models.CharField(_("来源类型"), max_length=20, choices=SourceKind.choices)
    source_reference = models.CharField(_("来源"), max_length=300, blank=True)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    source_sentence = models.TextField(_("原文语句"), blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        ordering = ["indicator", "region", "period_start", "-recorded_at"]
        indexes = [
            models.Index(
                fields=["indicator", "period_end", "region"],
                condition=Q(is_current=True),
                name="observation_current_idx",
            ),
            models.Index(
                fields=["indicator", "region", "period", "-recorded_at"],
                name="observation_history_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"],
                condition=Q(is_current=True, region__isnull=False),
                name="observation_one_current_per_region",
                violation_error_message=_("同一指标、地区和期间只能有一个当前值。"),
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(is_current=True, region__isnull=True),
                name="observation_one_current_national",
                violation_error_message=_("同一指标和期间的全国数据只能有一个当前值。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="observation_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.region_name} {self.period}：{self.value}"

    @property
    def region_name(self) -> str:
        return self.region.name if self.region_id else str(_("全国"))


class Target(models.Model):
    """An annual target for an indicator in a region (none: national), with the task that set it."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("以上")
        ABOUT = "about", _("左右")
        AT_MOST = "at_most", _("以内")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        CONFIRMED = "confirmed", _("已确认")

    STATUS_COLOURS = {Status.PROPOSED: "yellow", Status.CONFIRMED: "green"}

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    year = models.PositiveIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4)
    comparison = models.CharField(
        _("表述"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source_task = models.ForeignKey(
        "policies.Task",
        verbose_name=_("设定目标的任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicator_targets",
    )
    source_text = models.CharField(_("原文"), max_length=500, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级目标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("由上级目标分解而来时，指向上级目标"),
    )
    mechanism = models.ForeignKey(
        "mechanisms.Mechanism",
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicator_targets",
        help_text=_("负责该目标并可继续分解的工作机制；留空表示国家级"),
    )
    weight = models.DecimalField(
        _("权数"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("速度、比重类指标加权平均时的权数，如基期地区生产总值"),
    )

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        ordering = ["-year", "indicator", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year"],
                condition=Q(region__isnull=False),
                name="target_one_per_region_year",
                violation_error_message=_("该指标在该地区该年度已有目标。"),
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(region__isnull=True),
                name="target_one_national_per_year",
                violation_error_message=_("该指标该年度已有全国目标。"),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="target_not_own_parent",
                violation_error_message=_("目标不能是自己的上级目标。"),
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gt=0),
                name="target_weight_positive",
                violation_error_message=_("权数应大于零。"),
            ),
        ]

    def __str__(self):
        region = self.region.name if self.region_id else _("全国")
        return f"{self.year}年 {region} {self.indicator.name} {self.value:g}{self.get_comparison_display()}"

    def milestone_for(self, period: str) -> Decimal | None:
        for milestone in self.milestones.all():
            if milestone.period == period:
                return milestone.value
        return None


class TargetMilestone(models.Model):
    """The value a target expects by the end of a period within its year (its trajectory)."""

    target = models.ForeignKey(
        Target, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="milestones"
    )
    period = models.CharField(_("期间"), max_length=20)
    value = models.DecimalField(_("进度值"), max_digits=20, decimal_places=4)

    class Meta:
        verbose_name = _("目标进度")
        verbose_name_plural = _("目标进度")
        ordering = ["target", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "period"], name="target_milestone_one_per_period"
            )
        ]

    def __str__(self):
        return f"{self.period}：{self.value:g}"


class WarningRule(models.Model):
    """A rule that lights an indicator yellow or red for a region (kept as data, editable)."""

    class Kind(models.TextChoices):
        BELOW_TRAJECTORY = "below_trajectory", _("低于目标进度")
        CONSECUTIVE_DECLINE = "consecutive_decline", _("连续下降")
        NATIONAL_GAP_WIDENING = "national_gap_widening", _("与全国差距扩大")

    class Colour(models.TextChoices):
        YELLOW = "yellow", _("黄灯")
        RED = "red", _("红灯")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("规则类型"), max_length=24, choices=Kind.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="warning_rules",
        help_text=_("留空表示适用于全部指标"),
    )
    threshold = models.DecimalField(
        _("阈值"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        help_text=_("低于目标进度：差距（百分点或单位值）；连续下降：期数；差距扩大：百分点"),
    )
    colour = models.CharField(_("灯色"), max_length=8, choices=Colour.choices)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["kind", "threshold"]

    def __str__(self):
        return self.name


class AnalysisNote(models.Model):
    """The analysis paragraph for an indicator, region and period, drafted from the figures and
    edited by the secretariat before it goes into a report."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="analysis_notes"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="analysis_notes",
    )
    period = models.CharField(_("期间"), max_length=20)
    text = models.TextField(_("分析内容"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编辑人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("编辑时间"), auto_now=True)

    class Meta:
        verbose_name = _("运行分析")
        verbose_name_plural = _("运行分析")
        ordering = ["-edited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period"],
                condition=Q(region__isnull=False),
                name="analysis_note_one_per_region_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(region__isnull=True),
                name="analysis_note_one_national_per_period",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} {self.period}"

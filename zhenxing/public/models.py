"""What a mechanism publishes on the open-data site (/open/): one row per dataset chosen."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.policies.models import DivisionPlan


class Publication(models.Model):
    """A dataset a mechanism has chosen to publish; nothing without a row here is shown."""

    class Dataset(models.TextChoices):
        MEMBERS = "members", _("成员单位和职责")
        PLAN = "plan", _("任务分工方案")
        PROGRESS = "progress", _("总体进展")
        PROJECTS = "projects", _("项目统计")
        INDICATORS = "indicators", _("主要指标")

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    dataset = models.CharField(_("公开内容"), max_length=12, choices=Dataset.choices)
    plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("分工方案"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publications",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
    )
    published_at = models.DateTimeField(_("公开时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开内容")
        verbose_name_plural = _("公开内容")
        ordering = ["mechanism", "dataset", "plan"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "dataset"],
                condition=Q(plan__isnull=True),
                name="publication_dataset_unique",
                violation_error_message=_("该内容已公开。"),
            ),
            models.UniqueConstraint(
                fields=["mechanism", "plan"],
                condition=Q(plan__isnull=False),
                name="publication_plan_unique",
                violation_error_message=_("该分工方案已公开。"),
            ),
            models.CheckConstraint(
                condition=Q(dataset="plan", plan__isnull=False)
                | (~Q(dataset="plan") & Q(plan__isnull=True)),
                name="publication_plan_only_for_plans",
                violation_error_message=_("只有分工方案一项须指明方案。"),
            ),
        ]

    def __str__(self) -> str:
        if self.plan_id:
            return f"{self.mechanism} · {self.plan}"
        return f"{self.mechanism} · {self.get_dataset_display()}"

"""Signing events: expos and fairs where investment projects are signed."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models.choices import MONEY


class SigningEvent(models.Model):
    """An expo, fair or promotion where investment projects were signed (博览会、洽谈会)."""

    class Kind(models.TextChoices):
        EXPO = "expo", _("博览会")
        FAIR = "fair", _("洽谈会")
        PROMOTION = "promotion", _("招商推介会")
        OTHER = "other", _("其他")

    name = models.CharField(_("活动名称"), max_length=200, unique=True)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.FAIR)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("举办地点"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("签约地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_events",
    )
    organiser = models.ForeignKey(
        Unit,
        verbose_name=_("组织单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_events",
    )
    announced_project_count = models.PositiveIntegerField(
        _("公布签约项目数"), null=True, blank=True
    )
    announced_amount = models.DecimalField(_("公布签约金额（元）"), null=True, blank=True, **MONEY)
    source = models.CharField(_("信息来源"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("签约活动")
        verbose_name_plural = _("签约活动")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="signing_event_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

"""Signed projects, followed from signature to production (the investment-attraction funnel)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models.choices import MONEY, Industry
from zhenxing.projects.models.events import SigningEvent
from zhenxing.projects.models.projects import Project


class SignedProject(models.Model):
    """A project signed at an event, followed from signature to production (招商引资 funnel)."""

    class Stage(models.TextChoices):
        SIGNED = "signed", _("签约")
        PERFORMED = "performed", _("履约")
        LANDED = "landed", _("落地")
        STARTED = "started", _("开工")
        FUNDED = "funded", _("资金到位")
        IN_PRODUCTION = "in_production", _("投产")

    STAGE_COLOURS = {
        Stage.SIGNED: "grey",
        Stage.PERFORMED: "blue",
        Stage.LANDED: "blue",
        Stage.STARTED: "yellow",
        Stage.FUNDED: "yellow",
        Stage.IN_PRODUCTION: "green",
    }
    # The date field recording when each step after signing was reached.
    STAGE_DATE_FIELDS = {
        Stage.PERFORMED: "performed_on",
        Stage.LANDED: "landed_on",
        Stage.STARTED: "started_on",
        Stage.FUNDED: "funded_on",
        Stage.IN_PRODUCTION: "in_production_on",
    }

    event = models.ForeignKey(
        SigningEvent,
        verbose_name=_("签约活动"),
        on_delete=models.PROTECT,
        related_name="signed_projects",
    )
    name = models.CharField(_("项目名称"), max_length=200)
    investor = models.CharField(_("签约企业"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("落地地区"),
        on_delete=models.PROTECT,
        related_name="signed_projects",
    )
    province_code = models.CharField(_("省级区划代码"), max_length=6, db_index=True, editable=False)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices, blank=True)
    signed_amount = models.DecimalField(_("签约金额（元）"), **MONEY)
    signed_on = models.DateField(_("签约日期"))
    stage = models.CharField(
        _("进展阶段"), max_length=14, choices=Stage.choices, default=Stage.SIGNED
    )
    performed_on = models.DateField(_("履约日期"), null=True, blank=True)
    landed_on = models.DateField(_("落地日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    funded_on = models.DateField(_("资金到位日期"), null=True, blank=True)
    in_production_on = models.DateField(_("投产日期"), null=True, blank=True)
    funds_in_place = models.DecimalField(_("到位资金（元）"), default=0, **MONEY)
    project = models.ForeignKey(
        Project,
        verbose_name=_("转化为库内项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signings",
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signed_projects",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("签约项目")
        verbose_name_plural = _("签约项目")
        ordering = ["event", "-signed_amount", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_amount__gte=0) & Q(funds_in_place__gte=0),
                name="signed_project_amounts_not_negative",
                violation_error_message=_("金额不能为负数。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_colour(self) -> str:
        return self.STAGE_COLOURS.get(self.stage, "grey")

    @classmethod
    def stages_reached_by(cls, stage: str) -> list[str]:
        """The stages a project at `stage` has passed through (its own included)."""
        order = list(cls.Stage)
        return order[: order.index(cls.Stage(stage)) + 1]

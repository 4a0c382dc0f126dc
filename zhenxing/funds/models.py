"""Central funds (中央资金, seed 003 §25, seed 004's four kinds of central-fund projects): the
programmes funds are issued under, the allocations by programme, region and year, the projects
an allocation funds (in the project library) and the disbursement its responsible unit reports
against it, period by period."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models import Project


class FundProgramme(models.Model):
    """A line of central money (中央预算内投资专项, a special transfer, a bond issue)."""

    class Kind(models.TextChoices):
        # Seed 004's "four types of central fund projects", named as local governments in the
        # Northeast name them; the seed itself does not list them.
        CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
        SPECIAL_TRANSFER = "special_transfer", _("中央财政专项转移支付")
        ULTRA_LONG_BONDS = "ultra_long_bonds", _("超长期特别国债")
        ADDITIONAL_BONDS = "additional_bonds", _("增发国债")

    name = models.CharField(_("名称"), max_length=120, unique=True)
    kind = models.CharField(_("资金类型"), max_length=24, choices=Kind.choices)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("资金专项")
        verbose_name_plural = _("资金专项")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Allocation(models.Model):
    """Money of a programme issued to a region for a year; its responsible unit reports how
    much of it has been disbursed."""

    programme = models.ForeignKey(
        FundProgramme,
        verbose_name=_("资金专项"),
        on_delete=models.PROTECT,
        related_name="allocations",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="fund_allocations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("下达金额（元）"), max_digits=16, decimal_places=2)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        on_delete=models.PROTECT,
        related_name="fund_allocations",
    )
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fund_allocations",
    )
    document_number = models.CharField(_("下达文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("下达日期"), null=True, blank=True)
    projects = models.ManyToManyField(
        Project, through="FundedProject", related_name="fund_allocations", blank=True
    )

    class Meta:
        verbose_name = _("资金下达")
        verbose_name_plural = _("资金下达")
        ordering = ["-year", "programme__kind", "region__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "region", "year"],
                name="allocation_one_per_programme_region_year",
                violation_error_message=_("该专项本年度已向该地区下达资金。"),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="allocation_amount_positive",
                violation_error_message=_("下达金额须大于零。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.programme} {self.region.name}"


class FundedProject(models.Model):
    """A project of the library that an allocation funds, with the share of it."""

    allocation = models.ForeignKey(
        Allocation, verbose_name=_("资金下达"), on_delete=models.CASCADE, related_name="funded"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="funded_by"
    )
    amount = models.DecimalField(_("安排金额（元）"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("资金支持项目")
        verbose_name_plural = _("资金支持项目")
        ordering = ["-amount", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "project"], name="funded_project_once_per_allocation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} · {self.project.name}"


class Disbursement(models.Model):
    """The responsible unit's report: how much of the allocation was disbursed (支出) in total
    by a date."""

    allocation = models.ForeignKey(
        Allocation,
        verbose_name=_("资金下达"),
        on_delete=models.CASCADE,
        related_name="disbursements",
    )
    as_of = models.DateField(_("截至日期"))
    disbursed = models.DecimalField(_("累计支出（元）"), max_digits=16, decimal_places=2)
    note = models.TextField(_("说明"), blank=True)
    reported_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("资金支出报告")
        verbose_name_plural = _("资金支出报告")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "as_of"],
                name="disbursement_one_per_date",
                violation_error_message=_("该日期的支出情况已报送。"),
            ),
            models.CheckConstraint(
                condition=models.Q(disbursed__gte=0),
                name="disbursement_not_negative",
                violation_error_message=_("累计支出不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} {self.as_of}"

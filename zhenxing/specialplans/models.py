"""Special plans (专项规划, seed 002): relocation (易地搬迁), ecological compensation (生态补偿)
and post-disaster recovery and reconstruction (灾后恢复重建). Each plan has its regions, period
and responsible unit, a division plan whose tasks go into the reporting rounds like any other,
projects of the project library, central-fund allocations and indicators; and, by kind, its own
figures: relocation sites with yearly figures, compensation agreements with yearly payments,
disasters and reconstruction projects with their progress. Money is stored in yuan."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zhenxing.funds.models import Allocation
from zhenxing.indicators.models import Indicator
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.projects.models import Project

MONEY = {"max_digits": 16, "decimal_places": 2}


class SpecialPlan(models.Model):
    """A special plan of one kind, approved by a document, for some regions and years."""

    class Kind(models.TextChoices):
        RELOCATION = "relocation", _("易地搬迁")
        ECOLOGICAL_COMPENSATION = "ecological_compensation", _("生态补偿")
        RECONSTRUCTION = "reconstruction", _("灾后恢复重建")

    class Status(models.TextChoices):
        DRAFT = "draft", _("编制中")
        IN_FORCE = "in_force", _("实施中")
        COMPLETED = "completed", _("已完成")

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.IN_FORCE: "blue", Status.COMPLETED: "green"}

    title = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    document_title = models.CharField(_("批复文件"), max_length=200, blank=True)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    approved_on = models.DateField(_("批复日期"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    last_year = models.PositiveSmallIntegerField(_("截止年份"))
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="special_plans"
    )
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="special_plans",
    )
    summary = models.TextField(_("主要内容"), blank=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("涉及地区"), related_name="special_plans"
    )
    division_plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("分工方案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="special_plans",
    )
    projects = models.ManyToManyField(
        Project, verbose_name=_("项目"), related_name="special_plans", blank=True
    )
    allocations = models.ManyToManyField(
        Allocation, verbose_name=_("中央资金"), related_name="special_plans", blank=True
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("指标"), related_name="special_plans", blank=True
    )

    class Meta:
        verbose_name = _("专项规划")
        verbose_name_plural = _("专项规划")
        ordering = ["kind", "-first_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="special_plan_period_in_order",
                violation_error_message=_("截止年份不能早于起始年份。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def period_label(self) -> str:
        return f"{self.first_year}—{self.last_year}"


class RelocationSite(models.Model):
    """A resettlement site (安置点) of a relocation plan, with what it is planned to take."""

    plan = models.ForeignKey(
        SpecialPlan, verbose_name=_("专项规划"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("安置点"), max_length=120)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在地区"),
        on_delete=models.PROTECT,
        related_name="relocation_sites",
    )
    households_planned = models.PositiveIntegerField(_("计划搬迁户数"))
    people_planned = models.PositiveIntegerField(_("计划搬迁人数"))
    funds_planned = models.DecimalField(_("计划投资（元）"), **MONEY)

    class Meta:
        verbose_name = _("安置点")
        verbose_name_plural = _("安置点")
        ordering = ["plan", "region__code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="relocation_site_name_once_per_plan",
                violation_error_message=_("该规划已有同名安置点。"),
            ),
            models.CheckConstraint(
                condition=Q(people_planned__gte=F("households_planned")),
                name="relocation_site_people_not_fewer_than_households",
                violation_error_message=_("计划搬迁人数不能少于户数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.name}"


class RelocationFigure(models.Model):
    """What a site achieved in one year: households and people moved in, homes built, people
    employed, money spent (the year's own figures, not running totals)."""

    site = models.ForeignKey(
        RelocationSite, verbose_name=_("安置点"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    households_moved = models.PositiveIntegerField(_("搬迁户数"))
    people_moved = models.PositiveIntegerField(_("搬迁人数"))
    homes_built = models.PositiveIntegerField(_("建成安置住房（套）"))
    people_employed = models.PositiveIntegerField(_("实现就业人数"))
    funds_spent = models.DecimalField(_("完成投资（元）"), **MONEY)
    note = models.TextField(_("说明"), blank=True)
    reported_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报送时间"), auto_now=True)

    class Meta:
        verbose_name = _("搬迁年度进展")
        verbose_name_plural = _("搬迁年度进展")
        ordering = ["site", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"],
                name="relocation_figure_one_a_year",
                violation_error_message=_("该安置点本年度进展已报送。"),
            ),
            models.CheckConstraint(
                condition=Q(funds_spent__gte=0),
                name="relocation_figure_funds_not_negative",
                violation_error_message=_("完成投资不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site.name} {self.year}"


class CompensationAgreement(models.Model):
    """An ecological compensation agreement: who pays whom, on what basis, how much a year."""

    plan = models.ForeignKey(
        SpecialPlan, verbose_name=_("专项规划"), on_delete=models.CASCADE, related_name="agreements"
    )
    name = models.CharField(_("协议名称"), max_length=200)
    payer_region = models.ForeignKey(
        Region, verbose_name=_("补偿方"), on_delete=models.PROTECT, related_name="+"
    )
    payer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("补偿方单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver_region = models.ForeignKey(
        Region, verbose_name=_("受偿方"), on_delete=models.PROTECT, related_name="+"
    )
    receiver_unit = models.ForeignKey(
        Unit,
        verbose_name=_("受偿方单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    basis = models.TextField(_("补偿依据"))
    annual_amount = models.DecimalField(_("年度补偿金额（元）"), **MONEY)
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    last_year = models.PositiveSmallIntegerField(_("截止年份"))

    class Meta:
        verbose_name = _("生态补偿协议")
        verbose_name_plural = _("生态补偿协议")
        ordering = ["plan", "first_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(payer_region=F("receiver_region")),
                name="compensation_payer_is_not_receiver",
                violation_error_message=_("补偿方和受偿方不能是同一地区。"),
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="compensation_period_in_order",
                violation_error_message=_("截止年份不能早于起始年份。"),
            ),
            models.CheckConstraint(
                condition=Q(annual_amount__gt=0),
                name="compensation_amount_positive",
                violation_error_message=_("年度补偿金额须大于零。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def period_label(self) -> str:
        return f"{self.first_year}—{self.last_year}"


class CompensationPayment(models.Model):
    """What the payer paid under an agreement in one year."""

    agreement = models.ForeignKey(
        CompensationAgreement,
        verbose_name=_("生态补偿协议"),
        on_delete=models.CASCADE,
        related_name="payments",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("拨付金额（元）"), **MONEY)
    note = models.TextField(_("说明"), blank=True)
    reported_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("报送时间"), auto_now=True)

    class Meta:
        verbose_name = _("生态补偿拨付")
        verbose_name_plural = _("生态补偿拨付")
        ordering = ["agreement", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"],
                name="compensation_payment_one_a_year",
                violation_error_message=_("该协议本年度拨付情况已报送。"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="compensation_payment_not_negative",
                violation_error_message=_("拨付金额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.year}"


class Disaster(models.Model):
    """The disaster a reconstruction plan repairs, and the regions it struck."""

    class Kind(models.TextChoices):
        FLOOD = "flood", _("洪涝")
        EARTHQUAKE = "earthquake", _("地震")
        TYPHOON = "typhoon", _("台风")
        FOREST_FIRE = "forest_fire", _("森林火灾")
        SNOWSTORM = "snowstorm", _("雪灾")
        GEOLOGICAL = "geological", _("地质灾害")

    plan = models.ForeignKey(
        SpecialPlan, verbose_name=_("专项规划"), on_delete=models.CASCADE, related_name="disasters"
    )
    name = models.CharField(_("灾害名称"), max_length=200)
    kind = models.CharField(_("灾害类型"), max_length=16, choices=Kind.choices)
    began_on = models.DateField(_("发生日期"))
    affected_regions = models.ManyToManyField(
        Region, verbose_name=_("受灾地区"), related_name="disasters"
    )
    direct_loss = models.DecimalField(_("直接经济损失（元）"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("灾害")
        verbose_name_plural = _("灾害")
        ordering = ["plan", "began_on", "pk"]

    def __str__(self) -> str:
        return self.name


class ReconstructionProject(models.Model):
    """A project of the library that a reconstruction plan rebuilds with, its funds and the
    share complete its responsible unit reports (the library's investment progress until then)."""

    plan = models.ForeignKey(
        SpecialPlan,
        verbose_name=_("专项规划"),
        on_delete=models.CASCADE,
        related_name="reconstruction_projects",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.PROTECT, related_name="reconstructions"
    )
    funds = models.DecimalField(_("重建资金（元）"), **MONEY)
    share_complete = models.DecimalField(
        _("完成进度（%）"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    as_of = models.DateField(_("进度截至日期"), null=True, blank=True)
    note = models.TextField(_("进展说明"), blank=True)
    reported_by = models.ForeignKey(
        "orgs.User",
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("重建项目")
        verbose_name_plural = _("重建项目")
        ordering = ["plan", "-funds", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "project"],
                name="reconstruction_project_once_per_plan",
                violation_error_message=_("该项目已列入本规划。"),
            ),
            models.CheckConstraint(
                condition=Q(share_complete__isnull=True)
                | (Q(share_complete__gte=0) & Q(share_complete__lte=100)),
                name="reconstruction_share_within_hundred",
                violation_error_message=_("完成进度应在0到100之间。"),
            ),
            models.CheckConstraint(
                condition=Q(funds__gte=0),
                name="reconstruction_funds_not_negative",
                violation_error_message=_("重建资金不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.project.name}"

"""Pairing cooperation (对口合作) between Northeast and eastern provinces and cities: the pairs,
their cooperation projects (in the project library, with the partner's investment), parks built
together, cadre exchanges and the annual evaluation."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.lib import grades
from zhenxing.orgs.models import Region
from zhenxing.policies.models import DivisionPlan
from zhenxing.projects.models import Project


class Pairing(models.Model):
    """A Northeast province or city paired with an eastern one by a document."""

    northeast_region = models.ForeignKey(
        Region,
        verbose_name=_("东北地区"),
        on_delete=models.PROTECT,
        related_name="pairings_as_northeast",
    )
    partner_region = models.ForeignKey(
        Region,
        verbose_name=_("对口省市"),
        on_delete=models.PROTECT,
        related_name="pairings_as_partner",
    )
    document_title = models.CharField(_("文件名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    first_year = models.PositiveSmallIntegerField(_("起始年份"))
    implementation_plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("实施方案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairings",
    )
    source_url = models.URLField(_("来源地址"), max_length=300, blank=True)
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("对口合作")
        verbose_name_plural = _("对口合作")
        ordering = ["northeast_region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["northeast_region", "partner_region"],
                name="pairing_one_per_pair_of_regions",
                violation_error_message=_("这两个地区已结成对口合作。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.northeast_region.name}—{self.partner_region.name}"


class CooperationProject(models.Model):
    """A project of the project library counted as a pair's cooperation project."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("对口合作"), on_delete=models.CASCADE, related_name="projects"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="cooperation_projects",
    )
    partner_investment = models.DecimalField(
        _("对口省市投资（元）"), max_digits=16, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("合作项目")
        verbose_name_plural = _("合作项目")
        ordering = ["pairing", "project__national_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "project"],
                name="cooperation_project_once_per_pairing",
                violation_error_message=_("该项目已列为此对口合作的合作项目。"),
            ),
            models.CheckConstraint(
                condition=Q(partner_investment__gte=0),
                name="cooperation_project_investment_not_negative",
                violation_error_message=_("对口省市投资不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pairing}：{self.project.name}"


class JointPark(models.Model):
    """A park the two sides build together."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("对口合作"), on_delete=models.CASCADE, related_name="parks"
    )
    name = models.CharField(_("园区名称"), max_length=100)
    place = models.CharField(_("所在地"), max_length=100)
    area_square_kilometres = models.DecimalField(
        _("面积（平方公里）"), max_digits=10, decimal_places=2, default=0
    )
    enterprises = models.PositiveIntegerField(_("入驻企业（家）"), default=0)
    investment = models.DecimalField(
        _("累计投资（元）"), max_digits=16, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("共建园区")
        verbose_name_plural = _("共建园区")
        ordering = ["pairing", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "name"],
                name="joint_park_name_once_per_pairing",
                violation_error_message=_("此对口合作已有同名园区。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CadreExchange(models.Model):
    """How many cadres went one way in a year."""

    class Direction(models.TextChoices):
        TO_PARTNER = "to_partner", _("东北赴对口省市")
        FROM_PARTNER = "from_partner", _("对口省市赴东北")

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("对口合作"), on_delete=models.CASCADE, related_name="exchanges"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    direction = models.CharField(_("方向"), max_length=16, choices=Direction.choices)
    people = models.PositiveIntegerField(_("人数"))

    class Meta:
        verbose_name = _("干部交流")
        verbose_name_plural = _("干部交流")
        ordering = ["pairing", "year", "direction"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "year", "direction"],
                name="cadre_exchange_once_per_year_and_direction",
                violation_error_message=_("该年度此方向的干部交流已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pairing} {self.year} {self.get_direction_display()}"


class AnnualEvaluation(models.Model):
    """The year's evaluation of a pair's cooperation."""

    Grade = grades.Grade
    GRADE_COLOURS = grades.GRADE_COLOURS

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("对口合作"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices)
    text = models.TextField(_("评价意见"), blank=True)

    class Meta:
        verbose_name = _("年度评价")
        verbose_name_plural = _("年度评价")
        ordering = ["pairing", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing", "year"],
                name="annual_evaluation_once_per_year",
                violation_error_message=_("该年度已有评价。"),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100),
                name="annual_evaluation_score_within_hundred",
                violation_error_message=_("得分应在0到100之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pairing} {self.year}"

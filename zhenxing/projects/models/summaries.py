"""Summary tables the dashboards read, maintained by the services that change projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenxing.projects.models.choices import MONEY, FundingSource, Industry
from zhenxing.projects.models.projects import Project


class ProjectSummary(models.Model):
    """Totals per prefecture, industry and stage: what the dashboards read instead of a live
    GROUP BY over every project. Derived data, rewritten by `summaries.summary_refresh`."""

    audit_excluded = True

    province_code = models.CharField(_("省级区划代码"), max_length=6)
    prefecture_code = models.CharField(_("地级区划代码"), max_length=6, blank=True)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    stage = models.CharField(_("建设阶段"), max_length=12, choices=Project.Stage.choices)
    project_count = models.PositiveIntegerField(_("项目数"), default=0)
    started_count = models.PositiveIntegerField(_("已开工项目数"), default=0)
    total_investment = models.DecimalField(_("总投资（元）"), default=0, **MONEY)
    annual_planned_investment = models.DecimalField(_("年度计划投资（元）"), default=0, **MONEY)
    investment_completed_this_year = models.DecimalField(
        _("本年完成投资（元）"), default=0, **MONEY
    )
    investment_completed_total = models.DecimalField(_("累计完成投资（元）"), default=0, **MONEY)

    class Meta:
        verbose_name = _("项目汇总")
        verbose_name_plural = _("项目汇总")
        ordering = ["province_code", "prefecture_code", "industry", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "prefecture_code", "industry", "stage"],
                name="project_summary_unique_cell",
                violation_error_message=_("汇总单元重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefecture_code or self.province_code} {self.industry} {self.stage}"


class ProjectFundingSummary(models.Model):
    """Projects and total investment per prefecture and funding source (derived data)."""

    audit_excluded = True

    province_code = models.CharField(_("省级区划代码"), max_length=6)
    prefecture_code = models.CharField(_("地级区划代码"), max_length=6, blank=True)
    funding_source = models.CharField(_("资金来源"), max_length=20, choices=FundingSource.choices)
    project_count = models.PositiveIntegerField(_("项目数"), default=0)
    total_investment = models.DecimalField(_("总投资（元）"), default=0, **MONEY)

    class Meta:
        verbose_name = _("资金来源汇总")
        verbose_name_plural = _("资金来源汇总")
        ordering = ["province_code", "prefecture_code", "funding_source"]
        constraints = [
            models.UniqueConstraint(
                fields=["province_code", "prefecture_code", "funding_source"],
                name="project_funding_summary_unique_cell",
                violation_error_message=_("汇总单元重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefecture_code or self.province_code} {self.funding_source}"

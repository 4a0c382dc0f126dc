"""The project library: projects and the progress updates they receive."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import Task
from zhenxing.projects.models.choices import (
    FUNDING_BITS,
    MONEY,
    FundingSource,
    Industry,
    funding_sources_from_flags,
)
from zhenxing.projects.models.events import SigningEvent
from zhenxing.projects.models.imports import ImportJob
from zhenxing.rounds.models import ReportingRound


class ProjectQuerySet(models.QuerySet):
    def within_region(self, code: str):
        """Projects inside a GB/T 2260 region: a province, a prefecture or a county."""
        province = code[:2] + "0000"
        if code.endswith("0000"):
            return self.filter(province_code=code)
        if code.endswith("00"):
            return self.filter(province_code=province, prefecture_code=code)
        return self.filter(
            province_code=province, prefecture_code=code[:4] + "00", region__code=code
        )

    def with_funding_source(self, source: str):
        bit = FUNDING_BITS[FundingSource(source)]
        return self.alias(funding_bit=models.F("funding_sources").bitand(bit)).filter(
            funding_bit=bit
        )


class Project(models.Model):
    """A major project in the library, keyed by its national investment-project code."""

    class Stage(models.TextChoices):
        RESERVE = "reserve", _("储备")
        PRELIMINARY = "preliminary", _("前期")
        NEW_START = "new_start", _("新开工")
        CONTINUING = "continuing", _("续建")
        COMPLETED = "completed", _("竣工")
        SUSPENDED = "suspended", _("停缓建")
        RESUMED = "resumed", _("复工")

    STAGE_COLOURS = {
        Stage.RESERVE: "grey",
        Stage.PRELIMINARY: "grey",
        Stage.NEW_START: "blue",
        Stage.CONTINUING: "blue",
        Stage.COMPLETED: "green",
        Stage.SUSPENDED: "red",
        Stage.RESUMED: "yellow",
    }

    # Unique by a constraint in Meta, not `unique=True`: on PostgreSQL that would add a second
    # (LIKE-pattern) index that every imported row pays for and no query uses.
    national_code = models.CharField(_("项目代码"), max_length=24)
    name = models.CharField(_("项目名称"), max_length=200)
    owner = models.CharField(_("建设单位"), max_length=200, blank=True)
    # Few indexes on purpose: each one costs every imported row. Region filters use the
    # (province, prefecture) index below.
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在地区"),
        on_delete=models.PROTECT,
        related_name="projects",
        db_index=False,
    )
    # Derived from the region, kept on the row so that lists and summaries filter by index.
    province_code = models.CharField(_("省级区划代码"), max_length=6, editable=False)
    prefecture_code = models.CharField(_("地级区划代码"), max_length=6, blank=True, editable=False)
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    industry_written = models.CharField(_("行业（原文）"), max_length=60, blank=True)
    stage = models.CharField(_("建设阶段"), max_length=12, choices=Stage.choices)
    total_investment = models.DecimalField(_("总投资（元）"), default=0, **MONEY)
    annual_planned_investment = models.DecimalField(_("年度计划投资（元）"), default=0, **MONEY)
    investment_completed_this_year = models.DecimalField(
        _("本年完成投资（元）"), default=0, **MONEY
    )
    investment_completed_total = models.DecimalField(_("累计完成投资（元）"), default=0, **MONEY)
    funding_sources = models.PositiveIntegerField(_("资金来源"), default=0)
    planned_start = models.DateField(_("计划开工日期"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工日期"), null=True, blank=True)
    planned_completion = models.DateField(_("计划竣工日期"), null=True, blank=True)
    actual_completion = models.DateField(_("实际竣工日期"), null=True, blank=True)
    tasks = models.ManyToManyField(
        Task, verbose_name=_("关联任务"), blank=True, related_name="projects"
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_projects",
        db_index=False,  # a partial index in Meta: most imported rows name no unit
    )
    signing_event = models.ForeignKey(
        SigningEvent,
        verbose_name=_("签约活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        db_index=False,
    )
    period_label = models.CharField(_("最新报告期"), max_length=7, blank=True)
    # Optimistic locking (lib/versions.py); a database default too, for the import's raw INSERT.
    version = models.PositiveIntegerField(_("版本"), default=1, db_default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Which import created or last changed the row; no index: read by one scan per import.
    # No database constraint either: these stamps are written by the import itself, for a job
    # created in the same transaction, and a constraint costs PostgreSQL a locking lookup per
    # row at commit (bench/profile_import.py: 1.0 s of 6.6 s per 100,000 rows, three stamps).
    created_by_import = models.ForeignKey(
        ImportJob,
        verbose_name=_("创建于导入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
        editable=False,
    )
    last_import = models.ForeignKey(
        ImportJob,
        verbose_name=_("最近导入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
        editable=False,
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["national_code"]
        indexes = [
            models.Index(fields=["province_code", "prefecture_code"], name="project_place_idx"),
            # The lists' default sort (largest investment first), covering the columns that
            # scope a unit's list: a deep page reads ids from the index alone.
            models.Index(
                fields=[
                    "-total_investment",
                    "id",
                    "province_code",
                    "prefecture_code",
                    "responsible_unit",
                ],
                name="project_investment_idx",
            ),
            models.Index(
                fields=["responsible_unit"],
                condition=models.Q(responsible_unit__isnull=False),
                name="project_unit_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["national_code"], name="project_national_code_unique"),
            # Only the length: a regex check runs Python per row on SQLite (imports validate
            # the structure and the region before writing).
            models.CheckConstraint(
                condition=Exact(Length("national_code"), 24),
                name="project_national_code_length",
                violation_error_message=_("项目代码应为24位（YYYY-RRRRRR-DD-TT-NNNNNN）。"),
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0)
                & Q(annual_planned_investment__gte=0)
                & Q(investment_completed_this_year__gte=0)
                & Q(investment_completed_total__gte=0),
                name="project_investment_not_negative",
                violation_error_message=_("投资额不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.national_code} {self.name}"

    @property
    def funding_source_list(self) -> list[FundingSource]:
        return funding_sources_from_flags(self.funding_sources)

    @property
    def stage_colour(self) -> str:
        return self.STAGE_COLOURS.get(self.stage, "grey")


class ProjectUpdate(models.Model):
    """A project's figures and stage as reported for one period; appended, never overwritten."""

    class Source(models.TextChoices):
        FORM = "form", _("页面填报")
        IMPORT = "import", _("表格导入")
        ROUND = "round", _("调度报送")
        API = "api", _("接口")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="updates"
    )
    period_label = models.CharField(_("报告期"), max_length=7)
    reporting_round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("调度"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_updates",
        db_index=False,  # a partial index in Meta: imported rows belong to no round
    )
    stage = models.CharField(_("建设阶段"), max_length=12, choices=Project.Stage.choices)
    annual_planned_investment = models.DecimalField(_("年度计划投资（元）"), default=0, **MONEY)
    investment_completed_this_year = models.DecimalField(
        _("本年完成投资（元）"), default=0, **MONEY
    )
    investment_completed_total = models.DecimalField(_("累计完成投资（元）"), default=0, **MONEY)
    note = models.TextField(_("进展说明"), blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    import_job = models.ForeignKey(  # a stamp, without constraint: see Project.last_import
        ImportJob,
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    reported_at = models.DateTimeField(_("报送时间"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["project", "period_label", "reported_at", "id"]
        indexes = [
            models.Index(
                fields=["reporting_round"],
                condition=models.Q(reporting_round__isnull=False),
                name="project_update_round_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project.national_code} {self.period_label}"

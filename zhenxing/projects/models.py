"""Project library (项目库): projects with national codes, their periodic updates, imports,
summary tables for the dashboards, and the investment-attraction funnel (signing events)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import Task
from zhenxing.rounds.models import ReportingRound

MONEY = {"max_digits": 18, "decimal_places": 2}


class Industry(models.TextChoices):
    """Sections (门类) of GB/T 4754-2017 国民经济行业分类; the code's two sector digits are its
    divisions (大类), which map onto these sections."""

    AGRICULTURE = "A", _("农、林、牧、渔业")
    MINING = "B", _("采矿业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    TRADE = "F", _("批发和零售业")
    TRANSPORT = "G", _("交通运输、仓储和邮政业")
    HOSPITALITY = "H", _("住宿和餐饮业")
    INFORMATION = "I", _("信息传输、软件和信息技术服务业")
    FINANCE = "J", _("金融业")
    REAL_ESTATE = "K", _("房地产业")
    BUSINESS_SERVICES = "L", _("租赁和商务服务业")
    RESEARCH = "M", _("科学研究和技术服务业")
    WATER_ENVIRONMENT = "N", _("水利、环境和公共设施管理业")
    RESIDENT_SERVICES = "O", _("居民服务、修理和其他服务业")
    EDUCATION = "P", _("教育")
    HEALTH = "Q", _("卫生和社会工作")
    CULTURE = "R", _("文化、体育和娱乐业")
    PUBLIC_ADMINISTRATION = "S", _("公共管理、社会保障和社会组织")
    INTERNATIONAL = "T", _("国际组织")


class FundingSource(models.TextChoices):
    """Where a project's money comes from; a project may have several (kept as bit flags)."""

    CENTRAL_BUDGET = "central_budget", _("中央预算内投资")
    SPECIAL_BONDS = "special_bonds", _("地方政府专项债券")
    TREASURY_BONDS = "treasury_bonds", _("超长期特别国债")
    LOCAL_BUDGET = "local_budget", _("地方财政资金")
    POLICY_FINANCE = "policy_finance", _("政策性开发性金融")
    BANK_LOANS = "bank_loans", _("银行贷款")
    OWN_FUNDS = "own_funds", _("企业自筹")
    FOREIGN_CAPITAL = "foreign_capital", _("外资")
    OTHER = "other", _("其他")


# One bit per source, in declaration order: 1, 2, 4, …  Never reorder (stored in the database).
FUNDING_BITS = {source: 1 << index for index, source in enumerate(FundingSource)}


def funding_sources_from_flags(flags: int) -> list[FundingSource]:
    return [source for source, bit in FUNDING_BITS.items() if flags & bit]


def funding_flags(sources) -> int:
    flags = 0
    for source in sources:
        flags |= FUNDING_BITS[FundingSource(source)]
    return flags


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


class ImportJob(models.Model):
    """One spreadsheet import: the file, the column mapping, progress, counts and bad rows.

    Audited explicitly (one summary change record per import), not by the receiver, so that
    progress writes do not flood the change log.
    """

    audit_excluded = True

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        SUCCEEDED = "succeeded", _("已完成")
        REJECTED = "rejected", _("有错误，未导入")
        FAILED = "failed", _("失败")

    STATUS_COLOURS = {
        Status.UPLOADED: "grey",
        Status.QUEUED: "blue",
        Status.RUNNING: "blue",
        Status.SUCCEEDED: "green",
        Status.REJECTED: "red",
        Status.FAILED: "red",
    }
    FINISHED = (Status.SUCCEEDED, Status.REJECTED, Status.FAILED)

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all-or-nothing", _("全部正确才导入")
        VALID_ROWS = "valid-rows", _("导入正确行，错误行另附清单")

    file = models.FileField(_("文件"), upload_to="project-imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="project_imports",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("导入单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_imports",
        help_text=_("单位导入时，只能导入本单位负责或本地区的项目。"),
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    mode = models.CharField(
        _("导入方式"), max_length=16, choices=Mode.choices, default=Mode.ALL_OR_NOTHING
    )
    period_label = models.CharField(_("报告期"), max_length=7, help_text=_("例：2026-10"))
    sheet_name = models.CharField(_("工作表"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("表头行号"), default=1)
    column_mapping = models.JSONField(_("列对应关系"), default=dict, blank=True)
    money_units = models.JSONField(_("金额单位"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    phase = models.CharField(_("进度说明"), max_length=100, blank=True)
    rows_total = models.PositiveIntegerField(_("数据行数"), default=0)
    rows_read = models.PositiveIntegerField(_("已处理行数"), default=0)
    imported_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变化"), default=0)
    rejected_count = models.PositiveIntegerField(_("错误行"), default=0)
    errors = models.JSONField(_("错误（前200条）"), default=list, blank=True)
    error_file = models.FileField(_("错误清单"), upload_to="project-imports/errors/", blank=True)
    message = models.TextField(_("说明"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    seconds = models.FloatField(_("耗时（秒）"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目导入")
        verbose_name_plural = _("项目导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(self.rows_read * 100 / self.rows_total))


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


class ProjectExport(models.Model):
    """A large filtered project list written as .xlsx by the queue's worker, for its requester."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导出中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    STATUS_COLOURS = {
        Status.QUEUED: "blue",
        Status.RUNNING: "blue",
        Status.SUCCEEDED: "green",
        Status.FAILED: "red",
    }

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        on_delete=models.CASCADE,
        related_name="project_exports",
    )
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("文件"), upload_to="project-exports/", blank=True)
    rows_written = models.PositiveIntegerField(_("导出行数"), default=0)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("请求时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目清单导出")
        verbose_name_plural = _("项目清单导出")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"项目清单导出 #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def colour(self) -> str:
        return self.STATUS_COLOURS[self.status]

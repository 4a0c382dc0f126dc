"""Key enterprises (重点企业) of a mechanism: their monthly operation figures, reported by the
contact department, and their difficulties (诉求), taken in, routed to a responsible unit,
answered and closed, or escalated to a coordination matter when the answer is late."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.enterprises.validators import validate_credit_code
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit
from zhenxing.projects.models import Industry


class EnterpriseQuerySet(models.QuerySet):
    def contacted_by(self, unit: Unit):
        """Enterprises a unit (or one of its departments) is the contact department of."""
        return self.filter(Q(contact_unit=unit) | Q(contact_unit__parent=unit))


class Enterprise(models.Model):
    """A key enterprise the mechanism follows, with its contact department and 包联 official."""

    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.PROTECT, related_name="enterprises"
    )
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, validators=[validate_credit_code]
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("所在地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.CharField(_("行业"), max_length=1, choices=Industry.choices)
    size = models.CharField(_("企业规模"), max_length=10, choices=Size.choices)
    contact_unit = models.ForeignKey(
        Unit, verbose_name=_("联系部门"), on_delete=models.PROTECT, related_name="key_enterprises"
    )
    liaison_official = models.CharField(_("包联领导"), max_length=50)
    liaison_post = models.CharField(_("包联领导职务"), max_length=100, blank=True)
    responsible_leader = models.CharField(_("分管领导"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点企业")
        verbose_name_plural = _("重点企业")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "credit_code"],
                name="enterprise_credit_code_unique_per_mechanism",
                violation_error_message=_("该统一社会信用代码的企业已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MonthlyFigure(models.Model):
    """One month's operation figures of an enterprise (money in 万元)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="figures"
    )
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    output_value = models.DecimalField(_("产值（万元）"), max_digits=14, decimal_places=2)
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=14, decimal_places=2)
    orders = models.DecimalField(_("订单（万元）"), max_digits=14, decimal_places=2)
    employment = models.PositiveIntegerField(_("用工人数"))
    reported_at = models.DateTimeField(_("报送时间"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报送人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("月度运行数据")
        verbose_name_plural = _("月度运行数据")
        ordering = ["enterprise", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "month"],
                name="enterprise_figure_one_per_month",
                violation_error_message=_("该月数据已报送。"),
            ),
            models.CheckConstraint(
                condition=Q(output_value__gte=0, revenue__gte=0, orders__gte=0),
                name="enterprise_figure_not_negative",
                violation_error_message=_("产值、营业收入和订单不能为负数。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.month:%Y-%m}"


class Difficulty(models.Model):
    """A difficulty (诉求) an enterprise asks help with."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("待分办")
        ROUTED = "routed", _("办理中")
        ANSWERED = "answered", _("已答复")
        ESCALATED = "escalated", _("已提交协调")
        CLOSED = "closed", _("已办结")

    STATUS_COLOURS = {
        Status.RECEIVED: "grey",
        Status.ROUTED: "blue",
        Status.ANSWERED: "green",
        Status.ESCALATED: "yellow",
        Status.CLOSED: "grey",
    }
    OPEN_STATUSES = (Status.RECEIVED, Status.ROUTED, Status.ANSWERED, Status.ESCALATED)

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="difficulties"
    )
    title = models.CharField(_("诉求事项"), max_length=200)
    description = models.TextField(_("诉求内容"))
    received_at = models.DateTimeField(_("受理时间"), auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise_difficulties",
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    matter = models.OneToOneField(
        CoordinationMatter,
        verbose_name=_("协调事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprise_difficulty",
    )
    resolution = models.TextField(_("办结情况"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="answered") | ~Q(answer=""),
                name="difficulty_answered_needs_answer",
                violation_error_message=_("答复须填写答复意见。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(resolution=""),
                name="difficulty_closed_needs_resolution",
                violation_error_message=_("办结须写明办结情况。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

    def is_late(self, today) -> bool:
        """Routed and not answered by its due date."""
        return (
            self.status == self.Status.ROUTED
            and self.due_date is not None
            and self.due_date < today
        )


class BenefitPolicy(models.Model):
    """A policy that benefits enterprises without their applying (免申即享), followed from its
    announcement to the enterprises served; the criteria propose the eligible enterprises."""

    class Kind(models.TextChoices):
        SUBSIDY = "subsidy", _("财政补贴")
        TAX_RELIEF = "tax_relief", _("税收减免")
        FEE_REDUCTION = "fee_reduction", _("降费减负")
        LOAN_INTEREST = "loan_interest", _("贷款贴息")
        AWARD = "award", _("奖励")
        OTHER = "other", _("其他")

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.PROTECT,
        related_name="benefit_policies",
    )
    title = models.CharField(_("政策名称"), max_length=200)
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("发布单位"), on_delete=models.PROTECT, related_name="benefit_policies"
    )
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    announced_on = models.DateField(_("发布日期"))
    kind = models.CharField(_("惠企方式"), max_length=16, choices=Kind.choices)
    eligibility = models.TextField(_("享受条件"))
    amount_rule = models.TextField(_("兑现标准"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("适用地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空表示不限；含下级地区"),
    )
    industries = models.JSONField(
        _("适用行业"), default=list, blank=True, help_text=_("国民经济行业门类代码，留空表示不限")
    )
    sizes = models.JSONField(_("适用企业规模"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("免申即享政策")
        verbose_name_plural = _("免申即享政策")
        ordering = ["-announced_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def industry_labels(self) -> list[str]:
        return [str(Industry(code).label) for code in self.industries if code in Industry.values]

    def size_labels(self) -> list[str]:
        return [
            str(Enterprise.Size(size).label)
            for size in self.sizes
            if size in Enterprise.Size.values
        ]


class BenefitGrant(models.Model):
    """One enterprise served by a 免申即享 policy: identified as eligible, notified, and granted
    (or declined, with the reason)."""

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("已识别")
        NOTIFIED = "notified", _("已告知")
        GRANTED = "granted", _("已兑现")
        DECLINED = "declined", _("未兑现")

    STATUS_COLOURS = {
        Status.IDENTIFIED: "grey",
        Status.NOTIFIED: "blue",
        Status.GRANTED: "green",
        Status.DECLINED: "yellow",
    }

    policy = models.ForeignKey(
        BenefitPolicy, verbose_name=_("政策"), on_delete=models.CASCADE, related_name="grants"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="benefit_grants",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.IDENTIFIED
    )
    amount = models.DecimalField(
        _("兑现金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    identified_at = models.DateTimeField(_("识别时间"), auto_now_add=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    granted_on = models.DateField(_("兑现日期"), null=True, blank=True)
    decline_reason = models.TextField(_("未兑现原因"), blank=True)

    class Meta:
        verbose_name = _("政策兑现")
        verbose_name_plural = _("政策兑现")
        ordering = ["policy", "enterprise__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "enterprise"],
                name="benefit_grant_one_per_enterprise",
                violation_error_message=_("该企业已列入本政策的兑现名单。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="granted")
                | Q(amount__isnull=False, amount__gte=0, granted_on__isnull=False),
                name="benefit_grant_granted_needs_amount_and_date",
                violation_error_message=_("已兑现须填写兑现金额和兑现日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="benefit_grant_declined_needs_reason",
                violation_error_message=_("未兑现须写明原因。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} · {self.enterprise}"


class EnterpriseImport(models.Model):
    """A workbook of enterprises and their figures too large to import within the request: the
    queue's worker imports it (all or nothing) and its page shows how it went."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        SUCCEEDED = "succeeded", _("已导入")
        REFUSED = "refused", _("有错误，未导入")
        FAILED = "failed", _("导入失败")

    STATUS_COLOURS = {
        Status.QUEUED: "grey",
        Status.RUNNING: "blue",
        Status.SUCCEEDED: "green",
        Status.REFUSED: "yellow",
        Status.FAILED: "red",
    }
    FINISHED = (Status.SUCCEEDED, Status.REFUSED, Status.FAILED)

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.PROTECT,
        related_name="enterprise_imports",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("文件"), upload_to="enterprise-imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=255)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    result = models.JSONField(_("导入结果"), default=dict, blank=True)
    message = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业数据导入")
        verbose_name_plural = _("企业数据导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

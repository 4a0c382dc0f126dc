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

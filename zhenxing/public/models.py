"""The public side: what a mechanism publishes on the open-data site (/open/), one row per
dataset chosen, and the suggestions the public sends in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region, Unit
from zhenxing.policies.models import DivisionPlan


class Publication(models.Model):
    """A dataset a mechanism has chosen to publish; nothing without a row here is shown."""

    class Dataset(models.TextChoices):
        MEMBERS = "members", _("成员单位和职责")
        PLAN = "plan", _("任务分工方案")
        PROGRESS = "progress", _("总体进展")
        PROJECTS = "projects", _("项目统计")
        INDICATORS = "indicators", _("主要指标")

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.CASCADE,
        related_name="publications",
    )
    dataset = models.CharField(_("公开内容"), max_length=12, choices=Dataset.choices)
    plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("分工方案"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publications",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
    )
    published_at = models.DateTimeField(_("公开时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公开内容")
        verbose_name_plural = _("公开内容")
        ordering = ["mechanism", "dataset", "plan"]
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "dataset"],
                condition=Q(plan__isnull=True),
                name="publication_dataset_unique",
                violation_error_message=_("该内容已公开。"),
            ),
            models.UniqueConstraint(
                fields=["mechanism", "plan"],
                condition=Q(plan__isnull=False),
                name="publication_plan_unique",
                violation_error_message=_("该分工方案已公开。"),
            ),
            models.CheckConstraint(
                condition=Q(dataset="plan", plan__isnull=False)
                | (~Q(dataset="plan") & Q(plan__isnull=True)),
                name="publication_plan_only_for_plans",
                violation_error_message=_("只有分工方案一项须指明方案。"),
            ),
        ]

    def __str__(self) -> str:
        if self.plan_id:
            return f"{self.mechanism} · {self.plan}"
        return f"{self.mechanism} · {self.get_dataset_display()}"


class Suggestion(models.Model):
    """A suggestion or lead from the public or an enterprise (欢迎您提出宝贵意见建议), routed by
    the secretariat to the responsible unit, answered by it, the answer published if chosen."""

    class Category(models.TextChoices):
        SUGGESTION = "suggestion", _("意见建议")
        PROJECT_LEAD = "project_lead", _("项目线索")
        ENTERPRISE_REQUEST = "enterprise", _("企业诉求")
        PROBLEM = "problem", _("问题反映")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        ROUTED = "routed", _("已转办")
        ANSWERED = "answered", _("已答复")

    STATUS_COLOURS = {Status.RECEIVED: "grey", Status.ROUTED: "yellow", Status.ANSWERED: "green"}

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    receipt_number = models.CharField(_("回执编号"), max_length=24, unique=True)
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    text = models.TextField(_("内容"))
    contact_name = models.CharField(_("姓名或单位"), max_length=100)
    contact = models.CharField(_("联系方式"), max_length=100)
    attachment = models.FileField(_("附件"), upload_to="suggestions/%Y/%m", blank=True)
    attachment_name = models.CharField(_("附件文件名"), max_length=200, blank=True)
    attachment_type = models.CharField(_("附件类型"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    routing_note = models.TextField(_("转办意见"), blank=True)
    routed_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_suggestions",
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answer_published = models.BooleanField(_("向提出人公开答复"), default=False)
    listed_publicly = models.BooleanField(_("在公开列表中展示"), default=False)

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(listed_publicly=False) | Q(answer_published=True),
                name="suggestion_listed_only_when_answer_published",
                violation_error_message=_("答复公开后才能在公开列表中展示。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.get_category_display()}"

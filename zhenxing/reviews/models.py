"""Upward work: the leading group's review (审议) of plans, policies and reports, its members'
opinions, and the items marked for the 重大事项报告 to the Party Central Committee and the
State Council."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.inspections.models import Finding
from zhenxing.mechanisms.models import Mechanism
from zhenxing.policies.models import DivisionPlan, PolicyDocument, Task


class Review(models.Model):
    """An item the secretariat submits to the leading group for review, and its decision."""

    class Subject(models.TextChoices):
        DIVISION_PLAN = "division_plan", _("分工方案")
        POLICY = "policy", _("重大政策文件")
        REPORT = "report", _("定稿报告")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("待审议")
        APPROVED = "approved", _("审议通过")
        APPROVED_WITH_CHANGES = "approved_with_changes", _("修改后通过")
        RETURNED = "returned", _("退回修改")
        DEFERRED = "deferred", _("暂缓审议")

    STATUS_COLOURS = {
        Status.AWAITING: "blue",
        Status.APPROVED: "green",
        Status.APPROVED_WITH_CHANGES: "green",
        Status.RETURNED: "red",
        Status.DEFERRED: "yellow",
    }
    APPROVED_STATUSES = (Status.APPROVED, Status.APPROVED_WITH_CHANGES)
    DECISIONS = (
        Status.APPROVED,
        Status.APPROVED_WITH_CHANGES,
        Status.RETURNED,
        Status.DEFERRED,
    )

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.PROTECT, related_name="reviews"
    )
    subject = models.CharField(_("审议对象"), max_length=16, choices=Subject.choices)
    title = models.CharField(_("审议事项"), max_length=300)
    plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("分工方案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("政策文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    materials = models.TextField(_("审议材料"), blank=True)
    meeting = models.CharField(_("审议会议"), max_length=200)
    meeting_on = models.DateField(_("会议日期"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请审议的成员"),
        related_name="reviews_asked",
    )
    status = models.CharField(
        _("状态"), max_length=24, choices=Status.choices, default=Status.AWAITING
    )
    minutes = models.TextField(_("会议纪要"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领导小组审议")
        verbose_name_plural = _("领导小组审议")
        ordering = ["-meeting_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(subject="division_plan") | Q(plan__isnull=False),
                name="review_plan_named",
                violation_error_message=_("审议分工方案须选择方案。"),
            ),
            models.CheckConstraint(
                condition=Q(status="awaiting") | Q(decided_on__isnull=False),
                name="review_decision_dated",
                violation_error_message=_("审议决定须注明日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_awaiting(self) -> bool:
        return self.status == self.Status.AWAITING


class Opinion(models.Model):
    """One leading-group member's opinion on a review; it may be turned into a task."""

    review = models.ForeignKey(
        Review, verbose_name=_("审议事项"), on_delete=models.CASCADE, related_name="opinions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出意见的成员"),
        on_delete=models.PROTECT,
        related_name="review_opinions",
    )
    text = models.TextField(_("审议意见"))
    given_at = models.DateTimeField(_("提出时间"), auto_now=True)
    task = models.OneToOneField(
        Task,
        verbose_name=_("转化的任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_opinion",
    )

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["review", "given_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "member"],
                name="opinion_one_per_member",
                violation_error_message=_("每位成员对同一事项只有一条意见，可修改。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.review} · {self.member}"


class UpwardItem(models.Model):
    """An item the secretariat marks for reporting to the Party Central Committee and the State
    Council (重大事项报告): a review decision, a coordination matter, an inspection finding, or
    free text."""

    class Source(models.TextChoices):
        REVIEW = "review", _("审议决定")
        MATTER = "matter", _("协调事项")
        FINDING = "finding", _("督查发现问题")
        FREE_TEXT = "free_text", _("其他事项")

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.PROTECT,
        related_name="upward_items",
    )
    source = models.CharField(_("事项来源"), max_length=10, choices=Source.choices)
    review = models.ForeignKey(
        Review,
        verbose_name=_("审议事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upward_items",
    )
    matter = models.ForeignKey(
        CoordinationMatter,
        verbose_name=_("协调事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upward_items",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("督查发现问题"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="upward_items",
    )
    title = models.CharField(_("事项"), max_length=300)
    summary = models.TextField(_("报告内容"))
    occurred_on = models.DateField(_("事项日期"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("重大事项")
        verbose_name_plural = _("重大事项")
        ordering = ["occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(source="review", review__isnull=False, matter=None, finding=None)
                    | Q(source="matter", matter__isnull=False, review=None, finding=None)
                    | Q(source="finding", finding__isnull=False, review=None, matter=None)
                    | Q(source="free_text", review=None, matter=None, finding=None)
                ),
                name="upward_item_source_matches",
                violation_error_message=_("事项来源与所选对象不符。"),
            )
        ]

    def __str__(self) -> str:
        return self.title

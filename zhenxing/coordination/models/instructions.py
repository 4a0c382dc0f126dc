"""The leading group's assignments (交办事项) and leaders' written instructions (批示)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.coordination.models.matters import CoordinationMatter
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import Task


class Assignment(models.Model):
    """A matter the leading group assigned to the mechanism; tracked as a task in a ledger."""

    mechanism = models.ForeignKey(
        Mechanism, verbose_name=_("工作机制"), on_delete=models.PROTECT, related_name="assignments"
    )
    title = models.CharField(_("交办事项"), max_length=200)
    description = models.TextField(_("交办内容"), blank=True)
    assigned_by = models.CharField(_("交办领导"), max_length=120)
    assigned_on = models.DateField(_("交办日期"))
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+"
    )
    participating_units = models.ManyToManyField(
        Unit, verbose_name=_("参加单位"), blank=True, related_name="+"
    )
    due_date = models.DateField(_("完成时限"))
    matter = models.ForeignKey(
        CoordinationMatter,
        verbose_name=_("来源协调事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    task = models.OneToOneField(
        Task,
        verbose_name=_("跟踪任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignment",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        ordering = ["-assigned_on", "-id"]

    def __str__(self) -> str:
        return self.title


# What an instruction may be attached to; projects join when the projects app is installed.
INSTRUCTION_TARGETS = ("policies.task", "coordination.coordinationmatter", "projects.project")
# The same targets by the short names pages (?task=12) and the API ("target": "task") use.
INSTRUCTION_TARGET_KINDS = {
    "task": "policies.Task",
    "matter": "coordination.CoordinationMatter",
    "project": "projects.Project",
}


class Instruction(models.Model):
    """A leader's written instruction (批示) on a task, matter or project, in the mechanism of
    its task or matter (a project's: the mechanism it was recorded in; none: the top level)."""

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    target = GenericForeignKey("content_type", "object_id")
    leader = models.CharField(_("批示领导"), max_length=120)
    text = models.TextField(_("批示内容"))
    issued_on = models.DateField(_("批示日期"))
    response_due_date = models.DateField(_("落实反馈期限"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="instruction_target_idx")
        ]

    def __str__(self) -> str:
        return f"{self.leader}批示（{self.issued_on:%Y-%m-%d}）"


class InstructionResponse(models.Model):
    """A unit concerned by an instruction, and how it reports carrying it out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待落实")
        RESPONDED = "responded", _("已反馈")

    STATUS_COLOURS = {Status.PENDING: "red", Status.RESPONDED: "green"}

    instruction = models.ForeignKey(
        Instruction, verbose_name=_("批示"), on_delete=models.CASCADE, related_name="responses"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("落实单位"),
        on_delete=models.PROTECT,
        related_name="instruction_responses",
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    response = models.TextField(_("落实情况"), blank=True)
    responded_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("批示落实")
        verbose_name_plural = _("批示落实")
        ordering = ["instruction", "unit__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "unit"],
                name="instruction_response_one_per_unit",
                violation_error_message=_("该单位已在落实单位中。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="responded") | ~Q(response=""),
                name="instruction_response_written",
                violation_error_message=_("反馈须填写落实情况。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instruction} · {self.unit.display_name}"

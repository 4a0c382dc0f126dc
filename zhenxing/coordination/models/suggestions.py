"""Policy suggestions (政策建议) and research topics put forward by member units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Unit
from zhenxing.policies.models import PolicyDocument


class PolicySuggestion(models.Model):
    """A proposal or research topic, studied and then adopted into a policy or declined."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("政策建议")
        RESEARCH_TOPIC = "research_topic", _("研究课题")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("已提出")
        UNDER_STUDY = "under_study", _("研究中")
        ADOPTED = "adopted", _("已采纳")
        DECLINED = "declined", _("未采纳")

    STATUS_COLOURS = {
        Status.PROPOSED: "blue",
        Status.UNDER_STUDY: "yellow",
        Status.ADOPTED: "green",
        Status.DECLINED: "grey",
    }

    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        on_delete=models.PROTECT,
        related_name="policy_suggestions",
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.PROPOSAL)
    title = models.CharField(_("题目"), max_length=200)
    content = models.TextField(_("主要内容"))
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("提出单位"), on_delete=models.PROTECT, related_name="suggestions_made"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提出人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    adopted_in = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("采纳文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_suggestions",
    )
    decision_reason = models.TextField(_("处理意见"), blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("政策建议")
        verbose_name_plural = _("政策建议")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(adopted_in__isnull=False),
                name="suggestion_adopted_names_policy",
                violation_error_message=_("已采纳的建议须注明采纳它的政策文件。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_reason=""),
                name="suggestion_declined_needs_reason",
                violation_error_message=_("不予采纳须写明理由。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "grey")

"""In-app messages to one person, sent by every app that has something to tell."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message to one person (also sent by e-mail when they have an address)."""

    audit_excluded = True  # messages, not business data: the notification table is their own log

    class Kind(models.TextChoices):
        # Deadline reminders: rounds, coordination responses, rectifications.
        DUE_SOON = "due_soon", _("即将到期")
        DUE_TODAY = "due_today", _("今日到期")
        OVERDUE = "overdue", _("已逾期")
        # rounds
        ROUND_OPENED = "round_opened", _("调度通知")
        RETURNED = "returned", _("报送退回")
        ACCEPTED = "accepted", _("报送采用")
        EXTENSION_DECIDED = "extension_decided", _("延期审批结果")
        CHASED = "chased", _("催报")
        # coordination
        MATTER_REQUEST = "matter_request", _("协调请求")
        MATTER_RESPONDED = "matter_responded", _("协调已答复")
        MATTER_ESCALATED = "matter_escalated", _("协调事项上报")
        MEETING = "meeting", _("会议通知")
        MINUTES = "minutes", _("会议纪要")
        ASSIGNMENT = "assignment", _("交办事项")
        INSTRUCTION = "instruction", _("领导批示")
        # reviews
        REVIEW = "review", _("审议通知")
        # inspections
        RECTIFICATION = "rectification", _("整改通知")
        RECTIFY_REOPENED = "rectify_reopened", _("整改退回")
        CIRCULAR = "circular", _("督查通报")
        # projects
        IMPORT_FAILED = "import_failed", _("导入失败")
        # security
        ACCOUNT = "account", _("账户安全")
        # Only messages sent before every sender had its kind (kept as they were); none sends it.
        OTHER = "other", _("其他")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    dedup_key = models.CharField(_("去重键"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                condition=~Q(dedup_key=""),
                name="notification_sent_once",
                violation_error_message=_("该提醒已发送。"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class UnitWebhook(models.Model):
    """Where a unit's messaging robot (政务机器人) receives the unit's notifications: a URL and
    the secret that signs each payload (HMAC-SHA256)."""

    unit = models.OneToOneField(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="webhook"
    )
    url = models.URLField(_("推送地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=200)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位推送通道")
        verbose_name_plural = _("单位推送通道")
        ordering = ["unit__code"]

    def __str__(self) -> str:
        return f"{self.unit} → {self.url}"


class Delivery(models.Model):
    """What every channel's delivery log keeps: its state, the attempts and the last answer of
    the receiver (a unit's robot, the SMS gateway)."""

    audit_excluded = True  # a delivery log of its own, written by the job, not business data

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("发送失败")

    STATUS_COLOURS = {Status.PENDING: "yellow", Status.DELIVERED: "green", Status.FAILED: "red"}

    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    response_status = models.PositiveSmallIntegerField(_("响应状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

    class Meta:
        abstract = True


class WebhookDelivery(Delivery):
    """One signed payload for one unit's webhook, its attempts and the last answer."""

    webhook = models.ForeignKey(
        UnitWebhook,
        verbose_name=_("推送通道"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Notification.Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("推送记录")
        verbose_name_plural = _("推送记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.webhook.unit} {self.title}"


class SmsDelivery(Delivery):
    """One text message to one person's mobile through the SMS gateway hook (短信平台), its
    attempts and the gateway's last answer."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="sms_deliveries",
    )
    phone = models.CharField(_("手机号码"), max_length=11)
    kind = models.CharField(_("类型"), max_length=20, choices=Notification.Kind.choices)
    text = models.CharField(_("短信内容"), max_length=300)

    class Meta:
        verbose_name = _("短信记录")
        verbose_name_plural = _("短信记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.masked_phone} {self.text[:20]}"

    @property
    def masked_phone(self) -> str:
        """The number as logs show it: 138****5678."""
        return f"{self.phone[:3]}****{self.phone[-4:]}"

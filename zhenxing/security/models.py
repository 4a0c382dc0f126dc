"""Sign-in events (written to the change log like every domain row) and password history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """A login, logout, failed login, lockout or release, with the client's address."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKED_OUT = "locked_out", _("锁定")
        RELEASED = "released", _("解除锁定")
        SESSION_EXPIRED = "session_expired", _("会话超时")

    KIND_COLOURS = {
        Kind.LOGIN: "green",
        Kind.LOGOUT: "grey",
        Kind.LOGIN_FAILED: "orange",
        Kind.LOCKED_OUT: "red",
        Kind.RELEASED: "blue",
        Kind.SESSION_EXPIRED: "grey",
    }

    time = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_events",
    )
    address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    channel = models.CharField(_("入口"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("账户事件")
        verbose_name_plural = _("账户事件")
        ordering = ["-time", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.address or ''}".strip()


class PasswordHistory(models.Model):
    """One password a person has held (its hash), for the no-reuse rule and the expiry."""

    # Hashes of former passwords: the change log already records that the password changed.
    audit_excluded = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password_hash = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"

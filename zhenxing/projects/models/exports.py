"""Project list exports: a large filtered list written to .xlsx by a background job."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

"""Project import jobs: an uploaded list, its mapping, progress and errors."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenxing.orgs.models import Unit


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

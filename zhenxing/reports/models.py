"""Reports to the leading group: drafts whose figures follow the data, and immutable finals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenxing.mechanisms.models import Mechanism
from zhenxing.policies.models import DivisionPlan
from zhenxing.rounds.models import ReportingRound


def report_file_path(instance, filename):
    return f"reports/{instance.pk or 'new'}/{filename}"


class Report(models.Model):
    """A report: a draft (narrative editable, figures live) or a final (stored files, hashes)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("进展情况报告")
        CIRCULAR = "circular", _("调度情况通报")
        ANNUAL = "annual", _("年度进展和工作要点")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        FINAL = "final", _("定稿")

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.FINAL: "green"}

    class Unaccepted(models.TextChoices):
        """What the progress section says of a task with no accepted report in the period."""

        NOTE = "note", _("注明“本期尚无已采用的进展报告”")
        LATEST_SUBMITTED = "latest_submitted", _("引用最新报送（待审核）的内容并注明")
        OMIT = "omit", _("不列出，注明项数")

    STATUS_COLOURS = {Status.DRAFT: "grey", Status.FINAL: "green"}

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    period_label = models.CharField(_("期间"), max_length=20, blank=True)
    mechanism = models.ForeignKey(
        Mechanism,
        verbose_name=_("工作机制"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    plan = models.ForeignKey(
        DivisionPlan,
        verbose_name=_("分工方案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    round = models.ForeignKey(
        ReportingRound,
        verbose_name=_("调度"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    unaccepted = models.CharField(
        _("无已采用报告的任务"),
        max_length=20,
        choices=Unaccepted.choices,
        default=Unaccepted.NOTE,
    )
    narratives = models.JSONField(_("文字部分"), default=dict, blank=True)
    snapshot = models.JSONField(_("定稿内容"), null=True, blank=True)
    snapshot_at = models.DateTimeField(_("数据时点"), null=True, blank=True)
    docx_file = models.FileField(_("Word 文件"), upload_to=report_file_path, blank=True)
    pdf_file = models.FileField(_("PDF 文件"), upload_to=report_file_path, blank=True)
    xlsx_file = models.FileField(_("Excel 附件"), upload_to=report_file_path, blank=True)
    docx_sha256 = models.CharField(_("Word 摘要"), max_length=64, blank=True)
    pdf_sha256 = models.CharField(_("PDF 摘要"), max_length=64, blank=True)
    xlsx_sha256 = models.CharField(_("Excel 摘要"), max_length=64, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("定稿人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告")
        verbose_name_plural = _("报告")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.period_label}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class ReportBuild(models.Model):
    """A draft's Word or PDF file built by the queue's worker: the page polls it, then offers it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        SUCCEEDED = "succeeded", _("已生成")
        FAILED = "failed", _("失败")

    class Format(models.TextChoices):
        DOCX = "docx", _("Word")
        PDF = "pdf", _("PDF")

    STATUS_COLOURS = {
        Status.QUEUED: "blue",
        Status.RUNNING: "blue",
        Status.SUCCEEDED: "green",
        Status.FAILED: "red",
    }

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="builds"
    )
    file_format = models.CharField(_("格式"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("文件"), upload_to="report-builds/", blank=True)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("请求人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("请求时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("报告文件生成")
        verbose_name_plural = _("报告文件生成")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_file_format_display()} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def colour(self) -> str:
        return self.STATUS_COLOURS[self.status]

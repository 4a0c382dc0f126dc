"""The checks every evidence file passes, wherever it is attached (progress reports,
rectification reports): a size limit, an allowed extension, content that matches it, and the
container checks of `lib.uploads` (zip bombs, entity expansion) before anyone opens it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhenxing.lib import uploads

EVIDENCE_MAX_BYTES = uploads.EVIDENCE.max_file_bytes
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ".xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".png": (b"\x89PNG", "image/png"),
    ".txt": (b"", "text/plain"),
}


def checked_evidence(filename: str, data: bytes) -> tuple[str, str]:
    """(safe file name, content type) of an evidence file, or ValidationError saying why not."""
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ValidationError(f"文件过大，上限为 {EVIDENCE_MAX_BYTES // 1048576} MB。")
    if not data:
        raise ValidationError("文件为空。")
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError("只能上传 PDF、Word(.docx)、Excel(.xlsx)、图片(jpg/png) 或文本文件。")
    magic, content_type = EVIDENCE_TYPES[suffix]
    if not data.startswith(magic) or (suffix == ".txt" and b"\x00" in data[:8192]):
        raise ValidationError("文件内容与扩展名不符。")
    # Stored, not parsed here, but whoever opens it (reviewers, report builders) parses it.
    try:
        uploads.check_upload(filename, data, uploads.EVIDENCE)
    except uploads.UploadRefused as error:
        raise ValidationError(str(error)) from error
    return filename.replace("/", "_").replace("\\", "_")[-150:], content_type


class EvidenceFile(models.Model):
    """What every stored evidence file records; the concrete model adds its owner and `file`."""

    filename = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.filename


def evidence_store(evidence: EvidenceFile, *, filename: str, data: bytes, user) -> EvidenceFile:
    """Check the file (checked_evidence), then save it and its row; `evidence` carries its owner."""
    evidence.filename, evidence.content_type = checked_evidence(filename, data)
    evidence.size = len(data)
    evidence.uploaded_by = user
    evidence.file.save(evidence.filename, ContentFile(data), save=False)
    evidence.save()
    return evidence

"""The plain text of an uploaded document, the text that figures' offsets refer to: .txt
(UTF-8, GB18030, Big5), .docx, text-based .pdf (as for policies) and .html (tags, scripts,
styles and navigation removed, block elements on lines of their own)."""

from pathlib import PurePath

from django.core.exceptions import ValidationError

from zhenxing.policies.extract import (
    FORMATS,
    MAX_FILE_BYTES,
    decode_text,
    docx_text,
    html_text,
    pdf_text,
    unify_radicals,
)


def read_document(filename: str, data: bytes) -> str:
    """The plain text of an uploaded file; ValidationError with a clear message otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(f"文件过大，上限为 {MAX_FILE_BYTES // 1048576} MB。")
    kind = FORMATS.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise ValidationError("不支持的文件类型，请上传 .txt、.docx、.pdf 或 .html 文件。")
    reader = {"txt": decode_text, "docx": docx_text, "pdf": pdf_text, "html": html_text}[kind]
    return unify_radicals(reader(data))

"""Text out of uploaded policy files: .txt (UTF-8, GB18030, Big5), .docx and .pdf (a scanned
PDF's text is recognised offline and handed back for correction, see RecognisedText)."""

import io
import unicodedata
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

from zhenxing.lib.uploads import POLICY_DOCUMENT, UploadRefused, check_upload

MAX_FILE_BYTES = POLICY_DOCUMENT.max_file_bytes
FORMATS = {".txt": "txt", ".text": "txt", ".docx": "docx", ".pdf": "pdf"}


# PDF fonts often map common characters to radical code points (⼯ U+2F2F for 工, ⻅ U+2EC5 for
# 见), so text copied or extracted from a PDF reads 全⾯振兴 where the document says 全面振兴.
# Kangxi radicals carry NFKC decompositions; the supplement's whole-character forms do not.
RADICAL_SUPPLEMENT = dict(
    zip(
        "⺟⺠⺧⺩⺮⺼⺽⻁⻄⻅⻆⻉⻋⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
        "母民牛王竹肉臼虎西见角贝车长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
        strict=True,
    )
)


def unify_radicals(text: str) -> str:
    """Radical code points back to the ideographs they stand for, character for character."""
    if not any("\u2e80" <= char <= "\u2fdf" for char in text):
        return text
    return "".join(
        unicodedata.normalize("NFKC", char)
        if "\u2f00" <= char <= "\u2fd5"
        else RADICAL_SUPPLEMENT.get(char, char)
        for char in text
    )


class RecognisedText(ValidationError):
    """A scanned PDF: its text was recognised (OCR) and must be checked by a person before it
    is parsed. `text` holds what was recognised."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__("这是扫描件：已识别出其中的文字，请在“正文”中核对、更正后再导入。")


def source_format_of(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(
            f"不支持的文件类型“{suffix or filename}”，请上传 .txt、.docx 或 .pdf 文件。"
        )
    return FORMATS[suffix]


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030", "big5", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("无法识别文本文件的编码，请另存为 UTF-8 后重新上传。")


def docx_text(data: bytes) -> str:
    """Paragraphs and table rows in document order; table cells joined by tabs."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as error:
        raise ValidationError("Word 文件已损坏或不是 .docx 格式。") from error
    lines = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError) as error:
        raise ValidationError("PDF 文件已损坏或无法读取。") from error
    text = "\n".join(pages)
    if len("".join(text.split())) < 20:
        from zhenxing.policies.parser.ocr import ocr_available, pdf_ocr_text

        if ocr_available():
            recognised = pdf_ocr_text(data)
            if len("".join(recognised.split())) >= 20:
                raise RecognisedText(unify_radicals(recognised))
        raise ValidationError(
            "PDF 中没有可提取的文字（可能是扫描件），请上传文字版 PDF 或 Word 文件。"
        )
    return text


def extract_text(filename: str, data: bytes) -> tuple[str, str]:
    """(text, source format) of an uploaded file; ValidationError with a clear message otherwise."""
    source_format = source_format_of(filename)
    try:
        check_upload(filename, data, POLICY_DOCUMENT)
    except UploadRefused as error:
        raise ValidationError(str(error)) from error
    if source_format == "txt":
        return unify_radicals(decode_text(data)), source_format
    if source_format == "docx":
        return unify_radicals(docx_text(data)), source_format
    return unify_radicals(pdf_text(data)), source_format

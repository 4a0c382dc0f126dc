"""Text out of uploaded policy files: .txt (UTF-8, GB18030, Big5), .docx, .pdf (a scanned
PDF's text is recognised offline and handed back for correction, see RecognisedText) and web
pages saved as .html (tags, scripts, styles and navigation removed, block elements and table
rows on lines of their own)."""

import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

from django.core.exceptions import ValidationError

from zhenxing.lib.encodings import declared_charset, decode_bytes
from zhenxing.lib.uploads import POLICY_DOCUMENT, UploadRefused, check_upload

MAX_FILE_BYTES = POLICY_DOCUMENT.max_file_bytes
FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
}


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


# Formats a person can turn into one read here in the program that made them.
SAVE_AS_DOCX = {".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"}


def source_format_of(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in SAVE_AS_DOCX:
        raise ValidationError(
            f"不支持的文件类型“{suffix}”：请在 Word 或 WPS 中打开，“另存为” .docx 后再上传。"
        )
    if suffix not in FORMATS:
        raise ValidationError(
            f"不支持的文件类型“{suffix or filename}”，请上传 .txt、.docx、.pdf 或网页（.html）文件。"
        )
    return FORMATS[suffix]


def decode_text(data: bytes, declared: str = "") -> str:
    """The text of a plain-text file or page in any encoding Chinese documents use
    (zhenxing/lib/encodings.py); `declared`: the charset the file names, if any."""
    text = decode_bytes(data, declared)
    if text is None:
        raise ValidationError("无法识别文本文件的编码，请另存为 UTF-8 后重新上传。")
    return text


# Page furniture, not the document: left out with everything inside. (Not <form>: ASP.NET
# sites wrap the whole page in one.)
SKIPPED_TAGS = {
    "script",
    "style",
    "nav",
    "footer",
    "aside",
    "noscript",
    "button",
    "select",
    "template",
    "svg",
    "iframe",
    "head",
    "object",
}
BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "main",
    "table",
    "tbody",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "dd",
    "dt",
    "pre",
    "hr",
    "center",
    "caption",
    "figure",
    "figcaption",
}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "wbr"}
# A site's furniture written as ordinary elements: <div class="footer">, <ul id="nav">.
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:footer|foot|bottom|copyright|nav|navbar|menu|breadcrumbs?|crumbs?|share|"
    r"sidebar|toolbar)(?:$|[\s_-])",
    re.IGNORECASE,
)
FURNITURE_TAGS = {"div", "ul", "ol", "section", "table", "dl"}  # always closed: safe to skip
SOURCE_SPACES = re.compile(r"[ \t\r\n\f]+")  # not U+3000: a document's own indentation


class _PageText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.preformatted = 0
        self.furniture: list | None = None  # [tag, depth] of a furniture element being skipped

    def handle_starttag(self, tag, attrs):
        if self.furniture:
            if tag == self.furniture[0]:
                self.furniture[1] += 1
            return
        if tag in FURNITURE_TAGS and _names_furniture(attrs):
            self.furniture = [tag, 1]
            return
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        if tag == "pre":
            self.preformatted += 1

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.furniture:
            if tag == self.furniture[0]:
                self.furniture[1] -= 1
                if self.furniture[1] == 0:
                    self.furniture = None
            return
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS and tag not in VOID_TAGS:
            self.parts.append("\n")
        if tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def handle_data(self, data):
        if self.skipping or self.furniture:
            return
        data = data.replace("\xa0", " ")
        # Line breaks in a page's source are spaces; only <pre> keeps them.
        self.parts.append(data if self.preformatted else SOURCE_SPACES.sub(" ", data))


def _names_furniture(attrs) -> bool:
    return any(
        name in ("class", "id") and value and FURNITURE.search(value) for name, value in attrs
    )


def html_text(data: bytes) -> str:
    """The text a browser shows of a saved web page, a block element or table row a line
    (table cells joined by tabs, as Word tables are read), in the page's declared charset."""
    parser = _PageText()
    parser.feed(decode_text(data, declared_charset(data)))
    parser.close()
    lines = (line.strip(" \t") for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


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
    if source_format == "html":
        return unify_radicals(html_text(data)), source_format
    return unify_radicals(pdf_text(data)), source_format

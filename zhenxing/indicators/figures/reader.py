"""The plain text of an uploaded document, the text that figures' offsets refer to: .txt
(UTF-8, GB18030, Big5), .docx, text-based .pdf (as for policies) and .html (tags, scripts,
styles and navigation removed, block elements on lines of their own)."""

import html
from html.parser import HTMLParser
from pathlib import PurePath

from django.core.exceptions import ValidationError

from zhenxing.policies.extract import (
    MAX_FILE_BYTES,
    decode_text,
    docx_text,
    pdf_text,
    unify_radicals,
)

SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}
SKIPPED = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "form",
    "button",
    "select",
    "template",
    "svg",
    "iframe",
}
BLOCKS = {
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
    "table",
    "ul",
    "ol",
    "blockquote",
    "title",
    "dd",
    "dt",
    "pre",
}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(" ".join(data.split()) if "\n" in data else data)


def html_text(data: bytes) -> str:
    parser = _TextParser()
    parser.feed(decode_text(data))
    parser.close()
    lines = (line.strip() for line in html.unescape("".join(parser.parts)).split("\n"))
    return "\n".join(line for line in lines if line)


def read_document(filename: str, data: bytes) -> str:
    """The plain text of an uploaded file; ValidationError with a clear message otherwise."""
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(f"文件过大，上限为 {MAX_FILE_BYTES // 1048576} MB。")
    kind = SUFFIXES.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise ValidationError("不支持的文件类型，请上传 .txt、.docx、.pdf 或 .html 文件。")
    reader = {"txt": decode_text, "docx": docx_text, "pdf": pdf_text, "html": html_text}[kind]
    return unify_radicals(reader(data))

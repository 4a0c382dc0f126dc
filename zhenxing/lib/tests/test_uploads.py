"""The shared upload checks on the disguises a bomb can wear (the doors are tested per app)."""

import pytest

from zhenxing.lib.uploads import DIVISION_TABLE, POLICY_DOCUMENT, UploadRefused, check_upload
from zhenxing.testing import BILLION_LAUGHS, office_file

DOCUMENT_END = (
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body/></w:document>"
)
DTD = BILLION_LAUGHS.split(b"\n", 1)[1]


def docx_with(document_xml: bytes) -> bytes:
    return office_file(".docx", {"word/document.xml": document_xml})


@pytest.mark.parametrize(
    "document_xml",
    [
        pytest.param(BILLION_LAUGHS + DOCUMENT_END, id="plain"),
        pytest.param(
            b'<?xml version="1.0"?><!-- <w:document> -->' + DTD + DOCUMENT_END,
            id="after-a-comment-that-looks-like-the-root",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!--' + b" " * 70_000 + b"-->" + DTD + DOCUMENT_END,
            id="after-a-long-comment",
        ),
        pytest.param(
            (
                '<?xml version="1.0" encoding="UTF-16"?>' + DTD.decode() + DOCUMENT_END.decode()
            ).encode("utf-16"),
            id="utf-16",
        ),
        pytest.param(
            b"<?xml version='1.0'?><!doctype x SYSTEM 'file:///etc/passwd'>" + DOCUMENT_END
        ),
    ],
)
def test_document_type_declarations_are_refused_however_hidden(document_xml):
    with pytest.raises(UploadRefused, match="文档类型声明|开头过长"):
        check_upload("policy.docx", docx_with(document_xml), POLICY_DOCUMENT)


def test_doctype_inside_a_comment_or_text_is_harmless():
    commented = b'<?xml version="1.0"?><!-- <!DOCTYPE x> -->' + DOCUMENT_END
    check_upload("policy.docx", docx_with(commented), POLICY_DOCUMENT)
    in_text = DOCUMENT_END.replace(b"<w:body/>", b"<w:body><w:t>&lt;!DOCTYPE</w:t></w:body>")
    check_upload("policy.docx", docx_with(in_text), POLICY_DOCUMENT)


def test_declared_dimension_is_checked_even_when_the_cells_are_few():
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main"><dimension ref="A1:CV30000"/><sheetData/></worksheet>'
    )
    data = office_file(".xlsx", {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(UploadRefused, match="30000 行 × 100 列"):
        check_upload("table.xlsx", data, DIVISION_TABLE)


def test_empty_and_oversized_files():
    with pytest.raises(UploadRefused, match="文件为空"):
        check_upload("policy.txt", b"", POLICY_DOCUMENT)
    with pytest.raises(UploadRefused, match="文件过大"):
        check_upload("policy.txt", b"x" * (POLICY_DOCUMENT.max_file_bytes + 1), POLICY_DOCUMENT)

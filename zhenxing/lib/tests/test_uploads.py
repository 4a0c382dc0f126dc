"""The shared upload checks on the disguises a bomb can wear (the doors are tested per app)."""

import io

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


def understated(data: bytes, part: str, declared: int) -> bytes:
    """`data` with the zip declaring only the first `declared` bytes of `part` (size and CRC, in
    the local header and the directory): Python's reader then finds nothing wrong."""
    import struct
    import zipfile
    import zlib

    archive = zipfile.ZipFile(io.BytesIO(data))
    checksum = zlib.crc32(archive.read(part)[:declared])
    name = part.encode()
    patched = bytearray(data)
    local = archive.getinfo(part).header_offset
    struct.pack_into("<I", patched, local + 14, checksum)
    struct.pack_into("<I", patched, local + 22, declared)
    central = patched.find(b"PK\x01\x02")
    while central >= 0:
        if patched[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", patched, central + 16, checksum)
            struct.pack_into("<I", patched, central + 24, declared)
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def test_a_zip_that_understates_what_a_sheet_unpacks_to_is_refused():
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 400_000  # 20 MB, 0.1 MB packed
    sheet = b'<?xml version="1.0"?><worksheet><sheetData>' + rows + b"</sheetData></worksheet>"
    honest = office_file(".xlsx", {"xl/worksheets/sheet1.xml": sheet})
    with pytest.raises(UploadRefused, match="压缩比异常"):
        check_upload("table.xlsx", honest, DIVISION_TABLE)
    lying = understated(honest, "xl/worksheets/sheet1.xml", 4096)
    with pytest.raises(UploadRefused, match="与文件声明的不符"):
        check_upload("table.xlsx", lying, DIVISION_TABLE)


def test_a_sheet_disguised_as_an_image_is_still_measured():
    """calamine skips leading junk, so "BM" (a bitmap's first bytes) must not exempt a part."""
    far_cell = (
        b'BM<?xml version="1.0"?><worksheet><sheetData><row r="1048576">'
        b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    for part in ("xl/worksheets/sheet1.xml", "xl/media/image1.png"):
        data = office_file(".xlsx", {part: far_cell})
        with pytest.raises(UploadRefused, match="工作表范围过大"):
            check_upload("table.xlsx", data, DIVISION_TABLE)


def test_sheets_read_in_chunks_skip_the_cell_scan_and_others_do_not():
    """The project import reads large sheets with its own chunked reader, which allocates row
    by row and stops at the declared size; only sheets that calamine reads need the full scan
    (it costs about 10 s at a million rows). A small sheet with one far cell shows the rule."""
    import dataclasses

    from zhenxing.lib.uploads import PROJECT_LIST
    from zhenxing.testing import sparse_sheet

    with pytest.raises(UploadRefused, match="范围过大"):
        check_upload("projects.xlsx", sparse_sheet(), PROJECT_LIST)
    read_in_chunks = dataclasses.replace(PROJECT_LIST, chunked_sheet_bytes=1)
    check_upload("projects.xlsx", sparse_sheet(), read_in_chunks)  # the reader's own to check

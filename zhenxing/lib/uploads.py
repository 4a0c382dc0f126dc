"""Checks every uploaded file passes before any parser sees it (decompression bombs and kin).

A .docx or .xlsx is a zip of XML: a 1 MB file can unpack to gigabytes, and one XML part can
declare entities that expand a thousandfold (billion laughs). A PDF can declare ten thousand
pages or pages kilometres wide. `check_upload` looks only at the container (sizes declared in the
zip directory, compression ratio, entry count, XML prologue, sheet extents, PDF page tree) and
refuses with a message a user can act on. Each upload path names its `UploadLimits`: a policy
document, a division table, an evidence file and a project list differ in what is normal.
"""

import copy
import io
import operator
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePath

MEGABYTE = 1024 * 1024
RATIO_FLOOR_BYTES = MEGABYTE  # small entries may compress as they like
PROLOGUE_MAX_BYTES = 64 * 1024  # an XML part's text before its root element
READ_BYTES = 4 * MEGABYTE
MAX_COLUMN_LETTERS = 3  # XFD, Excel's last column


class UploadRefused(ValueError):
    """A file that cannot or must not be read; the message is shown to the user."""


@dataclass(frozen=True)
class UploadLimits:
    """What one upload path accepts. Sizes in bytes; `max_ratio` is unpacked ÷ packed per entry."""

    max_file_bytes: int
    max_unpacked_bytes: int
    max_xml_bytes: int  # any one XML part, unpacked
    max_entries: int = 2_000
    max_ratio: int = 100  # ordinary Office parts compress 5–30×; zip bombs 1,000× and more
    max_rows: int = 1_048_576  # Excel's own limit
    max_columns: int = 200
    max_cells: int = 40_000_000
    read_pdf_pages: bool = True  # False where PDFs are stored for download, never parsed here
    max_pdf_pages: int = 1_000
    max_pdf_page_points: float = 14_400  # 200 inches, the PDF specification's own page limit
    # Sheet parts at least this large are read by our own chunked reader (lib.xlsx_chunks, for
    # the project import), not calamine: it stops at the declared size and checks the CRC, and
    # allocates row by row, so such parts skip the full cell scan. 0: every part is scanned.
    chunked_sheet_bytes: int = 0


POLICY_DOCUMENT = UploadLimits(
    max_file_bytes=20 * MEGABYTE, max_unpacked_bytes=200 * MEGABYTE, max_xml_bytes=64 * MEGABYTE
)
DIVISION_TABLE = UploadLimits(
    max_file_bytes=20 * MEGABYTE,
    max_unpacked_bytes=200 * MEGABYTE,
    max_xml_bytes=128 * MEGABYTE,
    max_rows=20_000,  # a division table lists tasks: hundreds of rows
    max_columns=100,
    max_cells=1_000_000,
)
EVIDENCE = UploadLimits(
    max_file_bytes=10 * MEGABYTE,
    max_unpacked_bytes=100 * MEGABYTE,
    max_xml_bytes=64 * MEGABYTE,
    # Evidence PDFs are only stored and handed back; reading their page tree here would refuse
    # the slightly damaged PDFs that viewers open, and protect no parser of ours.
    read_pdf_pages=False,
)
PROJECT_LIST = UploadLimits(
    max_file_bytes=200 * MEGABYTE,
    max_unpacked_bytes=2 * 1024 * MEGABYTE,  # a 1,000,000-row list with inline strings: 0.8 GB
    max_xml_bytes=2 * 1024 * MEGABYTE,
    max_ratio=250,  # inline-string sheets of repeated text compress well
    chunked_sheet_bytes=48 * MEGABYTE,  # lib.workbooks.CHUNKED_MIN_BYTES
)

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_COMMENT_OR_INSTRUCTION = re.compile(rb"<!--.*?-->|<\?.*?\?>", re.DOTALL)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?\"")
# Any attribute r="XFD1048576": only cells carry a reference with letters (rows carry digits).
_CELL_REFERENCE = re.compile(rb"\sr=\"([A-Z]{1,4})([0-9]+)\"")
_COLUMN, _ROW = operator.itemgetter(0), operator.itemgetter(1)


def column_number(letters: str) -> int:
    """A1-style column letters as a 1-based number (A → 1, AA → 27)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_upload(filename: str, source: bytes | Path, limits: UploadLimits) -> None:
    """Refuse `source` (the bytes or the stored path of `filename`) if it breaks `limits`."""
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    if size == 0:
        raise UploadRefused("文件为空。")
    if size > limits.max_file_bytes:
        raise UploadRefused(
            f"文件过大（{size / MEGABYTE:.1f} MB），上限为 {limits.max_file_bytes // MEGABYTE} MB。"
        )
    suffix = PurePath(filename).suffix.lower()
    opened = source if isinstance(source, Path) else io.BytesIO(source)
    if suffix in (".docx", ".xlsx", ".xlsm"):
        check_office_zip(opened, limits, spreadsheet=suffix != ".docx")
    elif suffix == ".pdf" and limits.read_pdf_pages:
        check_pdf(opened, limits)


def check_office_zip(source, limits: UploadLimits, *, spreadsheet: bool) -> None:
    """Refuse a .docx or .xlsx whose zip is damaged or breaks `limits`."""
    kind = "表格文件" if spreadsheet else "Word 文件"
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefused(
            "无法读取该表格文件：文件已损坏、已加密或不是 .xlsx 表格。"
            if spreadsheet
            else "Word 文件已损坏、已加密或不是 .docx 文件，无法读取。"
        ) from error
    try:
        with archive:
            _check_entries(archive, limits, kind, spreadsheet)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as error:
        raise UploadRefused(f"{kind}已损坏或使用了不支持的压缩方式，已拒绝读取。") from error


def _check_entries(archive: zipfile.ZipFile, limits: UploadLimits, kind: str, spreadsheet: bool):
    """Entry count, unpacked sizes and ratios, no DTD in any XML part, sheet extents."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise UploadRefused(f"{kind}内部条目过多（{len(entries)} 个），已拒绝读取。")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise UploadRefused(
            f"{kind}解压后过大（{unpacked // MEGABYTE} MB，上限 "
            f"{limits.max_unpacked_bytes // MEGABYTE} MB），疑似“压缩炸弹”，已拒绝读取。"
        )
    for entry in entries:
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > limits.max_ratio * max(
            entry.compress_size, 1
        ):
            raise UploadRefused(
                f"{kind}压缩比异常（{entry.file_size // max(entry.compress_size, 1)} 倍），"
                "疑似“压缩炸弹”，已拒绝读取。"
            )
        if not spreadsheet:
            # Word parts are read by Python's zip reader, which stops at the declared size, and
            # by lxml, whose entity expansion the prologue check forestalls.
            if entry.filename.endswith((".xml", ".rels", ".vml")):
                _check_xml_part(archive, entry, limits, kind)
            continue
        # A spreadsheet reader follows the workbook's relationships, whatever a part is called,
        # and its XML reader skips leading junk: every part is read whole (sizes, cell extent).
        # Images and other binary parts skip only the XML prologue check (calamine expands no
        # entities; the check would find no root element in them).
        if not _is_binary(archive, entry):
            _check_xml_part(archive, entry, limits, kind)
        _check_sheet_extent(archive, entry, limits)


def _check_xml_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits, kind: str) -> None:
    if entry.file_size > limits.max_xml_bytes:
        raise UploadRefused(
            f"{kind}中的 {entry.filename} 解压后过大（{entry.file_size // MEGABYTE} MB，"
            f"上限 {limits.max_xml_bytes // MEGABYTE} MB），已拒绝读取。"
        )
    _check_prologue(archive, entry, kind)


BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BM",
    b"\x01\x00\x00\x00",  # EMF
    b"\xd7\xcd\xc6\x9a",  # placeable WMF
    b"II*\x00",
    b"MM\x00*",
    b"\xd0\xcf\x11\xe0",  # OLE compound file: macros (vbaProject.bin), embedded objects
    b"PK\x03\x04",  # an embedded workbook or document, which no reader of ours opens
    b"%PDF",
)


def _is_binary(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    with archive.open(entry) as stream:
        return stream.read(8).startswith(BINARY_SIGNATURES)


def _check_prologue(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, kind: str) -> None:
    """No document type declaration before the root element: no entities to expand, no XXE.

    Office never writes one, so a DTD is refused outright rather than parsed with care.
    """
    head = b""
    root = None
    with archive.open(entry) as stream:
        while root is None and len(head) < PROLOGUE_MAX_BYTES:
            block = stream.read(4096)
            if not block:
                break
            # UTF-16 parts: read the ASCII markup with its zero bytes taken out.
            head += block.replace(b"\x00", b"")
            # Comments and processing instructions may hold anything, "<a" included.
            prologue = _COMMENT_OR_INSTRUCTION.sub(b"", head)
            unfinished = [at for at in (prologue.find(b"<!--"), prologue.find(b"<?")) if at >= 0]
            root = _ROOT_START.search(prologue, 0, min(unfinished, default=len(prologue)))
    prologue = _COMMENT_OR_INSTRUCTION.sub(b"", head)
    if root is not None:
        prologue = prologue[: root.start()]
    if _DTD.search(prologue):
        raise UploadRefused(
            f"{kind}含有文档类型声明（DTD/实体定义，可被用于“实体膨胀”攻击），已拒绝读取。"
        )
    if root is None and len(head) >= PROLOGUE_MAX_BYTES:
        raise UploadRefused(f"{kind}结构异常（{entry.filename} 开头过长），已拒绝读取。")


def _check_sheet_extent(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits) -> None:
    """Rows × columns a reader would allocate: the declared dimension, then every cell reference
    (read in full, which also proves the part unpacks to the size the zip declares)."""
    with archive.open(entry) as stream:
        head = stream.read(4096)
    match = _DIMENSION.search(head)
    if match:
        first_column, first_row, last_column, last_row = match.groups()
        _check_extent(
            int(last_row or first_row),
            column_number((last_column or first_column).decode()),
            limits,
        )
    if limits.chunked_sheet_bytes and entry.file_size >= limits.chunked_sheet_bytes:
        return  # read in chunks by lib.xlsx_chunks, which neither trusts nor allocates by size
    # Readers size a sheet from its cells when the dimension is missing or wrong: one cell at
    # XFD1048576 in a 2 KB file would make them allocate seventeen billion cells (and abort).
    # The scan reads about 100 MB of XML a second: 8 s for the largest project list allowed.
    last_row = last_column = 0
    tail = b""
    for block in unpacked_blocks(archive, entry, limits):
        text = tail + block
        references = _CELL_REFERENCE.findall(text)
        if references:  # map and set keep the per-cell work in C: a million cells a second
            last_row = max(last_row, max(map(int, map(_ROW, references))))
            for letters in set(map(_COLUMN, references)):
                if len(letters) > MAX_COLUMN_LETTERS:
                    raise UploadRefused("工作表含有无效的单元格地址，已拒绝读取。")
                last_column = max(last_column, column_number(letters.decode()))
        # The next block starts with the last tag begun here, however long its attributes.
        tail = text[max(text.rfind(b"<"), 0) :]
        if len(tail) > PROLOGUE_MAX_BYTES:
            raise UploadRefused(f"工作表结构异常（{entry.filename} 中有过长的标记），已拒绝读取。")
    _check_extent(last_row, last_column, limits)


def unpacked_blocks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, limits: UploadLimits):
    """The entry's bytes as they unpack, without trusting the size the zip declares for it.

    A zip whose directory understates an entry passes every check on declared sizes, and a
    reader that decompresses to the end of the stream (calamine does) is flooded anyway.
    Python's own reader stops at the declared size, so it is told the largest size allowed.
    """
    unbounded = copy.copy(entry)
    unbounded.file_size = limits.max_xml_bytes + 1
    read = 0
    try:
        with archive.open(unbounded) as stream:
            while block := stream.read(READ_BYTES):
                read += len(block)
                if read > entry.file_size:
                    break
                yield block
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as error:
        raise UploadRefused(f"{entry.filename} 已损坏，已拒绝读取。") from error
    if read != entry.file_size:
        raise UploadRefused(
            f"{entry.filename} 解压后的大小与文件声明的不符（疑似“压缩炸弹”），已拒绝读取。"
        )


def _check_extent(rows: int, columns: int, limits: UploadLimits) -> None:
    if rows > limits.max_rows or columns > limits.max_columns or rows * columns > limits.max_cells:
        raise UploadRefused(
            f"工作表范围过大（{rows} 行 × {columns} 列），已拒绝读取；"
            f"上限为 {limits.max_rows} 行、{limits.max_columns} 列。"
        )


def check_pdf(source, limits: UploadLimits) -> None:
    """The page tree only: page count and page sizes (content streams are not decoded)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(source)
        pages = reader.pages
        count = len(pages)
        if count > limits.max_pdf_pages:
            raise UploadRefused(
                f"PDF 页数过多（{count} 页，上限 {limits.max_pdf_pages} 页），已拒绝读取。"
            )
        for page in pages:
            box = page.mediabox
            if max(abs(box.width), abs(box.height)) > limits.max_pdf_page_points:
                raise UploadRefused("PDF 页面尺寸异常，已拒绝读取。")
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise UploadRefused("PDF 文件已损坏或无法读取。") from error

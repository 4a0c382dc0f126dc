"""Reading uploaded spreadsheets (.xlsx, .xls, .csv) safely and fast.

An .xlsx is a zip: a 0.6 MB file can unpack to ten million cells and take a reader to
gigabytes of memory. `check_workbook` looks at the container (entry count, total unpacked size,
compression ratio, document type declarations) and at the sheets' declared dimensions before any
parser sees the file, and refuses with a message a user can act on. Cells are then read by
calamine (Rust, no DTD or external entity processing); CSV by the standard library.
"""

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".csv")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024  # a 1,000,000-row list with inline strings: 0.8 GB
MAX_ENTRIES = 2_000
MAX_RATIO = 250  # ordinary sheets compress 5–30×; zip bombs 1,000× and more
RATIO_FLOOR_BYTES = 1024 * 1024  # small entries may compress as they like
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 200
MAX_CELLS = 40_000_000
CHUNKED_MIN_BYTES = 48 * 1024 * 1024  # sheet XML above this is read in parallel chunks

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?\"")


class WorkbookError(ValueError):
    """A file that cannot or must not be read; the message is shown to the user."""


@dataclass
class SheetRows:
    """One sheet's rows as lists of Python values (str, float, bool, date, datetime; "" if empty).

    `first_row` is the spreadsheet's own (1-based) number of the first row yielded, so that
    errors can name the row a user sees.
    """

    name: str
    height: int
    first_row: int
    first_column: int
    rows: Iterator[list]


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_workbook(path: Path, filename: str) -> None:
    """Refuse files that are too large, not spreadsheets, or built to exhaust the reader."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise WorkbookError("请上传 Excel 或 CSV 表格（.xlsx、.xls 或 .csv）。")
    size = path.stat().st_size
    if size == 0:
        raise WorkbookError("文件为空。")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(f"文件过大（上限 {MAX_FILE_BYTES // 1048576} MB）。")
    if suffix == ".xlsx":
        _check_zip(path)


def _check_zip(path: Path) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise WorkbookError("文件不是有效的 .xlsx 表格（可能已损坏或已加密）。") from error
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise WorkbookError("表格文件内部条目过多，已拒绝读取。")
        unpacked = sum(entry.file_size for entry in entries)
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookError(
                f"表格解压后过大（{unpacked // 1048576} MB，上限 "
                f"{MAX_UNPACKED_BYTES // 1048576} MB），已拒绝读取。"
            )
        for entry in entries:
            if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > MAX_RATIO * max(
                entry.compress_size, 1
            ):
                raise WorkbookError("表格文件压缩比异常（疑似“压缩炸弹”），已拒绝读取。")
            if entry.filename.endswith((".xml", ".rels")):
                with archive.open(entry) as stream:
                    head = stream.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise WorkbookError("表格文件含有文档类型声明（DTD），已拒绝读取。")
                if entry.filename.startswith("xl/worksheets/"):
                    _check_dimension(head)


def _check_dimension(head: bytes) -> None:
    match = _DIMENSION.search(head)
    if not match:
        return
    first_column, first_row, last_column, last_row = match.groups()
    rows = int(last_row or first_row) - int(first_row) + 1
    columns = column_number((last_column or first_column).decode()) - column_number(
        first_column.decode()
    )
    columns += 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS or rows * columns > MAX_CELLS:
        raise WorkbookError(
            f"工作表范围过大（{rows} 行 × {columns} 列），已拒绝读取；"
            f"上限为 {MAX_ROWS} 行、{MAX_COLUMNS} 列。"
        )


def sheet_names(path: Path, filename: str) -> list[str]:
    if Path(filename).suffix.lower() == ".csv":
        return [Path(filename).stem]
    return _calamine_workbook(path).sheet_names


def open_sheet(path: Path, filename: str, sheet_name: str = "") -> SheetRows:
    """The rows of one sheet of an already checked file (the first sheet by default)."""
    if Path(filename).suffix.lower() == ".csv":
        text = decode_text(path.read_bytes())
        height = text.count("\n") + (0 if text.endswith("\n") else 1)
        if height > MAX_ROWS:
            raise WorkbookError(f"CSV 文件行数过多（上限 {MAX_ROWS} 行）。")
        return SheetRows(Path(filename).stem, height, 1, 0, csv.reader(io.StringIO(text)))
    from python_calamine import CalamineError

    if Path(filename).suffix.lower() == ".xlsx":
        chunked = _chunked(path, sheet_name)
        if chunked is not None:
            return chunked
    workbook = _calamine_workbook(path)
    name = sheet_name if sheet_name in workbook.sheet_names else workbook.sheet_names[0]
    try:
        sheet = workbook.get_sheet_by_name(name)
    except (CalamineError, OSError, ValueError) as error:
        raise WorkbookError("无法读取该表格文件，文件可能已损坏或已加密。") from error
    if sheet.height > MAX_ROWS or sheet.width > MAX_COLUMNS:
        raise WorkbookError(
            f"工作表“{name}”范围过大（{sheet.height} 行 × {sheet.width} 列），已拒绝读取。"
        )
    # iter_rows counts from A1 whatever the first used cell is.
    height = sheet.end[0] + 1 if sheet.end else 0
    return SheetRows(name, height, 1, 0, sheet.iter_rows())


def _chunked(path: Path, sheet_name: str) -> SheetRows | None:
    """Large sheets are parsed chunk by chunk, overlapping the caller's work (xlsx_chunks)."""
    from zhenxing.lib.xlsx_chunks import ChunkedSheet, sheet_xml_size

    try:
        if sheet_xml_size(path, sheet_name) < CHUNKED_MIN_BYTES:
            return None
        sheet = ChunkedSheet(path, sheet_name)
        rows = sheet.rows()
        first = next(rows, None)  # reads the sheet's dimension and the first chunk
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise WorkbookError("无法读取该表格文件，文件可能已损坏。") from error
    height = sheet.height or sheet_xml_size(path, sheet_name) // 800
    if height > MAX_ROWS:
        raise WorkbookError(f"工作表“{sheet.name}”行数过多（上限 {MAX_ROWS} 行），已拒绝读取。")
    return SheetRows(
        sheet.name, height, 1, 0, itertools.chain([first] if first is not None else [], rows)
    )


def _calamine_workbook(path: Path):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise WorkbookError("无法读取该表格文件，文件可能已损坏或已加密。") from error
    if not workbook.sheet_names:
        raise WorkbookError("表格中没有工作表。")
    return workbook


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookError("无法识别 CSV 文件的编码，请另存为 UTF-8 后重新上传。")

"""Reading uploaded spreadsheets (.xlsx, .xls, .csv) safely and fast.

An .xlsx is a zip: a 0.6 MB file can unpack to ten million cells and take a reader to
gigabytes of memory. `check_workbook` runs the shared upload checks (zhenxing.lib.uploads:
entry count, unpacked size, compression ratio, document type declarations, the sheets'
declared dimensions) before any parser sees the file, and refuses with a message a user can
act on. Cells are then read by
calamine (Rust, no DTD or external entity processing); CSV by the standard library.
"""

import contextlib
import csv
import io
import itertools
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhenxing.lib.encodings import decode_bytes
from zhenxing.lib.uploads import PROJECT_LIST, UploadRefused, check_upload

SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".csv")
MAX_ROWS = PROJECT_LIST.max_rows
MAX_COLUMNS = PROJECT_LIST.max_columns
CHUNKED_MIN_BYTES = 48 * 1024 * 1024  # sheet XML above this is read in parallel chunks

# One refusal for every upload path: the project import's callers catch it by this name.
WorkbookError = UploadRefused


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


def check_workbook(path: Path, filename: str) -> None:
    """Refuse files that are too large, not spreadsheets, or built to exhaust the reader."""
    if Path(filename).suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise WorkbookError("请上传 Excel 或 CSV 表格（.xlsx、.xls 或 .csv）。")
    check_upload(filename, path, PROJECT_LIST)


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
    text = decode_bytes(data)
    if text is None:
        raise WorkbookError("无法识别 CSV 文件的编码，请另存为 UTF-8 后重新上传。")
    return text


@dataclass
class RowError:
    """What is wrong with one row of an imported table, by the row number the user sees."""

    row: int
    message: str


@contextlib.contextmanager
def stored_upload(upload, name: str = "") -> Iterator[Path]:
    """An uploaded (or stored) file written to a temporary file with the suffix of its name
    (`name`, else the file's own) for the checks and the reader, removed afterwards."""
    suffix = Path(name or upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as stored:
        for chunk in upload.chunks():
            stored.write(chunk)
        stored.flush()
        yield Path(stored.name)

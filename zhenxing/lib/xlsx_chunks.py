"""Reading a large .xlsx sheet in chunks, parsing the next chunk while the caller works.

calamine parses a whole sheet before handing over its first row, and a million-row sheet takes
it about fifteen seconds on one core while the other core idles. Here the sheet's XML is
decompressed as a stream and cut at row boundaries into small in-memory workbooks; calamine
(which releases the GIL) parses chunk k+1 on a worker thread while the caller checks and
writes the rows of chunk k. Rows come out numbered as in the sheet (gaps filled with empty
rows, columns counted from A), exactly as `workbooks.open_sheet` gives them.
"""

import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

CHUNK_BYTES = 24 * 1024 * 1024  # of sheet XML: about 30,000 rows of a typical list
READ_BYTES = 4 * 1024 * 1024

_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"')
_RELATION = re.compile(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"')
_RELATION_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"')
_DATA_START = re.compile(rb"<((?:\w+:)?)sheetData\s*(/?)>")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*([0-9]+)(?::[A-Z]*([0-9]+))?"')


def sheet_entry(archive: zipfile.ZipFile, sheet_name: str = "") -> tuple[str, str]:
    """(sheet name, zip entry name) of the named sheet, or of the first one."""
    workbook = archive.read("xl/workbook.xml")
    relations_xml = archive.read("xl/_rels/workbook.xml.rels")
    relations = dict(_RELATION.findall(relations_xml))
    relations.update({key: value for value, key in _RELATION_REVERSED.findall(relations_xml)})
    sheets = [(name, rid) for name, rid in _SHEET_TAG.findall(workbook)]
    if not sheets:
        raise ValueError("no sheets")
    chosen = next((s for s in sheets if s[0].decode() == sheet_name), sheets[0])
    target = relations[chosen[1]].decode()
    target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return chosen[0].decode(), target


def sheet_xml_size(path, sheet_name: str = "") -> int:
    with zipfile.ZipFile(path) as archive:
        _name, entry = sheet_entry(archive, sheet_name)
        return archive.getinfo(entry).file_size


class ChunkedSheet:
    """Rows of one sheet, parsed chunk by chunk one step ahead of the reader."""

    def __init__(self, path, sheet_name: str = "") -> None:
        self.archive = zipfile.ZipFile(path)
        self.name, self.entry = sheet_entry(self.archive, sheet_name)
        # Everything but worksheets goes into each chunk's workbook (strings, styles, rels).
        self.others = {
            info.filename: self.archive.read(info.filename)
            for info in self.archive.infolist()
            if not info.filename.startswith("xl/worksheets/") or info.filename.endswith(".rels")
        }
        self.height = 0
        self.first_row = 1
        self.first_column = 0

    def _pieces(self) -> Iterator[bytes]:
        """The sheet's XML cut into well-formed worksheets of about CHUNK_BYTES each."""
        stream = self.archive.open(self.entry)
        buffer = b""
        while True:
            block = stream.read(READ_BYTES)
            buffer += block
            match = _DATA_START.search(buffer)
            if match or not block:
                break
        if not match:
            return
        dimension = _DIMENSION.search(buffer, 0, match.start())
        if dimension:
            self.height = int(dimension.group(2) or dimension.group(1))
        # Without the sheet's <dimension>: calamine would size every chunk to the whole sheet.
        head = re.sub(rb"<(?:\w+:)?dimension\b[^>]*/>", b"", buffer[: match.start()])
        prefix = head + b"<" + match.group(1) + b"sheetData>"
        closing = b"</" + match.group(1) + b"sheetData></" + match.group(1) + b"worksheet>"
        if match.group(2):  # <sheetData/>: no rows
            return
        row_end = b"</" + match.group(1) + b"row>"
        data_end = b"</" + match.group(1) + b"sheetData>"
        buffer = buffer[match.end() :]
        finished = False
        while not finished:
            while len(buffer) < CHUNK_BYTES:
                block = stream.read(READ_BYTES)
                if not block:
                    break
                buffer += block
            end = buffer.find(data_end)
            if end >= 0:
                rows, buffer, finished = buffer[:end], b"", True
            else:
                cut = buffer.rfind(row_end)
                if cut < 0:
                    if len(buffer) > 16 * CHUNK_BYTES:
                        raise ValueError("row too long")
                    block = stream.read(READ_BYTES)
                    if not block:
                        raise ValueError("unterminated sheet")
                    buffer += block
                    continue
                cut += len(row_end)
                rows, buffer = buffer[:cut], buffer[cut:]
            if rows.strip():
                yield prefix + rows + closing

    def _workbook(self, piece: bytes) -> io.BytesIO:
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as chunk:
            for name, data in self.others.items():
                chunk.writestr(name, data)
            chunk.writestr(self.entry, piece)
            for info in self.archive.infolist():
                if (
                    info.filename.startswith("xl/worksheets/")
                    and not info.filename.endswith(".rels")
                    and info.filename != self.entry
                ):
                    chunk.writestr(info.filename, _EMPTY_SHEET)
        output.seek(0)
        return output

    def _parse(self, workbook: io.BytesIO):
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_filelike(workbook).get_sheet_by_name(self.name)

    def rows(self) -> Iterator[list]:
        """Every row from row 1 (empty lists for rows without cells), columns from A."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            pieces = self._pieces()
            piece = next(pieces, None)
            pending = pool.submit(self._parse, self._workbook(piece)) if piece else None
            next_row = 0
            while pending is not None:
                sheet = pending.result()
                piece = next(pieces, None)
                pending = pool.submit(self._parse, self._workbook(piece)) if piece else None
                if sheet.start is None:
                    continue
                start_row, start_column = sheet.start
                while next_row < start_row:
                    yield []
                    next_row += 1
                padding = [""] * start_column
                rows = sheet.to_python(skip_empty_area=True)  # from (start_row, start_column)
                for row in rows:
                    yield padding + row if start_column else row
                next_row = start_row + len(rows)
        self.archive.close()


_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)

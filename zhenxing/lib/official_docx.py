"""Word documents in official-document layout (GB/T 9704-2012), built with python-docx.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a document grid of 22 lines
of 28 characters; title in 小标宋 2号 (22 pt); body in 仿宋_GB2312 3号 (16 pt); first-level
headings 黑体, second-level 楷体_GB2312, third-level 仿宋 bold; page numbers "— 1 —" in 4号
宋体, odd pages on the right and even pages on the left, one character in from the edge.

The official font names are written into the file (w:eastAsia), so a reader's Word uses the
fonts it has; PDF rendering maps them to free fonts (see zhenxing.lib.fonts).
"""

import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312"}
PAGE_NUMBER_FONT = "宋体"
TITLE_SIZE = Pt(22)  # 2号
BODY_SIZE = Pt(16)  # 3号
TABLE_SIZE = Pt(12)  # 小4号, for dense tables
PAGE_NUMBER_SIZE = Pt(14)  # 4号
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE = 22
CHARACTERS_PER_LINE = 28
# Text area height / 22 lines: (297 - 37 - 35) mm = 637.8 pt → 28.99 pt a line.
LINE_PITCH = Pt((297 - MARGINS_MM["top"] - MARGINS_MM["bottom"]) / 25.4 * 72 / LINES_PER_PAGE)


def set_run_font(
    run, east_asian: str, size=None, bold: bool | None = None, latin: str = "Times New Roman"
) -> None:
    """Set a run's font for Chinese (w:eastAsia) and Latin text alike."""
    run.font.name = latin
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    if size is not None:
        run.font.size = size
    if bold is not None:
        run.font.bold = bold


def _page_number_paragraph(footer, alignment) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    indent = Pt(14)  # one character of 4号 in from the edge
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin="宋体")
    run = paragraph.add_run()
    set_run_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin="宋体")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._element.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._element.append(instruction)
    set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, latin="宋体")


@dataclass
class OfficialDocument:
    """A Word document in official layout; add title, headings, paragraphs, tables, images."""

    landscape: bool = False

    def __post_init__(self) -> None:
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if self.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(28 - 7)  # page number 7 mm below the text area
        self._document_grid(section)
        normal = self.document.styles["Normal"]
        normal.font.size = BODY_SIZE
        normal.font.name = "Times New Roman"
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), BODY_FONT)
        paragraph_format = normal.paragraph_format
        paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph_format.line_spacing = LINE_PITCH
        paragraph_format.space_before = Pt(0)
        paragraph_format.space_after = Pt(0)
        # Odd pages number on the right, even pages on the left (GB/T 9704 §7.5).
        self.document.settings.odd_and_even_pages_header_footer = True
        _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    @staticmethod
    def _document_grid(section) -> None:
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
        width_pt = (210 - MARGINS_MM["left"] - MARGINS_MM["right"]) / 25.4 * 72
        # charSpace: extra space per character in 1/4096 pt relative to the 16 pt body font.
        grid.set(
            qn("w:charSpace"), str(round((width_pt / CHARACTERS_PER_LINE - BODY_SIZE.pt) * 4096))
        )

    def title(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing = Pt(35)
        set_run_font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)
        self.document.add_paragraph()  # one blank line under the title

    def subtitle(self, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(paragraph.add_run(text), HEADING_FONTS[2], BODY_SIZE)

    def heading(self, text: str, level: int = 1) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.paragraph_format.keep_with_next = True
        set_run_font(
            paragraph.add_run(text), HEADING_FONTS.get(level, BODY_FONT), BODY_SIZE, bold=level >= 3
        )

    def paragraph(self, text: str, *, indent: bool = True, align=None, bold: bool = False) -> None:
        paragraph = self.document.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
        if align == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        set_run_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE, bold=bold or None)

    def table(
        self,
        headers: list[str],
        rows: list[list],
        widths_mm: list[float] | None = None,
        size=TABLE_SIZE,
    ):
        """A bordered table: header row in 黑体, cells in 仿宋, numbers right-aligned."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            self._cell_text(cell, header, HEADING_FONTS[1], size, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                numeric = isinstance(value, int | float) or (
                    isinstance(value, str) and _looks_numeric(value)
                )
                align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
                self._cell_text(
                    cell, "" if value is None else str(value), BODY_FONT, size, align=align
                )
        if widths_mm:
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=True):
                    cell.width = Mm(width)
        return table

    @staticmethod
    def _cell_text(cell, text: str, font: str, size, align) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.first_line_indent = Pt(0)
        set_run_font(paragraph.add_run(text), font, size)

    @staticmethod
    def _repeat_header(row) -> None:
        properties = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        properties.append(header)

    def image(self, png: bytes, width_mm: float = 150) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))

    def page_break(self) -> None:
        self.document.add_page_break()

    def signature(self, issuer: str, date_text: str) -> None:
        """Issuer and date, right-aligned with four characters to the right (GB/T 9704 §7.3.5)."""
        self.document.add_paragraph()
        for text in (issuer, date_text):
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(64)
            set_run_font(paragraph.add_run(text), BODY_FONT, BODY_SIZE)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _looks_numeric(value: str) -> bool:
    stripped = value.replace(",", "").replace("%", "").strip()
    try:
        float(stripped)
    except ValueError:
        return False
    return True

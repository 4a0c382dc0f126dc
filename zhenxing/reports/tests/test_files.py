"""The files: Word geometry and fonts, PDF fonts embedded and pages rendered, the command line."""

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhenxing.reports.builders import progress_report_content
from zhenxing.reports.renderers.docx import render_docx
from zhenxing.reports.renderers.pdf import render_pdf

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "reports"


def east_asian_font(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def test_word_layout_follows_gb_t_9704(demo):
    document = docx.Document(
        io.BytesIO(render_docx(progress_report_content(period_label=demo["quarter"])))
    )
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(
        0.1
    )
    assert abs(section.top_margin - Mm(37)) < Mm(0.1) and abs(section.bottom_margin - Mm(35)) < Mm(
        0.1
    )
    assert abs(section.left_margin - Mm(28)) < Mm(0.1) and abs(section.right_margin - Mm(26)) < Mm(
        0.1
    )
    title = document.paragraphs[0].runs[0]
    assert east_asian_font(title) == "方正小标宋简体" and title.font.size == Pt(22)
    body = next(p for p in document.paragraphs if p.text.startswith("各成员单位")).runs[0]
    assert east_asian_font(body) == "仿宋_GB2312" and body.font.size == Pt(16)
    heading = next(p for p in document.paragraphs if p.text.startswith("一、")).runs[0]
    assert east_asian_font(heading) == "黑体"
    sub_heading = next(p for p in document.paragraphs if p.text.startswith("（一）")).runs[0]
    assert east_asian_font(sub_heading) == "楷体_GB2312"
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and int(grid.get(qn("w:linePitch"))) == 580
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in section.footer.paragraphs[0].text
    assert "PAGE" in section.even_page_footer._element.xml


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_its_fonts_and_renders_chinese_pages(demo, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(progress_report_content(period_label=demo["quarter"])))
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    fonts = listing.strip().splitlines()[2:]
    assert fonts, listing
    assert all(line.split()[-5] == "yes" for line in fonts), listing  # the "emb" column
    assert any("CJK" in line for line in fonts)
    # Body text in a 仿宋/楷 stand-in, the title in a bold 宋 (GB/T 9704; docs/operations.md).
    assert any("LXGW-WenKai" in line for line in fonts), listing
    assert any("Noto-Serif-CJK-SC-Bold" in line for line in fonts), listing
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "东北振兴重点任务推进情况的报告" in "".join(text.split())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("page-*.png"):  # pdftoppm pads the numbers to the page count
        stale.unlink()
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / "page")],
        check=True,
    )
    pages = sorted(ARTIFACTS.glob("page-*.png"))
    assert len(pages) == 2 and all(page.stat().st_size > 20_000 for page in pages)


@pytest.mark.parametrize("file_format", ["docx", "pdf", "xlsx"])
def test_report_build_command(demo, tmp_path, file_format):
    out = tmp_path / f"report.{file_format}"
    call_command(
        "report", "build", "--period", demo["quarter"], "--format", file_format, "--out", str(out)
    )
    data = out.read_bytes()
    assert data[:4] == (b"%PDF" if file_format == "pdf" else b"PK\x03\x04")
    if file_format == "xlsx":
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        assert "附件1 重点任务台账" in workbook.sheet_names
        rows = workbook.get_sheet_by_name("附件1 重点任务台账").to_python()
        assert rows[0][0] == "附件1 重点任务台账"  # title row, then the header row
        assert rows[1][:3] == ["编号", "重点任务", "牵头单位"] and len(rows) == 2 + 22


def test_report_build_defaults_to_the_current_quarter(demo, tmp_path, capsys):
    out = tmp_path / "report.docx"
    call_command("report", "build", "--format", "docx", "--out", str(out))
    quarter = "一二三四"[int(demo["quarter"][-1]) - 1]
    assert f"第{quarter}季度" in capsys.readouterr().out


def test_excel_key_figures_have_chinese_names(demo, tmp_path):
    """Issue #14: the key-figure sheet named its rows by program keys (tasks_total)."""
    import re

    from python_calamine import CalamineWorkbook

    from zhenxing.reports.renderers.xlsx import render_xlsx

    data = render_xlsx(progress_report_content(period_label=demo["quarter"]))
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("主要数据").to_python()
    )
    figures = {row[0]: row[1] for row in rows[2:]}
    assert not [name for name in figures if re.search(r"[A-Za-z_]", str(name))], figures
    assert figures["跟踪重点任务（项）"] == 22
    assert re.fullmatch(r"\d+\.\d%", figures["按时报送率"]) or figures["按时报送率"] == "0.0%"
    assert re.fullmatch(r"红灯\d+；黄灯\d+；绿灯\d+；已销号\d+", figures["进度预警（项）"])


def test_the_excel_report_neutralises_formulas_in_tables_and_annexes():
    from zhenxing.reports.content import ReportContent, Section, Table
    from zhenxing.reports.renderers.xlsx import render_xlsx
    from zhenxing.testing import FORMULA_LIKE, assert_neutralised, xlsx_texts

    table = Table(title="任务", headers=["编号", "任务"], rows=[[1, FORMULA_LIKE[0]]])
    annex = Table(
        title="附件", headers=["编号", "任务"], rows=[[n, t] for n, t in enumerate(FORMULA_LIKE)]
    )
    content = ReportContent(
        title="=TITLE()",
        subtitle="",
        issuer="秘书处",
        date_text="2026年10月1日",
        sections=[Section(key="tasks", heading="一、任务", tables=[table])],
        annexes=[annex],
    )
    texts = xlsx_texts(render_xlsx(content))
    assert_neutralised(texts, [*FORMULA_LIKE, "=TITLE()"])

"""The circular (通报) as a Word document in official layout and as a workbook, and a campaign's
findings as a workbook. All three are handed on, so they are in Chinese whatever the language
of the page they are downloaded from (`lib.i18n.in_chinese`)."""

from django.http import HttpResponse
from django.utils import timezone

from zhenxing.inspections import selectors
from zhenxing.inspections.models import Inspection
from zhenxing.lib.chinese_dates import chinese_date
from zhenxing.lib.i18n import in_chinese
from zhenxing.lib.official_docx import OfficialDocument
from zhenxing.lib.xlsx_export import SheetTable, tables_to_xlsx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHINESE_ORDINALS = "一二三四五六七八九十"
UNIT_WIDTHS_MM = [40, 18, 18, 18, 18, 18, 26]  # 156 mm: the text width of A4 in official layout


def _ordinal(number: int) -> str:
    if number <= 10:
        return CHINESE_ORDINALS[number - 1]
    tens, units = divmod(number, 10)
    return f"{CHINESE_ORDINALS[tens - 1] if tens > 1 else ''}十{CHINESE_ORDINALS[units - 1] if units else ''}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@in_chinese
def circular_docx(inspection: Inspection) -> bytes:
    circular = inspection.circular
    summary = selectors.circular_summary(inspection)
    document = OfficialDocument()
    if circular.document_number:
        document.paragraph(circular.document_number, indent=False, align="center")
    document.title(circular.title)
    document.heading("一、总体情况")
    document.paragraph(selectors.summary_sentence(inspection, summary))
    for text in _paragraphs(circular.introduction):
        document.paragraph(text)
    document.heading("二、各单位整改情况")
    document.table(selectors.UNIT_HEADERS, selectors.unit_rows(summary), widths_mm=UNIT_WIDTHS_MM)
    document.heading("三、发现的主要问题及整改情况")
    for number, (finding, _light) in enumerate(summary["findings"], start=1):
        items = list(finding.rectifications.all())
        measures = "；".join(
            f"{item.measures}（{item.responsible_unit.display_name}，{chinese_date(item.due_date)}前，{item.get_status_display()}）"
            for item in items
        )
        document.heading(f"（{_ordinal(number)}）{finding.unit.display_name}：{finding.title}", 2)
        if finding.description:
            document.paragraph(finding.description)
        if measures:
            document.paragraph(f"整改措施：{measures}。")
    if circular.conclusion:
        document.heading("四、下一步要求")
        for text in _paragraphs(circular.conclusion):
            document.paragraph(text)
    issued_on = circular.issued_on or timezone.localdate()
    document.signature(
        circular.issuer or "东北振兴省部联席落实推进工作机制秘书处", chinese_date(issued_on)
    )
    return document.to_bytes()


@in_chinese
def circular_xlsx(inspection: Inspection) -> bytes:
    circular = inspection.circular
    summary = selectors.circular_summary(inspection)
    return tables_to_xlsx(
        [
            SheetTable(
                name="各单位整改情况",
                title=circular.title,
                note=selectors.summary_sentence(inspection, summary),
                headers=selectors.UNIT_HEADERS,
                rows=selectors.unit_rows(summary),
                widths=[28, 10, 10, 10, 10, 10, 10],
            ),
            _findings_sheet(inspection, summary),
        ]
    )


@in_chinese
def findings_xlsx(inspection: Inspection) -> bytes:
    return tables_to_xlsx([_findings_sheet(inspection, selectors.circular_summary(inspection))])


def _findings_sheet(inspection: Inspection, summary: dict) -> SheetTable:
    return SheetTable(
        name="问题清单",
        title=f"{inspection.title}问题清单",
        note=f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}",
        headers=selectors.FINDING_HEADERS,
        rows=selectors.finding_rows(summary["findings"]),
        widths=[6, 16, 36, 8, 24, 40, 16, 12, 12, 8],
    )


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A produced file as an attachment (pages and API alike)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response

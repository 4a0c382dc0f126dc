"""The assessor's export: a date range of the change log as .xlsx or .csv, from the audit pages,
for the audit administrator only, with formulas neutralised and units' text redacted."""

import csv
import datetime
import io
import zipfile

from django.utils import timezone
from python_calamine import CalamineWorkbook

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Unit, UnitAlias
from zhenxing.testing import FORMULA_LIKE, assert_neutralised, client_for, xlsx_texts

TODAY = timezone.localdate()
RANGE = {"date_from": TODAY - datetime.timedelta(days=1), "date_to": TODAY}


def write_formula_alias(personas, unit_code: str = "mof") -> ChangeRecord:
    with acting_as(user=personas.secretariat, request_id="export-1", address="10.2.3.4"):
        alias = UnitAlias.objects.create(
            unit=Unit.objects.get(code=unit_code), name='=HYPERLINK("http://x")', kind="informal"
        )
    return ChangeRecord.objects.get(content_type__model="unitalias", object_id=str(alias.pk))


def test_xlsx_export_of_a_date_range_neutralises_formulas(personas):
    record = write_formula_alias(personas)
    response = client_for(personas.audit_admin).get(
        "/audit/export/", RANGE | {"file_format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(".xlsx")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = workbook.get_sheet_by_index(0).to_python()
    (row,) = [row for row in rows if row[0] == record.sequence]
    assert row[2:5] == ["secretariat", "10.2.3.4", "新建"]
    assert row[7] == '\'=HYPERLINK("http://x") → 财政部'  # object shown as text, never run
    assert row[13] == record.record_hash
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_csv_export_neutralises_formulas_and_keeps_to_the_range(personas):
    record = write_formula_alias(personas)
    client = client_for(personas.audit_admin)
    response = client.get("/audit/export/", RANGE | {"file_format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    (row,) = [row for row in rows[1:] if row[0] == str(record.sequence)]
    assert row[7] == '\'=HYPERLINK("http://x") → 财政部'
    assert all(not cell.startswith(("=", "+", "@")) for data_row in rows for cell in data_row)
    earlier = {"date_from": "2000-01-01", "date_to": "2000-01-31", "file_format": "csv"}
    assert (
        len(
            list(
                csv.reader(
                    io.StringIO(
                        b"".join(client.get("/audit/export/", earlier).streaming_content).decode(
                            "utf-8-sig"
                        )
                    )
                )
            )
        )
        == 1
    )


def test_export_form_refuses_a_reversed_range(personas):
    response = client_for(personas.audit_admin).get(
        "/audit/export/", {"date_from": "2026-02-01", "date_to": "2026-01-01", "file_format": "csv"}
    )
    assert response.status_code == 400
    assert "起始日期不能晚于截止日期" in response.content.decode()


def test_xlsx_export_of_too_many_records_asks_for_csv(personas, monkeypatch):
    monkeypatch.setattr("zhenxing.audit.exports.XLSX_MAX_ROWS", 1)
    write_formula_alias(personas)
    write_formula_alias(personas, unit_code="ndrc")
    client = client_for(personas.audit_admin)
    response = client.get("/audit/export/", RANGE | {"file_format": "xlsx"})
    assert response.status_code == 400
    assert "请缩小日期范围或导出 CSV" in response.content.decode()
    assert client.get("/audit/export/", RANGE | {"file_format": "csv"}).status_code == 200


def test_both_exports_neutralise_every_formula_start(personas):
    with acting_as(user=personas.secretariat):
        for text in FORMULA_LIKE:
            UnitAlias.objects.create(unit=Unit.objects.get(code="mof"), name=text, kind="informal")
    written = [f"{text} → 财政部" for text in FORMULA_LIKE]
    client = client_for(personas.audit_admin)
    workbook = client.get("/audit/export/", RANGE | {"file_format": "xlsx"}).content
    assert_neutralised(xlsx_texts(workbook), written)
    response = client.get("/audit/export/", RANGE | {"file_format": "csv"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig")
    assert_neutralised({cell for row in csv.reader(io.StringIO(lines)) for cell in row}, written)

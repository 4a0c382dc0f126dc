"""Issue #14: rectification reports carry evidence files, checked as a progress report's
evidence is (size, type, content), listed in the item's history and downloadable by whoever
reads the finding."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.audit.models import ChangeRecord
from zhenxing.inspections.models import RectificationAttachment, RectificationReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_report_with_attachments_listed_and_downloaded(client, personas, campaign):
    rectification = campaign.rectification
    client.force_login(personas.province_liaison)
    page = client.get(f"/inspections/findings/{campaign.finding.pk}/").content.decode()
    assert (
        'enctype="multipart/form-data"' in page
        and 'name="attachments"' in page
        and "multiple" in page
    )
    response = client.post(
        f"/inspections/rectifications/{rectification.pk}/report/",
        {
            "text": "已实现全程网办全覆盖。",
            "completed": "on",
            "attachments": [
                SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 acceptance"),
                SimpleUploadedFile("截图.png", b"\x89PNG\r\n\x1a\n screenshot"),
            ],
        },
    )
    assert response.status_code == 302
    attachments = {a.filename: a for a in RectificationAttachment.objects.all()}
    assert set(attachments) == {"验收报告.pdf", "截图.png"}
    pdf = attachments["验收报告.pdf"]
    assert (
        pdf.report == RectificationReport.objects.get()
        and pdf.uploaded_by == personas.province_liaison
    )
    assert pdf.content_type == "application/pdf" and pdf.size == len(b"%PDF-1.4 acceptance")
    assert (
        ChangeRecord.objects.filter(
            content_type__model="rectificationattachment", user=personas.province_liaison
        ).count()
        == 2
    )

    client.force_login(personas.inspector)
    page = client.get(f"/inspections/findings/{campaign.finding.pk}/").content.decode()
    assert f'href="/inspections/attachments/{pdf.pk}/"' in page and "验收报告.pdf" in page
    download = client.get(f"/inspections/attachments/{pdf.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 acceptance"
    assert "attachment" in download["Content-Disposition"]
    # Not straight from MEDIA, only through the checked view.
    assert client.get("/media/" + pdf.file.name).status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("假的.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名不符"),
        ("程序.exe", b"MZ\x90\x00", "只能上传 PDF"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_bad_files_refuse_the_whole_report(client, personas, campaign, name, content, message):
    client.force_login(personas.province_liaison)
    response = client.post(
        f"/inspections/rectifications/{campaign.rectification.pk}/report/",
        {
            "text": "进展。",
            "attachments": [
                SimpleUploadedFile("好的.pdf", b"%PDF-1.4 fine"),
                SimpleUploadedFile(name, content),
            ],
        },
        follow=True,
    )
    assert message in response.content.decode()
    assert not RectificationReport.objects.exists()
    assert not RectificationAttachment.objects.exists()


def test_the_size_limit_of_progress_evidence_applies(client, personas, campaign, monkeypatch):
    monkeypatch.setattr("zhenxing.lib.evidence.EVIDENCE_MAX_BYTES", 100)
    client.force_login(personas.province_liaison)
    response = client.post(
        f"/inspections/rectifications/{campaign.rectification.pk}/report/",
        {"text": "进展。", "attachments": [SimpleUploadedFile("大.pdf", b"%PDF" + b"x" * 200)]},
        follow=True,
    )
    assert "文件过大" in response.content.decode()
    assert not RectificationReport.objects.exists()

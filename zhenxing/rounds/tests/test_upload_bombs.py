"""Evidence files are checked inside, not only by their first bytes (issue #13, item 3).

A .docx or .xlsx that starts with "PK" used to be stored whatever it unpacked to; reviewers and
report builders would then open it. Each hostile file is refused with a message, quickly, and
nothing is stored.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.rounds.models import Evidence
from zhenxing.testing import billion_laughs, office_file, sparse_sheet, zip_bomb

QUICK_SECONDS = 30  # unchecked, these files took 143–431 s; checked, milliseconds plus the upload


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        pytest.param("报告.docx", lambda: zip_bomb(".docx"), "解压后过大", id="zip-bomb-docx"),
        pytest.param("台账.xlsx", lambda: zip_bomb(".xlsx"), "解压后过大", id="zip-bomb-xlsx"),
        pytest.param("报告.docx", lambda: billion_laughs(".docx"), "文档类型声明", id="laughs"),
        pytest.param("台账.xlsx", sparse_sheet, "工作表范围过大", id="sparse-sheet"),
        pytest.param("报告.docx", lambda: b"PK\x03\x04 not a zip", "已损坏", id="fake-zip"),
    ],
)
def test_evidence_upload_refuses_bombs(client, personas, world, units, name, build, message):
    ndrc_1 = world.submission(1, units["ndrc"])
    client.force_login(personas.lead_liaison)
    started = time.monotonic()
    response = client.post(
        f"/rounds/submissions/{ndrc_1.pk}/evidence/",
        {"file": SimpleUploadedFile(name, build())},
        headers={"HX-Request": "true"},
    )
    assert time.monotonic() - started < QUICK_SECONDS
    assert message in response.content.decode()
    assert not Evidence.objects.filter(submission=ndrc_1).exists()


def test_ordinary_office_evidence_is_stored(client, personas, world, units):
    ndrc_1 = world.submission(1, units["ndrc"])
    client.force_login(personas.lead_liaison)
    for name, data in (("说明.docx", office_file(".docx")), ("台账.xlsx", office_file(".xlsx"))):
        client.post(
            f"/rounds/submissions/{ndrc_1.pk}/evidence/",
            {"file": SimpleUploadedFile(name, data)},
            headers={"HX-Request": "true"},
        )
    assert Evidence.objects.filter(submission=ndrc_1).count() == 2

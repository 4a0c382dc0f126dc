"""Hostile policy files and division tables are refused before parsing, on the page and the API.

The attack that filed issue #13 sent a 0.98 MB .docx holding 288 MB of XML (431 s, 7.8 GB, then a
500) and a billion-laughs .docx (a 500). Each bomb here must be refused with a message, quickly,
and must leave nothing behind.
"""

import io
import time

import pytest

from zhenxing.policies.models import DivisionPlan, PolicyDocument
from zhenxing.testing import billion_laughs, office_file, pdf_with_pages, sparse_sheet, zip_bomb

API = "/api/v1/policies"
QUICK_SECONDS = 30  # unchecked, these files took 143–431 s; checked, milliseconds plus the upload


def upload(name: str, content: bytes):
    file = io.BytesIO(content)
    file.name = name
    return file


def timed_post(client, path: str, data: dict):
    started = time.monotonic()
    response = client.post(path, data)
    assert time.monotonic() - started < QUICK_SECONDS
    return response


DOCUMENT_BOMBS = [
    pytest.param("bomb.docx", lambda: zip_bomb(".docx"), "解压后过大", id="zip-bomb-docx"),
    pytest.param("laughs.docx", lambda: billion_laughs(".docx"), "文档类型声明", id="laughs"),
    pytest.param("pages.pdf", lambda: pdf_with_pages(1001), "PDF 页数过多", id="pdf-pages"),
]
TABLE_BOMBS = [
    pytest.param("bomb.xlsx", lambda: zip_bomb(".xlsx"), "解压后过大", id="zip-bomb-xlsx"),
    pytest.param("laughs.xlsx", lambda: billion_laughs(".xlsx"), "文档类型声明", id="laughs"),
    pytest.param("sparse.xlsx", sparse_sheet, "工作表范围过大", id="sparse-sheet"),
]


PAGE, API_ANSWER = 422, 400
DOCUMENT_DOORS = [("/policies/", PAGE, "page"), (f"{API}/documents", API_ANSWER, "api")]
TABLE_DOORS = [("/policies/plans/", PAGE, "page"), (f"{API}/plans/import", API_ANSWER, "api")]


def cases(doors, bombs):
    return [
        pytest.param(path, status, *bomb.values, id=f"{door}-{bomb.id}")
        for path, status, door in doors
        for bomb in bombs
    ]


@pytest.mark.parametrize(
    ("path", "status", "name", "build", "message"),
    cases(DOCUMENT_DOORS, DOCUMENT_BOMBS) + cases(TABLE_DOORS, TABLE_BOMBS),
)
def test_bombs_are_refused_on_the_page_and_the_api(
    client, personas, path, status, name, build, message
):
    client.force_login(personas.secretariat)
    response = timed_post(client, path, {"file": upload(name, build())})
    assert response.status_code == status
    shown = response.json()["detail"] if status == API_ANSWER else response.content.decode()
    assert message in shown
    assert not PolicyDocument.objects.exists() and not DivisionPlan.objects.exists()


def test_ordinary_word_file_still_imports(client, personas):
    """The checks refuse bombs, not the .docx files Word writes."""
    client.force_login(personas.secretariat)
    response = client.post(f"{API}/documents", {"file": upload("办法.docx", office_file())})
    assert response.status_code == 201, response.content

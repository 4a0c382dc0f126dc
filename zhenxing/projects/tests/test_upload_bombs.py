"""The project import refuses hostile lists through the page and the API, before parsing.

The pre-checks now live in zhenxing.lib.uploads, shared with every other upload path; these
tests keep the project import's door shut after the move, and add the sparse sheet (one far
cell, no dimension) that made the reader abort the whole process.
"""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.projects.models import ImportJob
from zhenxing.testing import billion_laughs, client_for, sparse_sheet, zip_bomb

QUICK_SECONDS = 30  # unchecked, these files took 143–431 s; checked, milliseconds plus the upload
BOMBS = [
    pytest.param("bomb.xlsx", lambda: zip_bomb(".xlsx"), "压缩炸弹", id="zip-bomb"),
    pytest.param("laughs.xlsx", lambda: billion_laughs(".xlsx"), "文档类型声明", id="laughs"),
    pytest.param("sparse.xlsx", sparse_sheet, "工作表范围过大", id="sparse-sheet"),
]


def timed_post(client, path, name, data):
    started = time.monotonic()
    response = client.post(path, {"file": SimpleUploadedFile(name, data)})
    assert time.monotonic() - started < QUICK_SECONDS
    return response


@pytest.mark.parametrize(("name", "build", "message"), BOMBS)
def test_import_page_refuses_bombs(personas, name, build, message):
    client = client_for(personas.secretariat)
    response = timed_post(client, "/projects/imports/", name, build())
    assert response.status_code == 200  # the form again, with the reason under the file field
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("name", "build", "message"), BOMBS)
def test_import_api_refuses_bombs(personas, name, build, message):
    client = client_for(personas.secretariat)
    response = timed_post(client, "/api/v1/projects/imports", name, build())
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not ImportJob.objects.exists()

"""POST /api/v1/figures/extract: who may call it, pasted text and uploaded files."""

import io

import pytest

from zhenxing.indicators.tests.conftest import business_roles_only
from zhenxing.testing import client_for

URL = "/api/v1/figures/extract"
TEXT = "2023年1—9月，辽宁省地区生产总值同比增长5.3%，高于全国0.1个百分点。"


def test_permission_matrix(people):
    expected = business_roles_only(401)
    actual = {}
    for name, user in people.items():
        response = client_for(user).post(URL, {"text": TEXT})
        actual[name] = response.status_code
    assert actual == expected


@pytest.mark.django_db
def test_pasted_text_gives_the_contract(people):
    response = client_for(people["secretariat"]).post(URL, {"text": TEXT})
    assert response.status_code == 200
    figures = response.json()
    assert [(f["quantity"], f["value"], f["unit"]) for f in figures] == [
        ("5.3%", 5.3, "percent"),
        ("0.1个百分点", 0.1, "percentage_points"),
    ]
    first = figures[0]
    assert first["region"] == "辽宁省" and first["period"] == "2023-01/2023-09"
    assert TEXT[first["start"] : first["end"]] == "5.3%"
    assert first["sentence"] == TEXT


@pytest.mark.django_db
def test_uploaded_html_is_read_without_scripts_and_navigation(people):
    page = (
        "<html><head><script>var x = 999;</script></head><body><nav>首页 1 2 3</nav>"
        "<p>吉林省签约项目<b>35</b>个，签约额1184.08亿元。</p></body></html>"
    ).encode()
    upload = io.BytesIO(page)
    upload.name = "news.html"
    response = client_for(people["province_liaison"]).post(URL, {"file": upload})
    assert response.status_code == 200
    assert [(f["value"], f["unit"], f["region"]) for f in response.json()] == [
        (35, "projects", "吉林省"),
        (118408000000, "CNY", "吉林省"),
    ]


@pytest.mark.django_db
def test_empty_text_and_unknown_file_types_are_refused(people):
    client = client_for(people["secretariat"])
    assert client.post(URL, {"text": "  "}).status_code == 400
    upload = io.BytesIO(b"x")
    upload.name = "table.xlsx"
    response = client.post(URL, {"file": upload})
    assert response.status_code == 400
    assert "不支持" in response.json()["detail"]

"""The figures page: who may open it, pasted text and uploads, highlighted figures in a table."""

import io

import pytest

from zhenxing.indicators.tests.conftest import business_roles_only
from zhenxing.testing import client_for, outcome

URL = "/indicators/figures/"
TEXT = "发布时间：2023-10-20\n前三季度，辽宁省地区生产总值增长5.3%，新增市场主体1234户。"


def test_permission_matrix(people):
    expected = business_roles_only("login")
    for method in ("get", "post"):
        actual = {}
        for name, user in people.items():
            client = client_for(user)
            response = client.get(URL) if method == "get" else client.post(URL, {"text": TEXT})
            actual[name] = outcome(response)
        assert actual == expected, method


@pytest.mark.django_db
def test_pasted_text_shows_each_figure_highlighted_and_listed(people):
    response = client_for(people["secretariat"]).post(URL, {"text": TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<mark id="figure-1" title="#1">5.3%<sup>1</sup></mark>' in page
    assert '<mark id="figure-2" title="#2">1234户<sup>2</sup></mark>' in page
    rows = response.context["figures"]
    assert [(f.value, f.unit, f.region, f.period) for f in rows] == [
        (5.3, "percent", "辽宁省", "2023-01/2023-09"),
        (1234, "市场主体", "辽宁省", "2023-01/2023-09"),
    ]


@pytest.mark.django_db
def test_upload_and_errors(people):
    client = client_for(people["province_liaison"])
    upload = io.BytesIO("吉林省签约项目35个，签约额1184.08亿元。".encode("gb18030"))
    upload.name = "news.txt"
    response = client.post(URL, {"file": upload})
    assert [f.quantity for f in response.context["figures"]] == ["35个", "1184.08亿元"]
    assert client.post(URL, {"text": " "}).status_code == 422
    upload = io.BytesIO(b"PK")
    upload.name = "table.xlsx"
    response = client.post(URL, {"file": upload})
    assert response.status_code == 422
    assert "不支持" in response.content.decode()

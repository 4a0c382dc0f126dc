"""The mechanism page and API: structure drawn from data, bounded queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhenxing.mechanisms.services import liaison_assign
from zhenxing.orgs.models import Unit
from zhenxing.testing import client_for, make_user

PAGE_QUERY_LIMIT = 15


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def add_liaisons(mechanism, codes: list[str]) -> None:
    for code in codes:
        unit = Unit.objects.get(code=code)
        liaison_assign(
            mechanism=mechanism,
            unit=unit,
            person=make_user(f"{code}.contact", unit=unit, role="unit_liaison"),
            valid_from=datetime.date(2024, 1, 1),
        )


def test_mechanism_list_redirects_to_the_only_mechanism(personas):
    response = client_for(personas.reader).get("/mechanisms/")
    assert (response.status_code, response["Location"]) == (302, "/mechanisms/northeast/")


def test_mechanism_page_draws_the_structure(personas, mechanism):
    add_liaisons(mechanism, ["mof"])
    response = client_for(personas.province_leader).get("/mechanisms/northeast/")
    context = response.context
    assert context["member_count"] == 26
    assert (len(context["central_members"]), len(context["local_members"])) == (21, 5)
    assert [m.unit.code for m in context["former_memberships"]] == ["cbirc"]
    assert [c.unit.code for c in context["secretariat_components"]] == ["ndrc-regional-economy"]
    assert len(context["duties"]) == 5
    page = response.content.decode()
    assert '<span class="figure" id="member-count">26</span>' in page
    assert "国家发展和改革委员会地区经济司" in page
    assert "中国银行保险监督管理委员会" in page and "国家金融监督管理总局" in page
    assert "mof.contact" in page


def test_mechanism_page_queries_do_not_grow_with_liaisons(
    personas, mechanism, django_assert_max_num_queries
):
    client = client_for(personas.secretariat)
    add_liaisons(mechanism, ["mof"])
    client.get("/mechanisms/northeast/")  # the header's mechanisms are kept: count warm pages
    few = queries_for(client, "/mechanisms/northeast/")
    add_liaisons(mechanism, ["most", "miit", "mnr", "mee", "mot", "mwr"])
    client.get("/mechanisms/northeast/")
    with django_assert_max_num_queries(PAGE_QUERY_LIMIT):
        assert queries_for(client, "/mechanisms/northeast/") == few


def test_mechanism_api(personas, mechanism):
    client = client_for(personas.inspector)
    [listed] = client.get("/api/v1/mechanisms").json()
    assert {key: listed[key] for key in ("code", "name", "short_name", "level", "parent")} == {
        "code": "northeast",
        "name": mechanism.name,
        "short_name": mechanism.short_name,
        "level": "national",
        "parent": None,
    }
    today = client.get("/api/v1/mechanisms/northeast").json()
    assert len(today["members"]) == 26
    assert today["secretariat_unit"] == "国家发展和改革委员会地区经济司"
    names = {m["name"] for m in today["members"]}
    assert "国家金融监督管理总局" in names
    past = client.get("/api/v1/mechanisms/northeast", {"on_date": "2022-01-01"}).json()
    assert "中国银行保险监督管理委员会" in {m["name"] for m in past["members"]}
    assert len(past["members"]) == 26

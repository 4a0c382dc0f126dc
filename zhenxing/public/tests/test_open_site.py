"""Issue #21 item 1: the open-data site as an anonymous visitor sees it. What is published
shows, in pages, CSV, JSON and the open API; a draft plan, a plan not chosen and datasets not
chosen never do; the cache follows a change of publication; the limiter answers 429."""

import csv
import io

import pytest
from django.test import Client, override_settings

from zhenxing.audit.models import ChangeRecord
from zhenxing.indicators.models import Indicator
from zhenxing.indicators.services import observation_record
from zhenxing.orgs.models import Region
from zhenxing.public.models import Publication
from zhenxing.public.services import publications_set
from zhenxing.public.tests.conftest import (
    DRAFT_PLAN,
    DRAFT_TASK,
    PUBLIC_TASK,
    UNPUBLISHED_PLAN,
    UNPUBLISHED_TASK,
)
from zhenxing.testing import client_for

pytestmark = pytest.mark.django_db

SECRETS = [DRAFT_TASK, DRAFT_PLAN, UNPUBLISHED_TASK, UNPUBLISHED_PLAN]


def every_public_url(plans) -> list[str]:
    """Every page, file and API answer the open site has for the fixture's mechanism, and the
    ones it must refuse (a draft's and an unchosen plan's)."""
    urls = ["/open/", "/open/northeast/", "/open/api/openapi.json", "/open/api/mechanisms"]
    for plan in plans.values():
        urls.append(f"/open/northeast/plans/{plan.pk}/")
        names = [f"plan-{plan.pk}"]
        for name in ["members", "duties", "progress", "projects", "indicators", *names]:
            urls += [f"/open/northeast/data/{name}.csv", f"/open/northeast/data/{name}.json"]
            urls.append(f"/open/api/mechanisms/northeast/datasets/{name}")
    return sorted(set(urls))


def test_an_anonymous_visitor_sees_what_is_published(published):
    client = Client()
    page = client.get("/open/northeast/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "国家发展和改革委员会" in text  # a member
    assert "2026年东北振兴重点工作分工方案" in text
    assert 'id="investment-map"' in text  # the map, drawn from the vendored script
    plan = client.get(f"/open/northeast/plans/{published['public'].pk}/")
    assert PUBLIC_TASK in plan.content.decode()
    assert "Content-Security-Policy" in page.headers


def test_nothing_unpublished_shows_in_any_page_or_file(published):
    client = Client()
    answers = {url: client.get(url) for url in every_public_url(published)}
    for url, response in answers.items():
        body = response.content.decode("utf-8-sig")
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    hidden = [published["draft"].pk, published["unpublished"].pk]
    markers = ["indicators"] + [f"plans/{pk}/" for pk in hidden] + [f"plan-{pk}" for pk in hidden]
    refused = {url for url in answers if any(marker in url for marker in markers)}
    assert {url for url, response in answers.items() if response.status_code == 404} == refused
    assert all(answers[url].status_code == 200 for url in answers if url not in refused)


def test_a_mechanism_that_publishes_nothing_has_no_public_page(plans):
    client = Client()
    assert client.get("/open/northeast/").status_code == 404
    assert client.get("/open/northeast/data/members.json").status_code == 404
    assert client.get("/open/api/mechanisms").json() == []
    assert 'href="/open/northeast/"' not in client.get("/open/").content.decode()


def test_files_hold_the_published_rows(published):
    client = Client()
    plan = published["public"]
    response = client.get(f"/open/northeast/data/plan-{plan.pk}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["编号", "重点任务", "牵头单位", "完成时限", "进展状态", "状态代码"]
    assert rows[1][:3] == ["1", PUBLIC_TASK, "国家发展和改革委员会"]
    members = client.get("/open/northeast/data/members.json").json()
    assert len(members["rows"]) == 26
    assert members["columns"][0] == {"key": "unit", "title": "单位"}
    progress = client.get("/open/api/mechanisms/northeast/datasets/progress").json()
    # One published plan, one task: the draft's and the unchosen plan's tasks are not counted.
    assert [row["total"] for row in progress["rows"]] == [1, 1]


def test_the_open_api_has_its_own_document_without_sign_in(published):
    client = Client()
    document = client.get("/open/api/openapi.json").json()
    assert document["info"]["title"] == "zhenxing open data API"
    assert set(document["paths"]) == {
        "/open/api/mechanisms",
        "/open/api/mechanisms/{code}/datasets/{name}",
    }
    assert client.get("/open/api/docs").status_code == 200
    listing = client.get("/open/api/mechanisms").json()
    assert listing[0]["code"] == "northeast"
    assert f"plan-{published['public'].pk}" in listing[0]["datasets"]


def test_a_change_of_publication_drops_the_cached_datasets(
    personas, mechanism, published, django_capture_on_commit_callbacks
):
    client = Client()
    progress = "/open/northeast/data/progress.json"
    assert len(client.get(progress).json()["rows"]) == 2  # the plan and the total
    with django_capture_on_commit_callbacks(execute=True):
        publications_set(
            mechanism=mechanism,
            datasets=[Publication.Dataset.PROGRESS],
            plans=[published["public"], published["unpublished"]],
            user=personas.secretariat,
        )
    rows = client.get(progress).json()["rows"]
    assert [row["total"] for row in rows] == [1, 1, 2]  # counted anew, not the cached rows
    assert client.get("/open/northeast/data/members.json").status_code == 404


def test_published_indicators_show_their_latest_value(personas, mechanism, published):
    indicator = Indicator.objects.create(
        code="gdp-test",
        name="测试地区生产总值",
        unit="亿元",
        measure="level",
        frequency="quarterly",
    )
    liaoning = Region.objects.get(code="210000")
    for period, value in [("2026Q1", "100"), ("2026Q2", "210.5")]:
        observation_record(indicator=indicator, region=liaoning, period=period, value=value)
    client = Client()
    assert client.get("/open/northeast/data/indicators.json").status_code == 404
    publications_set(
        mechanism=mechanism,
        datasets=[Publication.Dataset.INDICATORS],
        plans=[],
        user=personas.secretariat,
    )
    rows = client.get("/open/northeast/data/indicators.json").json()["rows"]
    assert rows == [
        {
            "indicator": "测试地区生产总值",
            "region": "辽宁省",
            "period": "2026Q2",
            "value": 210.5,
            "unit": "亿元",
        }
    ]


def test_datasets_are_cached(published, django_assert_max_num_queries):
    client = Client()
    client.get("/open/northeast/data/projects.json")
    # Second time: the publication rows only (which datasets exist), not the statistics.
    with django_assert_max_num_queries(4):
        assert client.get("/open/northeast/data/projects.json").status_code == 200


@override_settings(PUBLIC_RATE_LIMITS={"open": (3, 60)})
@pytest.mark.parametrize(
    "url", ["/open/northeast/", "/open/northeast/data/members.csv", "/open/api/mechanisms"]
)
def test_each_address_is_rate_limited(published, url):
    client = Client(REMOTE_ADDR="203.0.113.9")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another address is counted apart.
    assert Client(REMOTE_ADDR="203.0.113.10").get(url).status_code == 200


def test_a_draft_plan_cannot_be_published(personas, mechanism, plans):
    with pytest.raises(ValueError):
        publications_set(
            mechanism=mechanism, datasets=[], plans=[plans["draft"]], user=personas.secretariat
        )
    response = client_for(personas.secretariat).post(
        "/open/manage/northeast/", {"datasets": ["members"], "plans": [plans["draft"].pk]}
    )
    assert response.status_code == 200  # the form refuses the choice
    assert not Publication.objects.exists()


def test_the_secretariat_chooses_on_a_page_and_the_change_log_records_it(
    personas, mechanism, plans
):
    client = client_for(personas.secretariat)
    page = client.get("/open/manage/northeast/").content.decode()
    assert UNPUBLISHED_PLAN in page and DRAFT_PLAN not in page
    response = client.post(
        "/open/manage/northeast/",
        {"datasets": ["members", "indicators"], "plans": [plans["public"].pk]},
    )
    assert response.status_code == 302
    assert sorted(mechanism.publications.values_list("dataset", flat=True)) == [
        "indicators",
        "members",
        "plan",
    ]
    records = ChangeRecord.objects.filter(content_type__model="publication")
    assert records.count() == 3
    assert {record.user_id for record in records} == {personas.secretariat.pk}

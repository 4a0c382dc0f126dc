"""The project list's query counts, held by zhenxing/tests/query_baselines.json."""

import pytest
from django.urls import reverse

from zhenxing.projects import api
from zhenxing.projects.tests.test_list_pagination import many_projects  # noqa: F401
from zhenxing.testing import assert_query_baseline, client_for, links, queries_of

pytestmark = pytest.mark.django_db


def test_project_page_queries(personas, many_projects, monkeypatch):  # noqa: F811
    monkeypatch.setattr("zhenxing.projects.views.projects.PAGE_SIZE", 3)
    secretariat, liaison = client_for(personas.secretariat), client_for(personas.province_liaison)
    url = reverse("projects:project_list")
    counts = {
        "first": queries_of(secretariat, url),
        "deep": queries_of(secretariat, url, {"page": 4}),
        "scoped": queries_of(liaison, url, {"page": 2}),
    }
    assert_query_baseline("projects.page", counts)
    cached = {
        "first": queries_of(secretariat, url, cached=True),
        "deep": queries_of(secretariat, url, {"page": 4}, cached=True),
        "scoped": queries_of(liaison, url, {"page": 2}, cached=True),
    }
    assert_query_baseline("projects.page.cached", cached)


def test_project_api_queries(personas, many_projects, monkeypatch):  # noqa: F811
    monkeypatch.setattr(api, "PAGE_SIZE", 3)
    secretariat, liaison = client_for(personas.secretariat), client_for(personas.province_liaison)
    deep = links(secretariat.get("/api/v1/projects", {"page": 3}))
    counts = {
        "first": queries_of(secretariat, "/api/v1/projects"),
        "deep": queries_of(secretariat, links(secretariat.get("/api/v1/projects"))["next"]),
        "scoped": queries_of(liaison, links(liaison.get("/api/v1/projects"))["next"]),
    }
    assert deep == {}  # a page number gives no links: the cursor is the way to walk on
    assert_query_baseline("projects.api", counts)
    cached = {
        "first": queries_of(secretariat, "/api/v1/projects", cached=True),
        "scoped": queries_of(liaison, links(liaison.get("/api/v1/projects"))["next"], cached=True),
    }
    assert_query_baseline("projects.api.cached", cached)


def test_signing_event_api_queries(personas, regions, monkeypatch):
    from zhenxing.audit.context import acting_as
    from zhenxing.projects.models import SigningEvent

    monkeypatch.setattr("zhenxing.lib.pagination.API_PAGE_SIZE", 3)
    with acting_as(user=personas.secretariat):
        for number in range(10):
            SigningEvent.objects.create(
                name=f"推介会{number}",
                kind=SigningEvent.Kind.PROMOTION,
                start_date=f"2026-0{1 + number % 9}-01",
                region=regions["210100"],
            )
    client = client_for(personas.province_liaison)
    url = "/api/v1/projects/events"
    deep = links(client.get(links(client.get(url))["next"]))["next"]
    counts = {"first": queries_of(client, url), "deep": queries_of(client, deep)}
    assert_query_baseline("events.api", counts)

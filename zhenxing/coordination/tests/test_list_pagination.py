"""Coordination matters through the API by cursor: every matter once, newest first, scope kept;
query counts held by zhenxing/tests/query_baselines.json."""

import pytest

from zhenxing.audit.context import acting_as
from zhenxing.coordination import services
from zhenxing.coordination.models import CoordinationMatter
from zhenxing.lib import pagination
from zhenxing.testing import assert_query_baseline, client_for, links, queries_of, walk_cursor

pytestmark = pytest.mark.django_db


@pytest.fixture
def matters(world, personas, units, mechanism):
    """Four more matters raised by Liaoning (five in all), newest first as the list shows them."""
    with acting_as(user=personas.province_liaison):
        for number in range(4):
            services.matter_raise(
                user=personas.province_liaison,
                mechanism=mechanism,
                unit=units["liaoning"],
                title=f"协调事项{number}",
                description="请协调。",
                category=CoordinationMatter.Category.MAJOR_PROJECT,
                proposed_units=[units["mof"]],
            )
    return list(
        CoordinationMatter.objects.order_by("-raised_at", "-id").values_list("pk", flat=True)
    )


def test_matters_by_cursor(personas, matters, monkeypatch):
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    url = "/api/v1/coordination/matters"
    assert walk_cursor(client_for(personas.secretariat), url) == matters
    raiser = client_for(personas.province_liaison)
    assert walk_cursor(raiser, url) == matters  # Liaoning raised them all
    outsider = client_for(personas.outsider)
    assert walk_cursor(outsider, url) == []
    secretariat_next = links(client_for(personas.secretariat).get(url))["next"]
    assert outsider.get(secretariat_next).json() == []  # a cursor opens nothing


def test_matter_api_queries(personas, matters, monkeypatch):
    monkeypatch.setattr(pagination, "API_PAGE_SIZE", 2)
    secretariat, raiser = client_for(personas.secretariat), client_for(personas.province_liaison)
    url = "/api/v1/coordination/matters"
    counts = {
        "first": queries_of(secretariat, url),
        "deep": queries_of(secretariat, links(secretariat.get(url))["next"]),
        "scoped": queries_of(raiser, url),
        "first cached": queries_of(secretariat, url, cached=True),
        "scoped cached": queries_of(raiser, url, cached=True),
    }
    assert_query_baseline("matters.api", counts)


def test_matter_page_queries(personas, matters):
    secretariat, raiser = client_for(personas.secretariat), client_for(personas.province_liaison)
    url = "/coordination/matters/"
    counts = {
        "first": queries_of(secretariat, url),
        "scoped": queries_of(raiser, url),
        "first cached": queries_of(secretariat, url, cached=True),
        "scoped cached": queries_of(raiser, url, cached=True),
    }
    assert_query_baseline("matters.page", counts)

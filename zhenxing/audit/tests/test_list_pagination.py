"""The change log at volume: the API walks it by cursor, the page by number; query counts held
by zhenxing/tests/query_baselines.json."""

import pytest
from django.db import connection

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Unit
from zhenxing.testing import assert_query_baseline, client_for, links, queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def renames(personas):
    """Seven changes to one unit, the newest first as the log shows them."""
    mof = Unit.objects.get(code="mof")
    with acting_as(user=personas.secretariat):
        for number in range(7):
            mof.short_name = f"财政部（{number}）"
            mof.save()
    records = ChangeRecord.objects.filter(object_id=str(mof.pk), content_type__model="unit")
    return mof, list(records.order_by("-time", "-id").values_list("pk", flat=True))


def test_the_api_walks_the_log_by_cursor(personas, renames):
    mof, expected = renames
    client = client_for(personas.audit_admin)
    params = {"object_type": "orgs.Unit", "object_id": mof.pk, "limit": 3}
    response, seen = client.get("/api/v1/audit/changes", params), []
    while True:
        assert response.status_code == 200 and len(seen) < 20
        seen += [row["id"] for row in response.json()]
        if "next" not in links(response):
            break
        response = client.get(links(response)["next"])
    assert seen == expected
    back = client.get(links(response)["prev"]).json()
    assert [row["id"] for row in back] == expected[3:6]
    assert client.get("/api/v1/audit/changes", {"cursor": "bm9uc2Vuc2U"}).status_code == 400
    for name in ("secretariat", "province_liaison", "system_admin"):  # the cursor opens nothing
        url = links(client.get("/api/v1/audit/changes", params))["next"]
        assert client_for(getattr(personas, name)).get(url).status_code == 403


def test_change_log_queries(personas, renames, monkeypatch):
    monkeypatch.setattr("zhenxing.lib.pagination.COUNT_THRESHOLD", 5)
    client = client_for(personas.audit_admin)
    first = client.get("/api/v1/audit/changes", {"limit": 3})
    counts = {
        "first": queries_of(client, "/audit/"),
        "deep": queries_of(client, "/audit/", {"page": 2}),
        "api_first": queries_of(client, "/api/v1/audit/changes", {"limit": 3}),
        "api_deep": queries_of(client, links(first)["next"]),
        "cached": queries_of(client, "/audit/", cached=True),
        "api_cached": queries_of(client, "/api/v1/audit/changes", {"limit": 3}, cached=True),
    }
    if connection.vendor == "postgresql":
        # The pages' estimated count is one EXPLAIN per request on PostgreSQL (the planner's
        # figure); SQLite's estimate is a count kept in the cache, so no query once warm.
        counts["first"] -= 1
        counts["deep"] -= 1
    assert_query_baseline("audit", counts)
    assert "约" in client.get("/audit/").content.decode()  # hundreds of records: an estimate

"""Dashboards, lists and report reads from a real PostgreSQL streaming replica.

Runs where DATABASE_REPLICA_URL names a replica of the test server: `scripts/test` starts one
(pg_basebackup of its private PostgreSQL) and runs this module against it. Elsewhere the
module is skipped, and the rest of the suite runs without the alias.
"""

import time

import pytest
from django.conf import settings
from django.db import DatabaseError, connections
from django.test.utils import CaptureQueriesContext

from zhenxing.operations.replica import RECENT_WRITE_COOKIE
from zhenxing.orgs.models import Unit

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES, reason="no replica configured (DATABASE_REPLICA_URL)"
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def wait_for_replica(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("the replica did not catch up")
        time.sleep(0.1)


def tables_read(context: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in context.captured_queries)


def test_the_replica_streams_from_the_primary_and_refuses_writes(mechanism):
    unit = Unit.objects.get(code="ndrc")
    unit.english_name = "NDRC (changed on the primary)"
    unit.save()
    wait_for_replica(
        lambda: (
            Unit.objects.using("replica")
            .filter(pk=unit.pk, english_name=unit.english_name)
            .exists()
        )
    )
    with pytest.raises(DatabaseError, match="read-only"):
        with connections["replica"].cursor() as cursor:
            cursor.execute("CREATE TABLE written_on_a_replica (id integer)")


def test_a_listed_page_reads_from_the_replica(client, personas):
    client.force_login(personas.secretariat)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/projects/")
    assert response.status_code == 200
    assert "projects_project" in tables_read(replica)
    assert "projects_project" not in tables_read(primary)
    # the session and the account are read where they were written
    assert "django_session" in tables_read(primary)
    assert "django_session" not in tables_read(replica)


def test_an_unlisted_page_and_every_write_use_the_primary(client, personas):
    client.force_login(personas.secretariat)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/projects/new/").status_code == 200
        client.post("/notifications/read/")
    assert replica.captured_queries == []


def test_whoever_just_wrote_reads_from_the_primary(client, personas):
    client.force_login(personas.secretariat)
    response = client.post("/notifications/read/")
    assert RECENT_WRITE_COOKIE in response.cookies
    assert (
        response.cookies[RECENT_WRITE_COOKIE]["max-age"] == settings.DATABASE_REPLICA_GRACE_SECONDS
    )
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/projects/").status_code == 200
    assert replica.captured_queries == []


def test_an_unreachable_replica_falls_back_to_the_primary(client, personas, monkeypatch):
    def refuse():
        raise DatabaseError("connection refused")

    client.force_login(personas.secretariat)
    monkeypatch.setattr(connections["replica"], "ensure_connection", refuse)
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get("/projects/")
    assert response.status_code == 200
    assert "projects_project" in tables_read(primary)


def test_the_api_list_reads_from_the_replica(client, personas):
    client.force_login(personas.secretariat)
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/api/v1/projects")
    assert response.status_code == 200
    assert "projects_project" in tables_read(replica)


def test_reads_inside_a_write_transaction_use_the_primary(personas):
    """A service that reads what it is about to change, during a listed page, reads the primary."""
    from django.db import transaction

    from zhenxing.operations.replica import replica_reads

    with replica_reads():
        with CaptureQueriesContext(connections["replica"]) as replica:
            list(Unit.objects.all()[:1])
        assert replica.captured_queries  # outside a transaction: the replica
        with transaction.atomic(), CaptureQueriesContext(connections["replica"]) as replica:
            list(Unit.objects.all()[:1])
        assert replica.captured_queries == []

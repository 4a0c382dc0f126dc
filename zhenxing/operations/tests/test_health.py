"""Health endpoints: anonymous, JSON, 503 naming the failing check."""

import pytest

from zhenxing.operations import health


def test_live_answers_anonymous_without_the_database(client):
    # no django_db mark: any query would raise
    response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_checks_database_and_storage(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "queue": "ok", "storage": "ok"},
    }
    # the probe file is removed again
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


@pytest.mark.django_db
def test_ready_is_503_and_names_a_failing_check(client, monkeypatch):
    def broken_storage():
        return "PermissionError: read-only file system"

    monkeypatch.setitem(health.CHECKS, "storage", broken_storage)
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {
        "database": "ok",
        "queue": "ok",
        "storage": "PermissionError: read-only file system",
    }


@pytest.mark.django_db
def test_ready_reports_an_unreachable_database(client, monkeypatch):
    def failing_cursor(*args, **kwargs):
        raise OSError("connection refused")

    from django.db import connections

    monkeypatch.setattr(connections["default"], "cursor", failing_cursor)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "OSError: connection refused"


def test_health_takes_no_writes(client):
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405


def test_health_is_answered_over_plain_http_where_pages_redirect(client, settings):
    """The load balancer probes each server directly, without TLS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live").status_code == 200
    assert client.get("/accounts/login/").status_code == 301

"""Sessions end after 30 idle minutes, 12 hours after login, and with the browser."""

import pytest
from django.test import Client

from zhenxing.conftest import PASSWORD
from zhenxing.security.models import AccountEvent
from zhenxing.security.receivers import LAST_ACTIVITY_AT, SIGNED_IN_AT


@pytest.fixture
def signed_in(personas) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert response.status_code == 302
    return client


def shift(client: Client, key: str, seconds: int) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def test_the_session_cookie_ends_with_the_browser(personas):
    response = Client().post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    cookie = response.cookies["sessionid"]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")


def test_an_active_session_goes_on(signed_in):
    shift(signed_in, LAST_ACTIVITY_AT, 29 * 60)
    shift(signed_in, SIGNED_IN_AT, 11 * 3600)
    assert signed_in.get("/").status_code == 200


def test_thirty_idle_minutes_end_the_session(signed_in, personas):
    shift(signed_in, LAST_ACTIVITY_AT, 31 * 60)
    response = signed_in.get("/units/")
    assert response["Location"] == "/accounts/login/?next=/units/"
    assert signed_in.get("/").status_code == 302
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.SESSION_EXPIRED)
    assert event.user == personas.reader


def test_twelve_hours_end_the_session_however_active(signed_in):
    shift(signed_in, SIGNED_IN_AT, 12 * 3600 + 60)
    assert signed_in.get("/")["Location"].startswith("/accounts/login/")


def test_an_idle_session_gets_401_from_the_api(signed_in):
    assert signed_in.get("/api/v1/me").status_code == 200
    shift(signed_in, LAST_ACTIVITY_AT, 31 * 60)
    assert signed_in.get("/api/v1/me").status_code == 401


def test_the_limits_are_settings(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    shift(signed_in, LAST_ACTIVITY_AT, 11 * 60)
    assert signed_in.get("/").status_code == 302

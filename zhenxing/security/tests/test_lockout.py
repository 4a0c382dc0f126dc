"""Lockout after 5 failures per account and per address, through the login page and the API;
release by the security administrator; every event in the change log with the address."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from zhenxing.audit.models import ChangeRecord
from zhenxing.conftest import PASSWORD
from zhenxing.orgs.services import api_token_create
from zhenxing.security.models import AccountEvent
from zhenxing.testing import client_for, expect, outcome

WRONG = "Wrong-Password-99"


def log_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def fail(client, username, times=5):
    """`times` wrong passwords; the fifth is answered with the lockout page."""
    for attempt in range(1, times + 1):
        assert log_in(client, username, WRONG).status_code == (429 if attempt == 5 else 200)


def events(kind):
    return ChangeRecord.objects.filter(
        content_type__model="accountevent", after__kind=kind
    ).order_by("id")


def test_five_failures_lock_the_account_even_with_the_right_password(personas):
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, "reader", times=4)
    assert log_in(client, "reader").status_code == 302  # four failures: not yet locked
    client.post("/accounts/logout/")
    fail(client, "reader")
    response = log_in(client, "reader")
    assert response.status_code == 429
    assert "连续 5 次登录失败" in response.content.decode()
    assert "30 分钟" in response.content.decode()
    # From another address too: the account itself is locked.
    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "reader").status_code == 429


def test_lockout_message_in_english(personas):
    client = Client(REMOTE_ADDR="10.0.0.1", headers={"Accept-Language": "en"})
    fail(client, "reader")
    page = log_in(client, "reader").content.decode()
    assert "5 failed logins in a row" in page
    assert "30 minutes" in page


def test_five_failures_over_many_accounts_lock_the_address(personas):
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for number in range(5):
        assert log_in(attacker, f"nobody{number}", WRONG).status_code == (
            429 if number == 4 else 200
        )
    assert log_in(attacker, "secretariat").status_code == 429
    # The accounts themselves are not locked elsewhere.
    assert log_in(Client(REMOTE_ADDR="10.0.0.7"), "secretariat").status_code == 302


def test_the_lock_ends_after_the_cool_off(personas):
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, "reader")
    assert log_in(client, "reader").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert log_in(client, "reader").status_code == 302


def test_failed_api_tokens_lock_the_address(personas):
    _token, raw = api_token_create(user=personas.reader, name="script")
    for number in range(5):
        bad = Client(REMOTE_ADDR="10.0.0.9", headers={"Authorization": f"Bearer zx_bad{number}"})
        assert bad.get("/api/v1/me").status_code == (429 if number == 4 else 401)
    good = Client(REMOTE_ADDR="10.0.0.9", headers={"Authorization": f"Bearer {raw}"})
    response = good.get("/api/v1/me")
    assert response.status_code == 429
    assert "锁定" in response.json()["detail"]
    assert log_in(Client(REMOTE_ADDR="10.0.0.9"), "reader").status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.0.0.10", headers={"Authorization": f"Bearer {raw}"})
    assert elsewhere.get("/api/v1/me").status_code == 200


def test_login_failure_lockout_login_and_logout_reach_the_change_log(personas):
    client = Client(REMOTE_ADDR="10.1.2.3")
    fail(client, "reader")
    failures = events("login_failed")
    assert failures.count() == 5
    assert {record.after["address"] for record in failures} == {"10.1.2.3"}
    assert {record.after["username"] for record in failures} == {"reader"}
    assert {(record.user, record.actor_name) for record in failures} == {(None, "anonymous")}
    [lockout] = events("locked_out")
    assert (lockout.after["username"], lockout.after["address"]) == ("reader", "10.1.2.3")

    other = Client(REMOTE_ADDR="10.1.2.4")
    assert log_in(other, "secretariat").status_code == 302
    other.post("/accounts/logout/")
    [login] = events("login")
    [logout] = events("logout")
    for record in (login, logout):
        assert record.user == personas.secretariat
        assert record.after["address"] == "10.1.2.4"


def test_lockout_page_permission_matrix(people):
    expected = expect(403, security_admin=200, anonymous="login", inactive="login")
    for name, person in people.items():
        assert outcome(client_for(person).get("/security/lockouts/")) == expected[name], name
        response = client_for(person).post(
            "/security/lockouts/release/", {"parameter": "username", "value": "reader"}
        )
        wanted = "/security/lockouts/" if name == "security_admin" else expected[name]
        assert outcome(response) == wanted, name


def test_security_admin_releases_a_locked_account_and_it_is_logged(personas):
    client = Client(REMOTE_ADDR="10.0.0.1")
    fail(client, "reader")
    assert log_in(client, "reader").status_code == 429
    admin = client_for(personas.security_admin)
    page = admin.get("/security/lockouts/").content.decode()
    assert "reader" in page and "10.0.0.1" in page
    response = admin.post(
        "/security/lockouts/release/", {"parameter": "username", "value": "reader"}
    )
    assert response["Location"] == "/security/lockouts/"
    assert log_in(Client(REMOTE_ADDR="10.0.0.1"), "reader").status_code == 302
    [release] = events("released")
    assert release.user == personas.security_admin
    assert release.after["username"] == "reader"


@pytest.mark.parametrize("name", ["system_admin", "audit_admin", "secretariat"])
def test_only_the_security_admin_releases(personas, name):
    fail(Client(REMOTE_ADDR="10.0.0.1"), "reader")
    response = client_for(getattr(personas, name)).post(
        "/security/lockouts/release/", {"parameter": "username", "value": "reader"}
    )
    assert response.status_code == 403
    assert log_in(Client(REMOTE_ADDR="10.0.0.5"), "reader").status_code == 429
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.RELEASED).exists()


def test_lockout_covers_the_admin_login_page(personas):
    client = Client(REMOTE_ADDR="10.3.3.3")
    for attempt in range(1, 6):
        response = client.post("/admin/login/", {"username": "system.admin", "password": WRONG})
        assert response.status_code == (429 if attempt == 5 else 200)

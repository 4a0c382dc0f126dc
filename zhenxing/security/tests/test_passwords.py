"""Password rules through the change page: length, three classes, no reuse of the last 5, expiry."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from zhenxing.conftest import PASSWORD
from zhenxing.orgs.services import one_time_password
from zhenxing.security.models import PasswordHistory
from zhenxing.security.validators import character_classes
from zhenxing.testing import client_for

NEW_PASSWORDS = [f"Quiet-Lantern-{number}" for number in range(71, 77)]


def change(client: Client, old: str, new: str):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    "weak",
    [
        "abcdefghijkl",  # 12 lower-case letters: the accepted example
        "quietlantern73",  # two classes
        "Lantern-7",  # three classes, nine characters
    ],
)
def test_weak_passwords_are_refused(personas, weak):
    client = client_for(personas.reader)
    response = change(client, PASSWORD, weak)
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    personas.reader.refresh_from_db()
    assert personas.reader.check_password(PASSWORD)


def test_a_ten_character_three_class_password_is_accepted(personas):
    response = change(client_for(personas.reader), PASSWORD, "lantern-73")
    assert response.status_code == 302


def test_the_current_and_last_five_passwords_are_not_reused(personas):
    client = client_for(personas.reader)
    response = change(client, PASSWORD, PASSWORD)
    assert "最近5次" in str(response.context["form"].errors)
    current = PASSWORD
    for new in NEW_PASSWORDS[:5]:
        assert change(client, current, new).status_code == 302, new
        current = new
    for old in NEW_PASSWORDS[:4]:
        response = change(client, current, old)
        assert response.status_code == 200, old
        assert "最近5次" in str(response.context["form"].errors)
    # The persona's first password is now the sixth back: allowed again.
    assert change(client, current, PASSWORD).status_code == 302
    assert PasswordHistory.objects.filter(user=personas.reader).count() == 5


def test_an_expired_password_must_be_changed_at_login(personas):
    PasswordHistory.objects.filter(user=personas.reader).update(
        created_at=timezone.now() - datetime.timedelta(days=91)
    )
    client = Client()
    client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert client.get("/units/")["Location"] == "/accounts/password/"
    assert change(client, PASSWORD, NEW_PASSWORDS[0]).status_code == 302
    assert client.get("/units/").status_code == 200


def test_a_recent_password_does_not_expire(personas):
    PasswordHistory.objects.filter(user=personas.reader).update(
        created_at=timezone.now() - datetime.timedelta(days=89)
    )
    client = Client()
    client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert client.get("/units/").status_code == 200


def test_expiry_is_a_setting(personas, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 0
    PasswordHistory.objects.filter(user=personas.reader).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    client = Client()
    client.post("/accounts/login/", {"username": "reader", "password": PASSWORD})
    assert client.get("/units/").status_code == 200


def test_generated_one_time_passwords_meet_the_rules():
    """Demo accounts and resets use them: the rules must never refuse one."""
    for _attempt in range(500):
        password = one_time_password()
        assert len(password) >= 10 and character_classes(password) >= 3

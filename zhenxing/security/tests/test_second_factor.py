"""TOTP second factor: required of the three administrators (and of all by a setting),
open to everyone, enrolled with a QR code drawn by the server; /admin/ and the API included."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhenxing.conftest import PASSWORD
from zhenxing.testing import client_for, expect, outcome, verified_device

FACTOR = "/security/second-factor/"


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def log_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("name", ["system_admin", "security_admin", "audit_admin"])
def test_administrators_enrol_and_enter_a_code_before_anything(personas, name):
    username = getattr(personas, name).username
    client = log_in(username)
    assert client.get("/")["Location"] == f"{FACTOR}?next=%2F"
    assert client.get("/admin/")["Location"] == f"{FACTOR}?next=%2Fadmin%2F"
    assert client.get("/accounts/tokens/")["Location"].startswith(FACTOR)
    assert client.get("/api/v1/me").status_code == 403

    page = client.get(FACTOR)
    assert page.context["enrolling"] is True
    html = page.content.decode()
    assert '<figure class="qr-code" id="second-factor-qr"><svg' in html
    assert "https://" not in html.split('id="second-factor-qr"')[1].split("</figure>")[0]
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)

    wrong = client.post(FACTOR, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure: skip the wait
    response = client.post(FACTOR, {"token": code_for(device), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_an_enrolled_administrator_enters_the_code_at_each_login(personas):
    device = verified_device(personas.audit_admin)
    client = log_in("audit.admin")
    assert client.get("/audit/")["Location"].startswith(FACTOR)
    page = client.get(FACTOR)
    assert page.context["enrolling"] is False
    assert "second-factor-qr" not in page.content.decode()
    assert client.post(FACTOR, {"token": code_for(device)})["Location"] == "/"
    assert client.get("/audit/").status_code == 200


def test_other_people_need_no_second_factor_by_default(personas):
    assert log_in("reader").get("/").status_code == 200


def test_a_setting_requires_it_of_everyone(personas, settings):
    settings.SECOND_FACTOR_FOR_ALL = True
    client = log_in("reader")
    assert client.get("/")["Location"].startswith(FACTOR)


def test_anyone_may_enrol_and_is_then_asked_at_login(personas):
    client = log_in("reader")
    client.get(FACTOR)
    device = TOTPDevice.objects.get(user=personas.reader)
    assert client.post(FACTOR, {"token": code_for(device)})["Location"] == "/"
    assert client.get("/").status_code == 200
    assert 'id="second-factor-active"' in client.get(FACTOR).content.decode()
    again = log_in("reader")
    assert again.get("/")["Location"].startswith(FACTOR)


def test_second_factor_page_permission_matrix(people):
    expected = expect(200, anonymous="login", inactive="login")
    for name, person in people.items():
        assert outcome(client_for(person).get(FACTOR)) == expected[name], name


def test_console_reset_of_the_second_factor(personas):
    verified_device(personas.security_admin)
    call_command("security", "reset-second-factor", "security.admin")
    assert not TOTPDevice.objects.filter(user=personas.security_admin).exists()
    client = log_in("security.admin")
    assert client.get(FACTOR).context["enrolling"] is True
    with pytest.raises(CommandError):
        call_command("security", "reset-second-factor", "nobody")

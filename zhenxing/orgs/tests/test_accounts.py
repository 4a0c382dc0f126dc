"""Accounts: logging in and out, the first-login password change, API tokens."""

import datetime

import pytest
from django.test import Client
from django.urls import path
from django.utils import timezone
from ninja import NinjaAPI

from zhenxing import urls as project_urls
from zhenxing.api import BearerToken, api
from zhenxing.audit.context import acting_as, current
from zhenxing.audit.models import ChangeRecord
from zhenxing.conftest import PASSWORD
from zhenxing.orgs.models import ApiToken, Role, Unit, UnitAlias
from zhenxing.orgs.services import api_token_create, unit_alias_add
from zhenxing.testing import client_for, make_user

NEW_PASSWORD = "Quiet-Lantern-73"

# A write route behind the project API's own authentication list, for the CSRF tests below
# (the foundation's routes only read). This module doubles as their URLconf.
probe = NinjaAPI(auth=api.auth, urls_namespace="csrf-probe")


@probe.post("/write")
def probe_write(request):
    return {"username": request.user.username}


urlpatterns = [path("probe/", probe.urls), *project_urls.urlpatterns]


def log_in(client: Client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def signed_in_user(client: Client):
    return client.get("/api/v1/me").json().get("username")


@pytest.fixture
def newcomer(personas):
    """An account opened by the system administrator, still on its one-time password."""
    return make_user(
        "newcomer",
        role=Role.UNIT_LIAISON,
        unit=personas.lead_liaison.unit,
        must_change_password=True,
    )


def test_login_page_and_real_login_lead_home(personas):
    client = Client()
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert 'name="username"' in page.content.decode()
    response = log_in(client, "lead.liaison")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").status_code == 200
    assert signed_in_user(client) == "lead.liaison"
    # Signed in, the login page sends the person home.
    assert client.get("/accounts/login/")["Location"] == "/"


def test_login_follows_next(personas):
    client = Client()
    response = client.post(
        "/accounts/login/?next=/units/",
        {"username": "reader", "password": PASSWORD, "next": "/units/"},
    )
    assert response["Location"] == "/units/"


@pytest.mark.parametrize(
    ("username", "password"),
    [("lead.liaison", "wrong-password-1"), ("nobody", PASSWORD), ("inactive", PASSWORD)],
)
def test_failed_logins_stay_on_the_form(people, username, password):
    client = Client()
    response = log_in(client, username, password)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_deactivating_an_account_ends_its_sessions(personas):
    client = Client()
    log_in(client, "outsider")
    assert client.get("/units/").status_code == 200
    personas.outsider.is_active = False
    personas.outsider.save()
    response = client.get("/units/")
    assert response["Location"].startswith("/accounts/login/")


def test_logout_is_post_only(personas):
    client = Client()
    log_in(client, "reader")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize(
    "path", ["/", "/units/", "/mechanisms/northeast/", "/audit/", "/admin/", "/accounts/tokens/"]
)
def test_pending_password_change_redirects_every_page(newcomer, path):
    client = client_for(newcomer)
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, "/accounts/password/")


def test_pending_password_change_blocks_the_api_by_session_and_by_token(newcomer):
    session = client_for(newcomer)
    response = session.get("/api/v1/units")
    assert response.status_code == 403
    assert response.json() == {"detail": "请先修改初始密码。"}
    assert session.get("/api/v1/me").status_code == 403
    # A token issued before a reset (or by any other way) does not get round it.
    _token, raw = api_token_create(user=newcomer, name="script")
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    assert bearer.get("/api/v1/me").status_code == 403
    assert bearer.get("/api/v1/units").status_code == 403


def test_first_login_password_change_then_work(newcomer):
    client = Client()
    response = log_in(client, "newcomer")
    assert response["Location"] == "/"
    assert client.get("/")["Location"] == "/accounts/password/"
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    assert "请先设置您自己的密码" in page.content.decode()
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert (response.status_code, response["Location"]) == (302, "/")
    newcomer.refresh_from_db()
    assert newcomer.must_change_password is False
    assert newcomer.check_password(NEW_PASSWORD)
    # The session survives the change, and the person can work.
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/units").status_code == 200
    assert signed_in_user(client) == "newcomer"


def test_password_change_needs_the_old_password_and_a_strong_new_one(personas):
    client = client_for(personas.reader)
    for old, new in [("wrong-password-1", NEW_PASSWORD), (PASSWORD, "12345678")]:
        response = client.post(
            "/accounts/password/",
            {"old_password": old, "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 200
        assert response.context["form"].errors
    personas.reader.refresh_from_db()
    assert personas.reader.check_password(PASSWORD)


def test_password_change_is_logged_with_request_id_and_without_the_hash(personas):
    client = client_for(personas.reader)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    personas.reader.refresh_from_db()
    record = ChangeRecord.objects.get(
        content_type__model="user", object_id=str(personas.reader.pk), action="update"
    )
    assert record.request_id == response["X-Request-ID"] != ""
    assert record.user == personas.reader
    assert record.actor_name == "reader"
    assert record.changed_fields == ["password"]
    assert personas.reader.password not in str(record.before) + str(record.after)


def test_token_created_on_the_page_is_shown_once_and_only_its_hash_kept(personas):
    client = client_for(personas.participant_liaison)
    response = client.post("/accounts/tokens/", {"name": "报送脚本"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw and raw in response.content.decode()
    token = ApiToken.objects.get(user=personas.participant_liaison)
    assert token.name == "报送脚本"
    assert token.token_hash == ApiToken.hash_token(raw) != raw
    assert token.prefix == raw[:8]
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    # Shown once: the list afterwards names the token by its prefix only.
    again = client.get("/accounts/tokens/").content.decode()
    assert raw not in again
    assert token.prefix in again
    record = ChangeRecord.objects.get(
        content_type__model="apitoken", object_id=str(token.pk), action="create"
    )
    assert record.request_id == response["X-Request-ID"]
    assert record.user == personas.participant_liaison
    assert "token_hash" not in record.after
    assert token.token_hash not in str(record.after)


def test_bearer_and_header_tokens_work_until_revoked(personas):
    user = personas.participant_liaison
    client = client_for(user)
    raw = client.post("/accounts/tokens/", {"name": "script"}).context["raw_token"]
    token = ApiToken.objects.get(user=user)
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    header = Client(headers={"X-API-Token": raw})
    for api_client in (bearer, header):
        response = api_client.get("/api/v1/me")
        assert response.status_code == 200
        assert response.json()["username"] == user.username
        assert response.json()["unit"]["code"] == "mof"
        assert api_client.get("/api/v1/units").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert Client(headers={"Authorization": f"Bearer {raw}x"}).get("/api/v1/me").status_code == 401

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response["Location"] == "/accounts/tokens/"
    for api_client in (bearer, header):
        assert api_client.get("/api/v1/me").status_code == 401


def test_expired_tokens_and_tokens_of_deactivated_accounts_stop_working(personas):
    _token, expired = api_token_create(
        user=personas.reader,
        name="old",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert (
        Client(headers={"Authorization": f"Bearer {expired}"}).get("/api/v1/me").status_code == 401
    )
    _token, raw = api_token_create(user=personas.outsider, name="script")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").status_code == 200
    personas.outsider.is_active = False
    personas.outsider.save()
    assert client.get("/api/v1/me").status_code == 401


def test_token_user_is_the_actor_of_changes_made_under_the_token(personas, rf):
    """What the API's token authentication does to the change log's actor and request id."""
    user = personas.secretariat
    _token, raw = api_token_create(user=user, name="script")
    request = rf.get("/api/v1/me")
    with acting_as(actor_name="anonymous", request_id="request-7"):
        assert BearerToken().authenticate(request, raw) == user
        assert request.user == user
        assert (current().user_id, current().actor_name) == (user.pk, user.username)
        alias = unit_alias_add(
            unit=Unit.objects.get(code="mof"), name="财政部门", kind=UnitAlias.Kind.INFORMAL
        )
    record = ChangeRecord.objects.get(content_type__model="unitalias", object_id=str(alias.pk))
    assert (record.user, record.request_id) == (user, "request-7")
    assert current().user_id is None, "the binding ends with the request"


def test_client_supplied_request_id_is_kept(personas):
    client = client_for(personas.participant_liaison)
    response = client.post(
        "/accounts/tokens/", {"name": "script"}, headers={"X-Request-ID": "trace-0042"}
    )
    assert response["X-Request-ID"] == "trace-0042"
    token = ApiToken.objects.get(user=personas.participant_liaison)
    record = ChangeRecord.objects.get(content_type__model="apitoken", object_id=str(token.pk))
    assert record.request_id == "trace-0042"


@pytest.mark.urls("zhenxing.orgs.tests.test_accounts")
def test_session_api_writes_need_the_csrf_token(personas):
    client = client_for(personas.secretariat, enforce_csrf_checks=True)
    response = client.post("/probe/write")
    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF check Failed"}
    # A page with a form sets the CSRF cookie, whose value the API takes in X-CSRFToken.
    client.get("/accounts/password/")
    token = client.cookies["csrftoken"].value
    response = client.post("/probe/write", headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert response.json() == {"username": "secretariat"}


@pytest.mark.urls("zhenxing.orgs.tests.test_accounts")
@pytest.mark.parametrize("header", ["Authorization", "X-API-Token"])
def test_token_api_writes_need_no_csrf_token(personas, header):
    _token, raw = api_token_create(user=personas.participant_liaison, name="script")
    value = f"Bearer {raw}" if header == "Authorization" else raw
    client = Client(enforce_csrf_checks=True, headers={header: value})
    response = client.post("/probe/write")
    assert response.status_code == 200, response.content
    assert response.json() == {"username": "participant.liaison"}

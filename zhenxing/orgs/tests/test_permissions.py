"""Permission matrices: every page, API route and admin list, for every persona (STYLE.md §10).

Each row is one URL and the expected outcome for every person of `zhenxing.testing.PEOPLE`:
a status code, "login" (redirect to the login page), "admin-login" (redirect to the admin's
login page) or the path of another redirect. The whole row is compared at once, so a failure
shows every persona that deviates.
"""

from urllib.parse import quote

import pytest

from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import ApiToken, Unit
from zhenxing.orgs.services import api_token_create
from zhenxing.testing import (
    ANONYMOUS,
    INACTIVE,
    NO_ROLE,
    PEOPLE,
    SUPERUSER,
    bearer_client_for,
    client_for,
    expect,
    make_user,
    outcome,
)

SIGNED_OUT = {ANONYMOUS: "login", INACTIVE: "login"}
BUSINESS_PAGE = expect(200, no_role=403, **SIGNED_OUT)
ACCOUNT_PAGE = expect(200, **SIGNED_OUT)
AUDIT_PAGE = expect(403, audit_admin=200, **SIGNED_OUT)

PAGE_MATRIX = [
    ("/", BUSINESS_PAGE),
    ("/units/", BUSINESS_PAGE),
    ("/units/{ndrc}/", BUSINESS_PAGE),
    ("/units/999999/", expect(404, no_role=403, **SIGNED_OUT)),
    ("/mechanisms/", expect("/mechanisms/northeast/", no_role=403, **SIGNED_OUT)),
    ("/mechanisms/northeast/", BUSINESS_PAGE),
    ("/mechanisms/nowhere/", expect(404, no_role=403, **SIGNED_OUT)),
    ("/audit/", AUDIT_PAGE),
    ("/audit/{record}/", AUDIT_PAGE),
    ("/audit/export/", AUDIT_PAGE),
    ("/audit/export/?date_from=2026-01-01&date_to=2026-12-31&file_format=csv", AUDIT_PAGE),
    ("/audit/999999/", expect(403, audit_admin=404, **SIGNED_OUT)),
    ("/accounts/password/", ACCOUNT_PAGE),
    ("/accounts/tokens/", ACCOUNT_PAGE),
    ("/api/v1/docs", ACCOUNT_PAGE),
]

SIGNED_OUT_API = {ANONYMOUS: 401, INACTIVE: 401}
BUSINESS_API = expect(200, no_role=403, **SIGNED_OUT_API)

API_MATRIX = [
    ("/api/v1/me", expect(200, **SIGNED_OUT_API)),
    ("/api/v1/units", BUSINESS_API),
    (f"/api/v1/units/lookup?name={quote('发改委')}", BUSINESS_API),
    ("/api/v1/units/{ndrc}", BUSINESS_API),
    ("/api/v1/units/999999", expect(404, no_role=403, **SIGNED_OUT_API)),
    ("/api/v1/regions", BUSINESS_API),
    ("/api/v1/regions/210000", BUSINESS_API),
    ("/api/v1/regions/999999", expect(404, no_role=403, **SIGNED_OUT_API)),
    ("/api/v1/mechanisms", BUSINESS_API),
    ("/api/v1/mechanisms/northeast", BUSINESS_API),
    ("/api/v1/mechanisms/nowhere", expect(404, no_role=403, **SIGNED_OUT_API)),
    ("/api/v1/audit/changes", expect(403, audit_admin=200, **SIGNED_OUT_API)),
]

ADMIN_SITE = {"system_admin", "security_admin", "audit_admin", "secretariat", SUPERUSER}


def admin_row(**allowed) -> dict:
    """Outside the admin site: redirect to its login; inside it: 403 unless listed."""
    row = {name: "admin-login" for name in PEOPLE}
    row |= {name: 403 for name in ADMIN_SITE}
    return row | allowed


ADMIN_MATRIX = [
    ("/admin/", admin_row(**dict.fromkeys(ADMIN_SITE, 200))),
    ("/admin/orgs/unit/", admin_row(secretariat=200, superuser=200)),
    ("/admin/orgs/unitgroup/", admin_row(secretariat=200, superuser=200)),
    ("/admin/orgs/region/", admin_row(secretariat=200, superuser=200)),
    ("/admin/mechanisms/mechanism/", admin_row(secretariat=200, superuser=200)),
    ("/admin/orgs/user/", admin_row(system_admin=200, security_admin=200, superuser=200)),
    ("/admin/orgs/user/add/", admin_row(system_admin=200, superuser=200)),
    ("/admin/orgs/apitoken/", admin_row(system_admin=200, superuser=200)),
    # The change log is for the audit administrator alone, not even for a superuser.
    ("/admin/audit/changerecord/", admin_row(audit_admin=200)),
]


@pytest.fixture
def placeholders(people) -> dict:
    return {
        "ndrc": Unit.objects.get(code="ndrc").pk,
        "record": ChangeRecord.objects.latest("id").pk,
    }


def table_ids(matrix):
    return [url for url, _expected in matrix]


@pytest.mark.parametrize(("url", "expected"), PAGE_MATRIX, ids=table_ids(PAGE_MATRIX))
def test_page_permission_matrix(people, placeholders, url, expected):
    url = url.format(**placeholders)
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expected


@pytest.mark.parametrize("authentication", ["session", "bearer"])
@pytest.mark.parametrize(("url", "expected"), API_MATRIX, ids=table_ids(API_MATRIX))
def test_api_permission_matrix(people, placeholders, url, expected, authentication):
    make_client = client_for if authentication == "session" else bearer_client_for
    url = url.format(**placeholders)
    actual = {name: outcome(make_client(user).get(url)) for name, user in people.items()}
    assert actual == expected


@pytest.mark.parametrize(("url", "expected"), ADMIN_MATRIX, ids=table_ids(ADMIN_MATRIX))
def test_admin_permission_matrix(people, superuser, url, expected):
    everyone = people | {SUPERUSER: superuser}
    actual = {name: outcome(client_for(user).get(url)) for name, user in everyone.items()}
    assert actual == expected


def test_openapi_schema_is_for_signed_in_accounts(people):
    """Like /api/v1/docs in the matrix; built afresh per request, so checked for fewer people."""
    outcomes = {
        name: outcome(client_for(people[name]).get("/api/v1/openapi.json"))
        for name in [ANONYMOUS, INACTIVE, NO_ROLE, "reader"]
    }
    assert outcomes == {ANONYMOUS: "login", INACTIVE: "login", NO_ROLE: 200, "reader": 200}


def test_anonymous_pages_redirect_to_login_with_next(db):
    response = client_for(None).get("/units/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/units/"


def test_anonymous_api_answers_401_json(db):
    response = client_for(None).get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_forbidden_api_answers_403_json(people):
    response = client_for(people["system_admin"]).get("/api/v1/audit/changes")
    assert response.status_code == 403
    assert response.json() == {"detail": "无权访问。"}


def test_audit_page_is_not_in_the_system_administrators_navigation(people):
    home = client_for(people["system_admin"]).get("/")
    assert home.status_code == 200
    assert 'href="/audit/"' not in home.content.decode()
    assert "changes" not in home.context["counts"]
    audit_home = client_for(people["audit_admin"]).get("/")
    assert 'href="/audit/"' in audit_home.content.decode()
    assert audit_home.context["counts"]["changes"] == ChangeRecord.objects.count()


@pytest.mark.parametrize("name", PEOPLE)
def test_token_revoke_matrix(people, name):
    """Everyone signed in revokes their own tokens only; another user's token is a 404."""
    user = people[name]
    owner = user if user is not None and user.is_active else people["outsider"]
    own, _raw = api_token_create(user=owner, name="own")
    theirs, _raw = api_token_create(user=make_user("token.owner"), name="theirs")
    client = client_for(user)
    own_response = client.post(f"/accounts/tokens/{own.pk}/revoke/")
    other_response = client.post(f"/accounts/tokens/{theirs.pk}/revoke/")
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    if user is None or not user.is_active:
        assert (outcome(own_response), outcome(other_response)) == ("login", "login")
        assert own.revoked_at is None
    else:
        assert (outcome(own_response), outcome(other_response)) == ("/accounts/tokens/", 404)
        assert own.revoked_at is not None


def test_token_revoke_is_post_only(personas):
    token, _raw = api_token_create(user=personas.lead_liaison, name="own")
    response = client_for(personas.lead_liaison).get(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 405
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None

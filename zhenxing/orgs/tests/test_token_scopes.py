"""API tokens limited to reading or to named scopes (issue #21, item 3): a read-only token may
only read; a token with named scopes may read everywhere and write only to the routers of its
scopes; a write elsewhere answers 403 naming the missing scope. Tokens made before scopes keep
full rights; a session is not limited by scopes."""

import re

import pytest
from django.test import Client

from zhenxing.api import ROUTERS, api
from zhenxing.orgs.models import ApiScope, ApiToken
from zhenxing.orgs.services import api_token_create
from zhenxing.testing import client_for

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")
WRITES = {"post", "put", "patch", "delete"}


def _operation(prefix: str, methods: set[str]) -> tuple[str, str] | None:
    """One operation (method, path with made-up ids) of the router at `prefix`."""
    for path, operations in sorted(SCHEMA["paths"].items()):
        segment = path.removeprefix("/api/v1/").split("/", 1)[0]
        own = segment == prefix or (prefix == "" and segment in {"me", "units", "regions"})
        for method in sorted(operations):
            if own and method in methods:
                return method, re.sub(r"\{[^}]+\}", "999999", path)
    return None


READS = {
    prefix: found
    for prefix, _router, _scope in ROUTERS
    if (found := _operation(prefix, {"get"})) is not None
}
WRITE_OPERATIONS = {
    prefix: found
    for prefix, _router, _scope in ROUTERS
    if (found := _operation(prefix, WRITES)) is not None
}
SCOPE_OF = {prefix: scope for prefix, _router, scope in ROUTERS}


def _call(client: Client, method: str, path: str):
    return getattr(client, method)(path, data={}, content_type="application/json")


def _refused_by_scope(response) -> bool:
    return response.status_code == 403 and (
        "权限范围" in response.json()["detail"] or "只读" in response.json()["detail"]
    )


def _token_client(user, scopes) -> Client:
    _token, raw = api_token_create(user=user, name="scoped", scopes=scopes)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_every_router_with_writes_is_in_the_matrix():
    # The routers known to write; a router losing its last write would drop out silently.
    assert {"rounds", "policies", "projects", "notifications"} <= set(WRITE_OPERATIONS)
    assert set(READS) == {prefix for prefix, _router, _scope in ROUTERS} - {"figures"}


@pytest.mark.parametrize("prefix", sorted(WRITE_OPERATIONS))
def test_write_matrix_scope_by_router(personas, prefix):
    """For each router: which tokens may write there (not refused by the scope check; the
    operation itself may then answer 404 or 422 for the made-up request)."""
    method, path = WRITE_OPERATIONS[prefix]
    own_scope = SCOPE_OF[prefix]
    other_scope = ApiScope.FUNDS if own_scope != ApiScope.FUNDS else ApiScope.PILOTS
    expected = {
        (ApiScope.ALL,): True,
        (ApiScope.READ,): False,
        (own_scope,): True,
        (other_scope,): False,
        (other_scope, own_scope): True,
    }
    found = {}
    for scopes in expected:
        response = _call(_token_client(personas.secretariat, scopes), method, path)
        found[scopes] = not _refused_by_scope(response)
    assert found == expected


@pytest.mark.parametrize("prefix", sorted(READS))
def test_every_token_may_read_every_router(personas, prefix):
    method, path = READS[prefix]
    for scopes in [(ApiScope.ALL,), (ApiScope.READ,), (ApiScope.FUNDS,)]:
        response = _call(_token_client(personas.secretariat, scopes), method, path)
        assert not _refused_by_scope(response), (scopes, path, response.content)


def test_the_refusal_names_the_missing_scope_and_the_method(personas):
    client = _token_client(personas.participant_liaison, [ApiScope.FUNDS])
    response = client.post("/api/v1/notifications/read-all")
    assert response.status_code == 403
    assert (
        response.json()["detail"] == "此接口令牌的权限范围不含“notifications”，不能执行 POST 请求。"
    )
    read_only = _token_client(personas.participant_liaison, [ApiScope.READ])
    response = read_only.post("/api/v1/notifications/read-all", headers={})
    assert response.json()["detail"] == "此接口令牌只读，不能执行 POST 请求。"
    # The other header is checked the same way.
    _token, raw = api_token_create(
        user=personas.participant_liaison, name="header", scopes=[ApiScope.READ]
    )
    response = Client(headers={"X-API-Token": raw}).post("/api/v1/notifications/read-all")
    assert response.status_code == 403
    allowed = _token_client(personas.participant_liaison, [ApiScope.NOTIFICATIONS])
    assert allowed.post("/api/v1/notifications/read-all").status_code == 200


def test_a_session_is_not_limited_by_scopes(personas):
    session = client_for(personas.participant_liaison)
    response = session.post("/api/v1/notifications/read-all")
    assert response.status_code == 200


def test_tokens_made_before_scopes_keep_full_rights(personas):
    # The migration's default for existing rows is the model's default.
    token = ApiToken.objects.create(
        user=personas.participant_liaison, name="old", prefix="zx_old00", token_hash="0" * 64
    )
    assert token.scopes == [ApiScope.ALL]
    assert token.refusal(method="POST", scope=ApiScope.ROUNDS) == ""


@pytest.mark.parametrize(
    ("chosen", "stored"),
    [
        ([], ["read"]),
        (["read"], ["read"]),
        (["projects", "rounds"], ["rounds", "projects"]),
        (["all", "rounds"], ["all"]),
    ],
)
def test_the_token_page_lets_people_choose_scopes(personas, chosen, stored):
    page = client_for(personas.participant_liaison)
    response = page.post("/accounts/tokens/", {"name": "脚本", "scopes": chosen})
    assert response.context["raw_token"]
    token = ApiToken.objects.get(user=personas.participant_liaison)
    assert token.scopes == stored
    listing = page.get("/accounts/tokens/").content.decode()
    assert "权限范围" in listing


def test_read_only_cannot_be_combined_with_other_scopes(personas):
    page = client_for(personas.participant_liaison)
    response = page.post("/accounts/tokens/", {"name": "脚本", "scopes": ["read", "rounds"]})
    assert response.context["raw_token"] is None
    assert "“只读”不能与其他权限范围同时选择。" in response.content.decode()
    assert not ApiToken.objects.filter(user=personas.participant_liaison).exists()

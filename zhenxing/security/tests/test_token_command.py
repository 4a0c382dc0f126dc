"""`zhenxing token`: create a scoped token from the console, list, revoke; the token works and
its scopes hold at the API."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import ApiToken


def _run(*arguments) -> str:
    output = io.StringIO()
    call_command("token", *arguments, stdout=output, stderr=io.StringIO())
    return output.getvalue()


def test_create_list_and_revoke(personas):
    username = personas.participant_liaison.username
    raw = _run("create", username, "--name", "报送脚本", "--scope", "notifications").strip()
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").json()["username"] == username
    assert client.post("/api/v1/notifications/read-all").status_code == 200
    assert client.post("/api/v1/rounds/extensions", {}, "application/json").status_code == 403
    token = ApiToken.objects.get(user=personas.participant_liaison)
    assert token.scopes == ["notifications"]
    assert ChangeRecord.objects.latest_for(token).actor_name == "command:token create"
    assert "报送脚本\tnotifications\t" in _run("list", username)
    assert "revoked" in _run("revoke", raw[:8])
    assert client.get("/api/v1/me").status_code == 401
    assert "\trevoked" in _run("list", username)


def test_default_scope_is_read_and_refusals_are_errors(personas):
    username = personas.participant_liaison.username
    _run("create", username, "--name", "只读")
    assert ApiToken.objects.get(user=personas.participant_liaison).scopes == ["read"]
    with pytest.raises(CommandError, match="不能与其他权限范围同时选择"):
        _run("create", username, "--name", "x", "--scope", "read", "--scope", "rounds")
    with pytest.raises(CommandError, match="no account"):
        _run("create", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="no active token"):
        _run("revoke", "zx_nope0")

"""API tokens expire after API_TOKEN_LIFETIME_DAYS, say so when refused, and show their last use
to their owner (issue #13, item 8)."""

import datetime

from django.test import Client
from django.utils import timezone

from zhenxing.orgs.models import ApiToken
from zhenxing.testing import client_for


def test_new_tokens_expire_after_the_configured_lifetime(personas, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    page = client_for(personas.participant_liaison)
    response = page.post("/accounts/tokens/", {"name": "报送脚本"})
    assert "新令牌 90 天后过期" in response.content.decode()
    token = ApiToken.objects.get(user=personas.participant_liaison)
    lifetime = token.expires_at - token.created_at
    assert datetime.timedelta(days=90) - lifetime < datetime.timedelta(seconds=5)


def test_an_expired_token_is_refused_with_401_and_a_message(personas, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    raw = (
        client_for(personas.participant_liaison)
        .post("/accounts/tokens/", {"name": "script"})
        .context["raw_token"]
    )
    token = ApiToken.objects.get(user=personas.participant_liaison)
    for api_client in (
        Client(headers={"Authorization": f"Bearer {raw}"}),
        Client(headers={"X-API-Token": raw}),
    ):
        assert api_client.get("/api/v1/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    for api_client in (
        Client(headers={"Authorization": f"Bearer {raw}"}),
        Client(headers={"X-API-Token": raw}),
    ):
        response = api_client.get("/api/v1/me")
        assert response.status_code == 401
        assert "已于" in response.json()["detail"] and "过期" in response.json()["detail"]
        assert token.prefix in response.json()["detail"]
    # An unknown token stays a bare 401: it names nothing.
    unknown = Client(headers={"Authorization": "Bearer zx_unknown"}).get("/api/v1/me")
    assert unknown.status_code == 401 and "过期" not in unknown.content.decode()


def test_token_list_shows_last_use_expiry_and_expired_state(personas, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 90
    page = client_for(personas.participant_liaison)
    raw = page.post("/accounts/tokens/", {"name": "script"}).context["raw_token"]
    Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")
    token = ApiToken.objects.get(user=personas.participant_liaison)
    assert token.last_used_at is not None
    listing = page.get("/accounts/tokens/").content.decode()
    used = timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M")
    expires = timezone.localtime(token.expires_at).strftime("%Y-%m-%d")
    assert f'<td class="last-used">{used}</td>' in listing
    assert f'<td class="expires">{expires}</td>' in listing
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert "已过期" in page.get("/accounts/tokens/").content.decode()


def test_zero_lifetime_keeps_tokens_until_revoked(personas, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 0
    client_for(personas.participant_liaison).post("/accounts/tokens/", {"name": "script"})
    assert ApiToken.objects.get(user=personas.participant_liaison).expires_at is None

"""Issue #14, break 1: the bell's count answers its fragment or nothing, never a page."""

import pytest

BADGE = "/notifications/badge/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_bell_answers_nothing_to_the_anonymous(client):
    response = client.get(BADGE, **HTMX)
    assert response.status_code == 204 and response.content == b""


def test_bell_answers_nothing_before_the_first_password_change(client, personas):
    newcomer = personas.lead_liaison
    newcomer.must_change_password = True
    newcomer.save()
    client.force_login(newcomer)
    response = client.get(BADGE, **HTMX)
    assert response.status_code == 204 and response.content == b""
    page = client.get("/accounts/password/").content.decode()
    assert BADGE not in page  # no polling where the bell cannot be used
    # Pages themselves still lead to the password form.
    assert client.get("/").status_code == 302


@pytest.mark.parametrize(
    "persona, status", [("secretariat", 200), ("lead_liaison", 200), ("system_admin", 204)]
)
def test_bell_permission_matrix(client, personas, persona, status):
    client.force_login(getattr(personas, persona))
    response = client.get(BADGE, **HTMX)
    assert response.status_code == status
    assert b"<" not in response.content  # a count, never markup

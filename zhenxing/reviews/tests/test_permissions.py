"""The permission matrix: every reviews page and API route, for every persona.

In the world fixture the review is asked of the leading-group reader and of MOF's liaison
(participant_liaison); the others are not named. Allowed actions answer 200 (pages), 302
(actions, whatever the form said) or 200/201/204 (API); refused ones 403; anonymous visitors go
to the login page (401 from the API).
"""

import pytest
from django.db import transaction

from zhenxing.reviews.tests.conftest import ADMINISTRATORS, BUSINESS, PERSONA_NAMES

SECRETARIAT = {"secretariat"}
NAMED = {"reader", "participant_liaison"}
REVIEW_READERS = SECRETARIAT | NAMED
UPWARD_READERS = {"secretariat", "reader"}

PAGES = [
    ("get", "/reviews/", BUSINESS, 200),
    ("get", "/reviews/new/", SECRETARIAT, 200),
    ("post", "/reviews/new/", SECRETARIAT, 200),
    ("get", "/reviews/{review}/", REVIEW_READERS, 200),
    ("post", "/reviews/{review}/opinion/", NAMED, 302),
    ("post", "/reviews/{review}/decide/", SECRETARIAT, 302),
    ("post", "/reviews/opinions/{opinion}/task/", SECRETARIAT, 302),
    ("get", "/reviews/upward/", UPWARD_READERS, 200),
    ("get", "/reviews/upward/new/", SECRETARIAT, 200),
    ("post", "/reviews/upward/new/", SECRETARIAT, 200),
    ("post", "/reviews/upward/{item}/remove/", SECRETARIAT, 302),
]

API = "/api/v1/reviews"
API_ROUTES = [
    ("get", API, BUSINESS, 200, None),
    ("get", f"{API}/awaiting", BUSINESS, 200, None),
    (
        "post",
        API,
        SECRETARIAT,
        400,
        {"subject": "report", "meeting": "m", "meeting_on": "2026-10-20", "member_ids": []},
    ),
    ("get", f"{API}/{{review}}", REVIEW_READERS, 200, None),
    ("post", f"{API}/{{review}}/opinion", NAMED, 200, {"text": "同意"}),
    (
        "post",
        f"{API}/{{review}}/decide",
        SECRETARIAT,
        200,
        {"status": "approved", "minutes": "通过"},
    ),
    (
        "post",
        f"{API}/opinions/{{opinion}}/task",
        SECRETARIAT,
        400,
        {"plan_id": 0, "title": "t", "lead_unit_id": 0, "due_date": "2026-12-31"},
    ),
    ("get", f"{API}/upward-items", UPWARD_READERS, 200, None),
    (
        "post",
        f"{API}/upward-items",
        SECRETARIAT,
        201,
        {"source": "free_text", "title": "t", "summary": "s"},
    ),
    ("delete", f"{API}/upward-items/{{item}}", SECRETARIAT, 204, None),
]


def ids_of(world) -> dict:
    return {"review": world.review.pk, "opinion": world.opinion.pk, "item": world.item.pk}


def matrix(client, personas, request_as) -> dict[str, int]:
    """The status each persona gets; each request runs in a savepoint that is rolled back, so
    that an allowed action does not change what the next persona meets."""
    statuses = {}
    for persona in PERSONA_NAMES:
        client.force_login(getattr(personas, persona))
        with transaction.atomic():
            statuses[persona] = request_as().status_code
            transaction.set_rollback(True)
    return statuses


def expected(allowed, status) -> dict[str, int]:
    return {persona: status if persona in allowed else 403 for persona in PERSONA_NAMES}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, allowed, status", PAGES, ids=[f"{m} {u}" for m, u, *_ in PAGES]
)
def test_page_permissions(client, world, personas, method, url, allowed, status):
    url = url.format(**ids_of(world))
    statuses = matrix(client, personas, lambda: getattr(client, method)(url))
    assert statuses == expected(allowed, status)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for method, url, *_rest in PAGES:
        response = getattr(client, method)(url.format(**ids_of(world)))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, allowed, status, body", API_ROUTES, ids=[f"{m} {u}" for m, u, *_ in API_ROUTES]
)
def test_api_permissions(client, world, personas, method, url, allowed, status, body):
    arguments = {}
    if body is not None:
        arguments = {"data": body, "content_type": "application/json"}
    url = url.format(**ids_of(world))
    statuses = matrix(client, personas, lambda: getattr(client, method)(url, **arguments))
    assert statuses == expected(allowed, status)


@pytest.mark.django_db
def test_api_needs_a_login(client, world):
    for method, url, *_rest in API_ROUTES:
        response = getattr(client, method)(url.format(**ids_of(world)))
        assert response.status_code == 401, url


@pytest.mark.django_db
def test_units_see_only_the_reviews_they_are_named_on(client, world, personas):
    client.force_login(personas.outsider)
    assert world.review.title not in client.get("/reviews/").content.decode()
    assert client.get("/api/v1/reviews").json() == []
    client.force_login(personas.participant_liaison)
    assert world.review.title in client.get("/reviews/").content.decode()
    assert [row["id"] for row in client.get("/api/v1/reviews").json()] == [world.review.pk]


def test_the_matrix_covers_every_persona():
    assert set(PERSONA_NAMES) == BUSINESS | ADMINISTRATORS

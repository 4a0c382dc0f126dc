"""The permission matrix: every key-enterprise page and API route, for every persona.

In the world MOF (participant_liaison) is the enterprise's contact department, the difficulty
is routed to Liaoning; NDRC's liaison and Jilin (outsider) are not involved. Allowed actions
answer 200 (pages), 302 (actions) or 200/201 (API); refused ones 403 (404 for an enterprise
or difficulty the persona cannot see at all, which does not reveal it exists); anonymous
visitors go to the login page (401 from the API)."""

import pytest

from zhenxing.coordination.tests.test_permissions import matrix
from zhenxing.enterprises.tests.conftest import ADMINISTRATORS, BUSINESS, PERSONA_NAMES

SECRETARIAT = {"secretariat"}
READERS = {"secretariat", "reader", "inspector"}
MOF = {"participant_liaison"}
LIAONING = {"province_liaison", "province_leader"}
UNIT_PEOPLE = {
    "lead_liaison",
    "participant_liaison",
    "province_liaison",
    "province_leader",
    "outsider",
}
HIDDEN = 404

# (method, url, personas allowed, status when allowed)
PAGES = [
    ("get", "/enterprises/", BUSINESS, 200),
    ("get", "/enterprises/figures.xlsx", BUSINESS, 200),
    ("get", "/enterprises/new/", SECRETARIAT | UNIT_PEOPLE, 200),
    ("get", "/enterprises/import/", SECRETARIAT | UNIT_PEOPLE, 200),
    ("get", "/enterprises/import/template.xlsx", SECRETARIAT | UNIT_PEOPLE, 200),
    ("get", "/enterprises/{enterprise}/", READERS | MOF, 200),
    ("get", "/enterprises/{enterprise}/edit/", SECRETARIAT | MOF, 200),
    ("post", "/enterprises/{enterprise}/figures/", SECRETARIAT | MOF, 302),
    ("post", "/enterprises/{enterprise}/difficulties/new/", SECRETARIAT | MOF, 302),
    ("get", "/enterprises/difficulties/", BUSINESS, 200),
    ("get", "/enterprises/difficulties/{difficulty}/", READERS | MOF | LIAONING, 200),
    ("post", "/enterprises/difficulties/{difficulty}/route/", SECRETARIAT, 302),
    ("post", "/enterprises/difficulties/{difficulty}/answer/", LIAONING, 302),
    ("post", "/enterprises/difficulties/{difficulty}/close/", SECRETARIAT, 302),
    ("post", "/enterprises/difficulties/{difficulty}/escalate/", SECRETARIAT, 302),
]

API = "/api/v1/enterprises"
API_ROUTES = [
    ("get", API, BUSINESS, 200, None),
    ("get", f"{API}/difficulties", BUSINESS, 200, None),
    ("get", f"{API}/{{enterprise}}", READERS | MOF, 200, None),
    (
        "post",
        f"{API}/{{enterprise}}/figures",
        SECRETARIAT | MOF,
        200,
        {"month": "2026-09", "output_value": 1, "revenue": 1, "orders": 1, "employment": 1},
    ),
    (
        "post",
        f"{API}/{{enterprise}}/difficulties",
        SECRETARIAT | MOF,
        201,
        {"title": "t", "description": "d"},
    ),
]


def ids_of(world) -> dict:
    return {"enterprise": world.enterprise.pk, "difficulty": world.difficulty.pk}


def expected(allowed, status, url) -> dict[str, int]:
    """Allowed personas get `status`; administrators 403; business personas who see the
    object but may not act on it 403; those from whom it is hidden 404."""
    result = {}
    for persona in PERSONA_NAMES:
        if persona in allowed:
            result[persona] = status
        elif persona in ADMINISTRATORS or persona in seers(url):
            result[persona] = 403
        else:
            result[persona] = HIDDEN
    return result


ENTERPRISE_SEERS = READERS | MOF
DIFFICULTY_SEERS = READERS | MOF | LIAONING


def seers(url: str) -> set[str]:
    if "{difficulty}" in url:
        return DIFFICULTY_SEERS
    if "{enterprise}" in url:
        return ENTERPRISE_SEERS
    return BUSINESS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, allowed, status", PAGES, ids=[f"{m} {u}" for m, u, *_ in PAGES]
)
def test_page_permissions(client, world, personas, method, url, allowed, status):
    statuses = matrix(
        client, personas, lambda: getattr(client, method)(url.format(**ids_of(world)))
    )
    assert statuses == expected(allowed, status, url)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for method, url, *_rest in PAGES:
        response = getattr(client, method)(url.format(**ids_of(world)))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, allowed, status, body",
    API_ROUTES,
    ids=[f"{m} {u}" for m, u, *_ in API_ROUTES],
)
def test_api_permissions(client, world, personas, method, url, allowed, status, body):
    arguments = {"data": body, "content_type": "application/json"} if body is not None else {}
    address = url.format(**ids_of(world))
    statuses = matrix(client, personas, lambda: getattr(client, method)(address, **arguments))
    assert statuses == expected(allowed, status, url)


@pytest.mark.django_db
def test_api_needs_a_login(client, world):
    for method, url, *_rest in API_ROUTES:
        response = getattr(client, method)(url.format(**ids_of(world)))
        assert response.status_code == 401, url


@pytest.mark.django_db
def test_a_contact_department_lists_only_its_own_enterprises(client, world, personas):
    client.force_login(personas.participant_liaison)
    assert world.enterprise.name in client.get("/enterprises/").content.decode()
    client.force_login(personas.outsider)
    assert world.enterprise.name not in client.get("/enterprises/").content.decode()
    assert client.get("/api/v1/enterprises").json() == []

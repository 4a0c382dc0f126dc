"""The permission matrix: every coordination page and API route, for every persona.

In the world fixture Liaoning raised the matter, MOF (participant_liaison) and MIIT were asked,
MOF owes a response to an instruction; NDRC's liaison and Jilin (outsider) are not involved.
Allowed actions answer 200 (pages), 302 (actions, whatever the form said) or 200/201 (API);
refused ones 403; anonymous visitors go to the login page (401 from the API).
"""

import pytest
from django.db import transaction

from zhenxing.coordination.tests.conftest import (
    ADMINISTRATORS,
    BUSINESS,
    PERSONA_NAMES,
    UNIT_PEOPLE,
)

EVERYONE = set(PERSONA_NAMES)
SECRETARIAT = {"secretariat"}
RAISERS = UNIT_PEOPLE | SECRETARIAT
MATTER_READERS = {
    "secretariat",
    "reader",
    "inspector",
    "participant_liaison",
    "province_liaison",
    "province_leader",
}
LIAONING = {"province_liaison", "province_leader"}
MOF = {"participant_liaison"}

# (method, url template, personas allowed, status when allowed)
PAGES = [
    ("get", "/coordination/", BUSINESS, 200),
    ("get", "/coordination/matters/", BUSINESS, 200),
    ("get", "/coordination/matters/export.xlsx", BUSINESS, 200),
    ("get", "/coordination/matters/new/", RAISERS, 200),
    ("post", "/coordination/matters/new/", RAISERS, 200),
    ("get", "/coordination/matters/{matter}/", MATTER_READERS, 200),
    ("post", "/coordination/matters/{matter}/route/", SECRETARIAT, 302),
    ("post", "/coordination/requests/{mof_request}/respond/", MOF, 302),
    ("post", "/coordination/matters/{matter}/confirm/", LIAONING, 302),
    ("post", "/coordination/matters/{matter}/escalate/", SECRETARIAT, 302),
    ("post", "/coordination/matters/{matter}/close/", SECRETARIAT, 302),
    ("get", "/coordination/meetings/", BUSINESS, 200),
    ("get", "/coordination/meetings/new/", SECRETARIAT, 200),
    ("get", "/coordination/meetings/{meeting}/", BUSINESS, 200),
    ("post", "/coordination/meetings/{meeting}/agenda/", SECRETARIAT, 302),
    ("post", "/coordination/meetings/{meeting}/agenda/add/", SECRETARIAT, 302),
    ("post", "/coordination/meetings/{meeting}/minutes/", SECRETARIAT, 302),
    ("post", "/coordination/meetings/{meeting}/decisions/", SECRETARIAT, 302),
    ("post", "/coordination/meetings/{meeting}/issue/", SECRETARIAT, 302),
    ("get", "/coordination/assignments/", BUSINESS, 200),
    ("post", "/coordination/assignments/", SECRETARIAT, 200),
    ("get", "/coordination/instructions/", BUSINESS, 200),
    ("get", "/coordination/instructions/new/?matter={matter}", SECRETARIAT, 200),
    ("get", "/coordination/instructions/task-search/?q=1", SECRETARIAT, 200),
    ("post", "/coordination/instruction-responses/{instruction_response}/respond/", MOF, 302),
    ("get", "/coordination/suggestions/", BUSINESS, 200),
    ("get", "/coordination/suggestions/new/", RAISERS, 200),
    ("get", "/coordination/suggestions/{suggestion}/", BUSINESS, 200),
    ("post", "/coordination/suggestions/{suggestion}/decide/", SECRETARIAT, 302),
]

API = "/api/v1/coordination"
API_ROUTES = [
    ("get", f"{API}/dashboard", BUSINESS, 200, None),
    ("get", f"{API}/matters", BUSINESS, 200, None),
    ("post", f"{API}/matters", RAISERS, 201, {"title": "t", "description": "d"}),
    ("get", f"{API}/matters/{{matter}}", MATTER_READERS, 200, None),
    ("post", f"{API}/matters/{{matter}}/route", SECRETARIAT, 200, {"unit_ids": ["{ndrc}"]}),
    ("post", f"{API}/requests/{{mof_request}}/respond", MOF, 200, {"text": "同意"}),
    ("post", f"{API}/matters/{{matter}}/confirm", LIAONING, 400, {"accepted": True}),
    ("post", f"{API}/matters/{{matter}}/escalate", SECRETARIAT, 200, {"text": "理由"}),
    ("post", f"{API}/matters/{{matter}}/close", SECRETARIAT, 200, {"text": "已解决"}),
    ("get", f"{API}/meetings", BUSINESS, 200, None),
    ("get", f"{API}/meetings/{{meeting}}", BUSINESS, 200, None),
    ("get", f"{API}/assignments", BUSINESS, 200, None),
    ("get", f"{API}/instructions", BUSINESS, 200, None),
    (
        "post",
        f"{API}/instruction-responses/{{instruction_response}}/respond",
        MOF,
        200,
        {"text": "已落实"},
    ),
    ("get", f"{API}/suggestions", BUSINESS, 200, None),
    ("post", f"{API}/suggestions", RAISERS, 201, {"title": "t", "content": "c"}),
    (
        "post",
        f"{API}/suggestions/{{suggestion}}/decide",
        SECRETARIAT,
        200,
        {"status": "under_study"},
    ),
]


def ids_of(world, units) -> dict:
    return {
        "matter": world.matter.pk,
        "mof_request": world.request_of(units["mof"]).pk,
        "meeting": world.meeting.pk,
        "suggestion": world.suggestion.pk,
        "instruction_response": world.instruction_response.pk,
        "ndrc": units["ndrc"].pk,
    }


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
def test_page_permissions(client, world, personas, units, method, url, allowed, status):
    url = url.format(**ids_of(world, units))
    statuses = matrix(client, personas, lambda: getattr(client, method)(url))
    assert statuses == expected(allowed, status)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, world, units):
    for method, url, *_rest in PAGES:
        response = getattr(client, method)(url.format(**ids_of(world, units)))
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def _payload(body, ids):
    if body is None:
        return None
    return {
        key: [int(v.format(**ids)) if isinstance(v, str) else v for v in value]
        if isinstance(value, list)
        else value
        for key, value in body.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, allowed, status, body", API_ROUTES, ids=[f"{m} {u}" for m, u, *_ in API_ROUTES]
)
def test_api_permissions(client, world, personas, units, method, url, allowed, status, body):
    ids = ids_of(world, units)
    arguments = {}
    if body is not None:
        arguments = {"data": _payload(body, ids), "content_type": "application/json"}
    url = url.format(**ids)
    statuses = matrix(client, personas, lambda: getattr(client, method)(url, **arguments))
    assert statuses == expected(allowed, status)


@pytest.mark.django_db
def test_api_needs_a_login(client, world, units):
    for method, url, *_rest in API_ROUTES:
        response = getattr(client, method)(url.format(**ids_of(world, units)))
        assert response.status_code == 401, url


def test_the_matrix_covers_every_persona():
    assert EVERYONE == BUSINESS | ADMINISTRATORS

"""Permission matrix of the open-data site for every person of `zhenxing.testing.PEOPLE`: the
open pages, files and API answer everyone alike (no sign-in); only the secretariat chooses what
is published."""

import pytest

from zhenxing.public.models import Publication
from zhenxing.testing import ANONYMOUS, INACTIVE, client_for, expect, outcome

pytestmark = pytest.mark.django_db

SIGNED_OUT = {ANONYMOUS: "login", INACTIVE: "login"}
MANAGE = "/open/manage/northeast/"
SECRETARIAT_ONLY = expect(403, secretariat=200, **SIGNED_OUT)

OPEN_PAGES = [
    "/open/",
    "/open/northeast/",
    "/open/northeast/data/members.csv",
    "/open/northeast/data/members.json",
    "/open/api/mechanisms",
    "/open/api/mechanisms/northeast/datasets/duties",
    "/open/api/openapi.json",
    "/open/api/docs",
]


@pytest.mark.parametrize("url", OPEN_PAGES)
def test_open_pages_answer_everyone(people, published, url):
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expect(200)


def test_open_plan_page_answers_everyone(people, published):
    url = f"/open/northeast/plans/{published['public'].pk}/"
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expect(200)


def test_publication_page_matrix(people, plans):
    actual = {name: outcome(client_for(user).get(MANAGE)) for name, user in people.items()}
    assert actual == SECRETARIAT_ONLY


def test_only_the_secretariat_publishes(people, plans):
    actual = {
        name: outcome(client_for(user).post(MANAGE, {"datasets": ["members"]}))
        for name, user in people.items()
    }
    assert actual == expect(403, secretariat=MANAGE, **SIGNED_OUT)
    assert list(Publication.objects.values_list("dataset", flat=True)) == ["members"]


def test_the_mechanism_page_links_the_secretariat_to_the_choice(personas):
    link = f'href="{MANAGE}"'
    assert link in client_for(personas.secretariat).get("/mechanisms/northeast/").content.decode()
    assert link not in client_for(personas.reader).get("/mechanisms/northeast/").content.decode()

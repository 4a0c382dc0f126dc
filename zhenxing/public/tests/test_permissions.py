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


# -- suggestions (#21 item 2) ----------------------------------------------------------------
SUGGESTION_PUBLIC_PAGES = [
    "/open/northeast/suggest/",
    "/open/northeast/suggestions/",
    "/open/suggestions/status/",
]
UNIT_PEOPLE = ["lead_liaison", "participant_liaison", "province_liaison", "province_leader"]
UNIT_PEOPLE += ["outsider"]


@pytest.fixture
def routed(mechanism, personas):
    """A suggestion with an attachment, routed by the secretariat to the NDRC."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from zhenxing.orgs.models import Unit
    from zhenxing.public.models import Suggestion
    from zhenxing.public.tests.suggesting import FORM, posted

    client = Client()
    attachment = SimpleUploadedFile("附件.txt", "说明".encode())
    client.post(FORM, posted(client, attachment=attachment))
    suggestion = Suggestion.objects.get()
    ndrc = Unit.objects.get(code="ndrc")
    client_for(personas.secretariat).post(
        f"/open/manage/suggestions/{suggestion.pk}/", {"action": "route", "unit": ndrc.pk}
    )
    suggestion.refresh_from_db()
    return suggestion


@pytest.mark.parametrize("url", SUGGESTION_PUBLIC_PAGES)
def test_the_suggestion_pages_answer_everyone(people, mechanism, url):
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expect(200)


def test_the_captcha_image_answers_everyone(people, mechanism):
    from zhenxing.public.captcha import captcha_new

    actual = {
        name: outcome(client_for(user).get(f"/open/captcha/{captcha_new()}.svg"))
        for name, user in people.items()
    }
    assert actual == expect(200)
    assert outcome(client_for(None).get("/open/captcha/unknown.svg")) == 404


def test_inbox_matrix(people, routed):
    url = "/open/manage/suggestions/"
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expect(403, secretariat=200, **dict.fromkeys(UNIT_PEOPLE, 200), **SIGNED_OUT)


@pytest.mark.parametrize("page", ["", "attachment/"])
def test_suggestion_detail_matrix(people, routed, page):
    url = f"/open/manage/suggestions/{routed.pk}/{page}"
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expect(404, secretariat=200, lead_liaison=200, **SIGNED_OUT)


def test_only_the_secretariat_routes(people, routed):
    from zhenxing.orgs.models import Unit

    url = f"/open/manage/suggestions/{routed.pk}/"
    mof = Unit.objects.get(code="mof")
    actual = {}
    for name, user in people.items():
        actual[name] = outcome(client_for(user).post(url, {"action": "route", "unit": mof.pk}))
        if actual[name] == url:  # put it back for the next person
            client_for(user).post(url, {"action": "route", "unit": routed.responsible_unit_id})
    assert actual == expect(404, secretariat=url, lead_liaison=403, **SIGNED_OUT)
    routed.refresh_from_db()
    assert routed.responsible_unit.code == "ndrc"


def test_only_the_responsible_unit_answers(people, routed):
    url = f"/open/manage/suggestions/{routed.pk}/"
    actual = {
        name: outcome(client_for(user).post(url, {"action": "answer", "answer": name}))
        for name, user in people.items()
    }
    assert actual == expect(404, secretariat=403, lead_liaison=url, **SIGNED_OUT)
    routed.refresh_from_db()
    assert routed.answer == "lead_liaison"


def test_only_the_secretariat_publishes_an_answer(people, routed, personas):
    url = f"/open/manage/suggestions/{routed.pk}/"
    client_for(personas.lead_liaison).post(url, {"action": "answer", "answer": "答复"})
    actual = {}
    for name, user in people.items():
        response = client_for(user).post(url, {"action": "publish", "answer_published": "on"})
        actual[name] = outcome(response)
    assert actual == expect(404, secretariat=url, lead_liaison=403, **SIGNED_OUT)
    routed.refresh_from_db()
    assert routed.answer_published


def test_a_provincial_secretariat_works_only_in_its_own_mechanism(mechanism, personas):
    """Liaoning's secretariat chooses Liaoning's publications, not the national mechanism's,
    and sees the suggestions sent to Liaoning, not those sent to the national mechanism."""
    from django.test import Client

    from zhenxing.mechanisms.services import mechanism_load_shipped
    from zhenxing.orgs.models import Role
    from zhenxing.public.models import Suggestion
    from zhenxing.public.tests.suggesting import posted
    from zhenxing.testing import make_user

    liaoning = mechanism_load_shipped("liaoning")
    officer = make_user(
        "liaoning.secretariat", role=Role.SECRETARIAT_OFFICER, unit=liaoning.secretariat_unit
    )
    client = client_for(officer)
    assert outcome(client.get("/open/manage/liaoning/")) == 200
    assert outcome(client.get(MANAGE)) == 403
    for code in ("northeast", "liaoning"):
        visitor = Client()
        form = f"/open/{code}/suggest/"
        visitor.post(form, posted(visitor, url=form, text=f"{code} 的意见建议"))
    national, provincial = (
        Suggestion.objects.get(mechanism__code=c) for c in ("northeast", "liaoning")
    )
    assert outcome(client.get(f"/open/manage/suggestions/{provincial.pk}/")) == 200
    assert outcome(client.get(f"/open/manage/suggestions/{national.pk}/")) == 404
    inbox = client.get("/open/manage/suggestions/").content.decode()
    assert provincial.receipt_number in inbox and national.receipt_number not in inbox
    national_inbox = client_for(personas.secretariat).get("/open/manage/suggestions/")
    assert national.receipt_number in national_inbox.content.decode()

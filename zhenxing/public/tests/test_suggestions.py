"""Issue #21 item 2: suggestions from the public. A visitor sends one through the form with an
offline captcha (one use, expires) and gets a receipt; the receipt and the contact together show
its status, and nothing tells a wrong receipt from a wrong contact; each address is rate-limited;
the secretariat routes it to a unit, the unit answers, the secretariat publishes the answer."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.orgs.models import Unit
from zhenxing.public.models import Suggestion
from zhenxing.public.tests.suggesting import CONTACT, FORM, TEXT, captcha_of, posted
from zhenxing.testing import client_for, zip_bomb

pytestmark = pytest.mark.django_db

STATUS = "/open/suggestions/status/"


def send(client: Client | None = None, **fields) -> tuple[Client, object]:
    client = client or Client()
    return client, client.post(FORM, posted(client, **fields))


def test_a_visitor_sends_a_suggestion_and_gets_a_receipt(mechanism):
    attachment = SimpleUploadedFile("说明.txt", "园区情况说明".encode(), content_type="text/plain")
    _client, response = send(attachment=attachment, region="")
    assert response.status_code == 200
    suggestion = Suggestion.objects.get()
    assert suggestion.receipt_number in response.content.decode()
    assert re.fullmatch(r"YJ\d{8}[A-Z2-9]{10}", suggestion.receipt_number)
    assert (suggestion.mechanism, suggestion.text, suggestion.contact) == (mechanism, TEXT, CONTACT)
    assert suggestion.status == Suggestion.Status.RECEIVED
    assert suggestion.attachment_name == "说明.txt"
    assert suggestion.attachment.read() == "园区情况说明".encode()
    assert ChangeRecord.objects.filter(content_type__model="suggestion", action="create").exists()


def test_a_wrong_captcha_answer_is_refused(mechanism):
    _client, response = send(answer="99")
    assert "验证码错误或已过期" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_captcha_is_good_for_one_try(mechanism):
    client = Client()
    fields = posted(client)
    assert client.post(FORM, fields).status_code == 200
    again = client.post(FORM, fields)
    assert "验证码错误或已过期" in again.content.decode()
    assert Suggestion.objects.count() == 1


def test_a_captcha_expires(mechanism):
    client = Client()
    fields = posted(client)
    cache.delete(f"public:captcha:{fields['captcha_token']}")  # what the cache does at expiry
    assert "验证码错误或已过期" in client.post(FORM, fields).content.decode()
    assert not Suggestion.objects.exists()


def test_the_captcha_expiry_is_set_on_the_cache(mechanism, monkeypatch):
    timeouts = []
    original = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, *args, **kwargs: timeouts.append((key, args)) or original(key, *args, **kwargs),
    )
    captcha_of(Client())
    assert [args[1] for key, args in timeouts if key.startswith("public:captcha:")] == [600]


def test_a_redrawn_form_carries_a_new_captcha(mechanism):
    client = Client()
    fields = posted(client, text="")
    page = client.post(FORM, fields).content.decode()
    token = re.search(r'name="captcha_token" value="([^"]+)"', page).group(1)
    assert token != fields["captcha_token"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "只能上传"),
        ("photo.png", b"not a png", "文件内容与扩展名不符"),
        ("bomb.docx", None, "无法读取"),
    ],
)
def test_attachments_pass_the_upload_checks(mechanism, name, content, message):
    upload = SimpleUploadedFile(name, zip_bomb() if content is None else content)
    _client, response = send(attachment=upload)
    assert response.status_code == 200
    assert not Suggestion.objects.exists()
    assert "附件" in response.content.decode() and "errorlist" in response.content.decode()


@override_settings(PUBLIC_RATE_LIMITS={"open": (100, 60), "suggest": (2, 3600), "status": (9, 60)})
def test_each_address_may_send_only_so_many(mechanism):
    client = Client()
    for _attempt in range(2):
        send(client)
    _client, response = send(client)
    assert response.status_code == 429 and response["Retry-After"]
    assert Suggestion.objects.count() == 2
    assert client.get(FORM).status_code == 200  # reading the form is not sending


def _status(client, receipt, contact):
    return client.post(STATUS, {"receipt_number": receipt, "contact": contact}).content.decode()


def test_the_receipt_and_the_contact_show_the_status(mechanism):
    send()
    suggestion = Suggestion.objects.get()
    page = _status(Client(), suggestion.receipt_number.lower(), f" {CONTACT} ")
    assert 'id="status-result"' in page and "已受理" in page


def test_a_wrong_receipt_and_a_wrong_contact_look_the_same(mechanism):
    send()
    suggestion = Suggestion.objects.get()
    wrong_contact = _status(Client(), suggestion.receipt_number, "13900000000")
    wrong_receipt = _status(Client(), "YJ20260101AAAAAAAAAA", CONTACT)
    for page in (wrong_contact, wrong_receipt):
        assert 'id="status-not-found"' in page and 'id="status-result"' not in page
        assert "已受理" not in page


@override_settings(PUBLIC_RATE_LIMITS={"open": (100, 60), "suggest": (5, 60), "status": (3, 600)})
def test_receipts_cannot_be_tried_in_bulk(mechanism):
    client = Client()
    for attempt in range(3):
        assert (
            client.post(STATUS, {"receipt_number": f"YJ{attempt}", "contact": "1"}).status_code
            == 200
        )
    response = client.post(STATUS, {"receipt_number": "YJ9", "contact": "1"})
    assert response.status_code == 429


def _route(client, suggestion, unit_code="ndrc", note="请研究办理"):
    unit = Unit.objects.get(code=unit_code)
    url = f"/open/manage/suggestions/{suggestion.pk}/"
    return client.post(url, {"action": "route", "unit": unit.pk, "note": note})


def test_routed_answered_and_published(mechanism, personas):
    send()
    suggestion = Suggestion.objects.get()
    url = f"/open/manage/suggestions/{suggestion.pk}/"
    secretariat, liaison = client_for(personas.secretariat), client_for(personas.lead_liaison)

    assert _route(secretariat, suggestion).status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ROUTED
    assert suggestion.responsible_unit.code == "ndrc"
    notice = Notification.objects.get(recipient=personas.lead_liaison)
    assert suggestion.receipt_number in notice.title and notice.link == url
    assert suggestion.receipt_number in liaison.get("/open/manage/suggestions/").content.decode()

    assert (
        liaison.post(url, {"action": "answer", "answer": "已纳入审批改革方案。"}).status_code == 302
    )
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.answered_by) == (
        Suggestion.Status.ANSWERED,
        personas.lead_liaison,
    )
    # Answered but not published: the visitor sees that it is answered, not the answer.
    page = _status(Client(), suggestion.receipt_number, CONTACT)
    assert "已答复" in page and "已纳入审批改革方案" not in page
    assert "已纳入审批改革方案" not in Client().get("/open/northeast/suggestions/").content.decode()

    published = {"action": "publish", "answer_published": "on", "listed_publicly": "on"}
    assert secretariat.post(url, published).status_code == 302
    assert "已纳入审批改革方案" in _status(Client(), suggestion.receipt_number, CONTACT)
    listed = Client().get("/open/northeast/suggestions/").content.decode()
    assert "已纳入审批改革方案" in listed and TEXT in listed and CONTACT not in listed
    # Once published the answer stands.
    liaison.post(url, {"action": "answer", "answer": "改口"})
    suggestion.refresh_from_db()
    assert suggestion.answer == "已纳入审批改革方案。"
    actions = ChangeRecord.objects.filter(
        content_type__model="suggestion", object_id=str(suggestion.pk)
    )
    assert actions.filter(action="update").count() >= 3


def test_an_unanswered_suggestion_cannot_be_published(mechanism, personas):
    send()
    suggestion = Suggestion.objects.get()
    secretariat = client_for(personas.secretariat)
    url = f"/open/manage/suggestions/{suggestion.pk}/"
    page = secretariat.post(url, {"action": "publish", "answer_published": "on"}).content.decode()
    assert "尚未答复，不能公开" in page
    suggestion.refresh_from_db()
    assert not suggestion.answer_published


def test_a_unit_answers_only_what_was_routed_to_it(mechanism, personas):
    send()
    suggestion = Suggestion.objects.get()
    _route(client_for(personas.secretariat), suggestion, unit_code="ndrc")
    url = f"/open/manage/suggestions/{suggestion.pk}/"
    other = client_for(personas.participant_liaison)
    assert other.post(url, {"action": "answer", "answer": "越权答复"}).status_code == 404
    assert suggestion.receipt_number not in other.get("/open/manage/suggestions/").content.decode()
    suggestion.refresh_from_db()
    assert suggestion.answer == ""

"""Issue #21 item 4: the SMS gateway hook. A notification of a kind that cannot wait reaches
each recipient with a mobile number as a signed POST to the gateway; retried on the job queue,
then marked failed; off by default and for other kinds; the log shows numbers masked to the
secretariat only. The gateway is a local HTTP server (`robot` in conftest)."""

import hashlib
import hmac
import json

import pytest
from django.test import override_settings

from zhenxing.notifications.models import Notification, SmsDelivery
from zhenxing.notifications.services import notifications_send
from zhenxing.notifications.sms import mobile_number, sms_text
from zhenxing.testing import client_for, outcome

pytestmark = pytest.mark.django_db

SECRET = "短信平台密钥-0123456789"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def gateway(robot):
    with override_settings(
        NOTIFICATION_SMS_GATEWAY_URL=robot["url"],
        NOTIFICATION_SMS_SECRET=SECRET,
        TASKS=IMMEDIATE,
        TASK_ATTEMPTS=3,
    ):
        yield robot


def chase(people, django_capture_on_commit_callbacks, kind=Notification.Kind.CHASED):
    with django_capture_on_commit_callbacks(execute=True):
        return notifications_send(
            recipients=people, kind=kind, title="催报：2026年第四季度调度今日截止", link="/rounds/"
        )


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("010-68501234", None),  # a landline
        ("12812345678", None),
        ("1381234567", None),
        ("", None),
    ],
)
def test_only_mobile_numbers_are_texted(typed, number):
    assert mobile_number(typed) == number


def test_a_long_title_is_cut_to_one_message():
    text = sms_text("关于" + "推进重点任务" * 30)
    assert text.startswith("【振兴】关于") and len(text) == 70 and text.endswith("…")


def test_a_chase_reaches_the_gateway_signed(personas, gateway, django_capture_on_commit_callbacks):
    personas.province_liaison.phone = "+86 139-0000-1111"
    personas.province_liaison.save()
    personas.participant_liaison.phone = "010-68501234"  # no mobile: in-app and e-mail only
    personas.participant_liaison.save()
    sent = chase(
        [personas.province_liaison, personas.participant_liaison],
        django_capture_on_commit_callbacks,
    )
    assert sent == 2
    [(headers, body)] = gateway["received"]
    expected = hmac.new(
        SECRET.encode(), headers["X-Zhenxing-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Zhenxing-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["phone"] == "13900001111" and payload["kind"] == "chased"
    assert payload["text"] == "【振兴】催报：2026年第四季度调度今日截止"
    delivery = SmsDelivery.objects.get()
    assert (delivery.recipient, delivery.status, delivery.attempts) == (
        personas.province_liaison,
        "delivered",
        1,
    )


def test_other_kinds_do_not_go_by_sms(personas, gateway, django_capture_on_commit_callbacks):
    personas.province_liaison.phone = "13900001111"
    personas.province_liaison.save()
    chase([personas.province_liaison], django_capture_on_commit_callbacks, kind="accepted")
    assert gateway["received"] == [] and not SmsDelivery.objects.exists()


def test_a_failing_gateway_is_retried_then_marked_failed(
    personas, gateway, django_capture_on_commit_callbacks
):
    personas.province_liaison.phone = "13900001111"
    personas.province_liaison.save()
    gateway["answers"].extend([502, 502, 502])
    chase([personas.province_liaison], django_capture_on_commit_callbacks)
    assert len(gateway["received"]) == 3  # TASK_ATTEMPTS
    delivery = SmsDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 3, 502)


def test_a_second_chase_the_same_day_is_not_texted_twice(
    personas, gateway, django_capture_on_commit_callbacks
):
    personas.province_liaison.phone = "13900001111"
    personas.province_liaison.save()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notifications_send(
                recipients=[personas.province_liaison],
                kind="chased",
                title="催报",
                dedup_key="chase:1:2026-12-07",
            )
    assert len(gateway["received"]) == 1


@override_settings(TASKS=IMMEDIATE)
def test_the_hook_is_off_by_default(personas, robot, django_capture_on_commit_callbacks):
    personas.province_liaison.phone = "13900001111"
    personas.province_liaison.save()
    chase([personas.province_liaison], django_capture_on_commit_callbacks)
    assert robot["received"] == [] and not SmsDelivery.objects.exists()
    assert Notification.objects.filter(recipient=personas.province_liaison).exists()


def test_the_sms_log_matrix_and_masked_numbers(people, personas):
    SmsDelivery.objects.create(
        recipient=personas.province_liaison, phone="13900001111", kind="chased", text="【振兴】催报"
    )
    url = "/admin/notifications/smsdelivery/"
    responses = {name: client_for(user).get(url) for name, user in people.items()}
    # Who may not enter the admin site is sent to its login; the administrators enter it but
    # may not read this log.
    admin_site = {"system_admin", "security_admin", "audit_admin"}
    expected = {name: "admin-login" for name in people} | dict.fromkeys(admin_site, 403)
    assert {name: outcome(response) for name, response in responses.items()} == expected | {
        "secretariat": 200
    }
    page = responses["secretariat"].content.decode()
    assert "139****1111" in page and "13900001111" not in page

"""Issue #21 item 4: the webhook channel. A unit notification is POSTed to the unit's robot,
signed with the unit's secret; a failing robot is retried on the job queue, then the delivery
is marked failed; the channel is off by default; the delivery log's permission matrix. The
robot is a local HTTP server."""

import hashlib
import hmac
import json

import pytest
from django.test import override_settings

from zhenxing.notifications.models import Notification, UnitWebhook, WebhookDelivery
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit
from zhenxing.testing import ANONYMOUS, INACTIVE, client_for, expect, outcome

pytestmark = pytest.mark.django_db

SECRET = "机器人密钥-0123456789"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ON = {"NOTIFICATION_WEBHOOKS_ENABLED": True, "TASKS": IMMEDIATE, "TASK_ATTEMPTS": 3}


@pytest.fixture
def ndrc_webhook(robot, mechanism):
    unit = Unit.objects.get(code="ndrc")
    return UnitWebhook.objects.create(unit=unit, url=robot["url"], secret=SECRET)


def send(django_capture_on_commit_callbacks, unit_code="ndrc"):
    with django_capture_on_commit_callbacks(execute=True):
        notifications_send_to_units(
            unit_ids=[Unit.objects.get(code=unit_code).pk],
            kind=Notification.Kind.ASSIGNMENT,
            title="交办事项：请研究办理",
            body="正文",
            link="/coordination/",
        )


@override_settings(**ON)
def test_a_unit_notification_reaches_the_robot_signed(
    robot, ndrc_webhook, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    [(headers, body)] = robot["received"]
    expected = hmac.new(
        SECRET.encode(), headers["X-Zhenxing-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Zhenxing-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert (payload["unit"], payload["title"], payload["link"]) == (
        "ndrc",
        "交办事项：请研究办理",
        "/coordination/",
    )
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


@override_settings(**ON)
def test_other_units_and_inactive_webhooks_get_nothing(
    robot, ndrc_webhook, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks, unit_code="mof")
    ndrc_webhook.active = False
    ndrc_webhook.save()
    send(django_capture_on_commit_callbacks)
    assert robot["received"] == [] and not WebhookDelivery.objects.exists()


@override_settings(**ON)
def test_a_failing_robot_is_retried_then_delivered(
    robot, ndrc_webhook, django_capture_on_commit_callbacks
):
    robot["answers"].extend([500, 503])
    send(django_capture_on_commit_callbacks)
    assert len(robot["received"]) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)


@override_settings(**ON)
def test_a_robot_that_keeps_failing_is_marked_failed(
    robot, ndrc_webhook, django_capture_on_commit_callbacks
):
    robot["answers"].extend([500, 500, 500, 500])
    send(django_capture_on_commit_callbacks)
    assert len(robot["received"]) == 3  # TASK_ATTEMPTS
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 3, 500)


@override_settings(**(ON | {"NOTIFICATION_WEBHOOK_TIMEOUT_SECONDS": 1}))
def test_an_unreachable_robot_is_recorded(mechanism, django_capture_on_commit_callbacks):
    UnitWebhook.objects.create(
        unit=Unit.objects.get(code="ndrc"), url="http://127.0.0.1:9/hook", secret=SECRET
    )
    send(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.error and delivery.response_status is None


@override_settings(**ON)
def test_only_http_addresses_are_opened(mechanism, tmp_path, django_capture_on_commit_callbacks):
    """A webhook saved with a file:// or ftp:// address (the admin's URLField takes ftp) is
    never opened: urlopen would read a local file or another service."""
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text("not for robots")
    UnitWebhook.objects.create(
        unit=Unit.objects.get(code="ndrc"), url=f"file://{secret_file}", secret=SECRET
    )
    send(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed" and delivery.response_status is None
    assert "http" in delivery.error


@override_settings(TASKS=IMMEDIATE)
def test_the_channel_is_off_by_default(robot, ndrc_webhook, django_capture_on_commit_callbacks):
    send(django_capture_on_commit_callbacks)
    assert robot["received"] == [] and not WebhookDelivery.objects.exists()
    assert Notification.objects.exists()  # in-app messages go out as before


def test_delivery_log_matrix(people, ndrc_webhook):
    WebhookDelivery.objects.create(webhook=ndrc_webhook, kind="assignment", title="给发改委的推送")
    url = "/notifications/webhooks/"
    responses = {name: client_for(user).get(url) for name, user in people.items()}
    unit_people = ["lead_liaison", "participant_liaison", "province_liaison", "province_leader"]
    assert {name: outcome(response) for name, response in responses.items()} == expect(
        403,
        secretariat=200,
        outsider=200,
        **dict.fromkeys(unit_people, 200),
        **{ANONYMOUS: "login", INACTIVE: "login"},
    )
    seen = {
        name
        for name, response in responses.items()
        if "给发改委的推送" in response.content.decode()
    }
    assert seen == {"secretariat", "lead_liaison"}

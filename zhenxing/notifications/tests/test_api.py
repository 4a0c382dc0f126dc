"""The notifications API (/api/v1/notifications): every person lists and marks read only their
own messages, as on the notifications page; the same services, the same refusals."""

from zhenxing.notifications.models import Notification
from zhenxing.testing import (
    ANONYMOUS,
    INACTIVE,
    NO_ROLE,
    assert_query_baseline,
    bearer_client_for,
    client_for,
    expect,
    links,
    outcome,
    queries_of,
    walk_cursor,
)

NO_NOTIFICATIONS = dict.fromkeys(["system_admin", "security_admin", "audit_admin", NO_ROLE], 403)
SIGNED_OUT = {ANONYMOUS: 401, INACTIVE: 401}
API = "/api/v1/notifications"


def notify(user, title: str) -> Notification:
    return Notification.objects.create(recipient=user, kind=Notification.Kind.ACCOUNT, title=title)


def test_list_permission_matrix_and_only_own_messages(people):
    for name, user in people.items():
        if user:
            notify(user, f"给{name}")
    found = {}
    for name, user in people.items():
        response = client_for(user).get(API)
        found[name] = outcome(response)
        if response.status_code == 200:
            assert [row["title"] for row in response.json()] == [f"给{name}"]
    assert found == expect(200, **NO_NOTIFICATIONS, **SIGNED_OUT)


def test_mark_one_read_permission_matrix(people):
    messages = {name: notify(user, f"给{name}") for name, user in people.items() if user}
    someone_else = notify(people["reader"], "别人的")
    found = {}
    for name, user in people.items():
        client = client_for(user)
        own = messages.get(name, someone_else)
        found[name] = outcome(client.post(f"{API}/{own.pk}/read"))
        # Another person's message: not even its existence is told.
        if name != "reader":
            response = client.post(f"{API}/{someone_else.pk}/read")
            assert response.status_code in (401, 403, 404)
    assert found == expect(200, **NO_NOTIFICATIONS, **SIGNED_OUT)
    readers = {name for name, status in found.items() if status == 200}
    unread = Notification.objects.filter(read_at__isnull=True)
    assert set(unread.values_list("title", flat=True)) == {
        f"给{name}" for name in messages if name not in readers
    } | {"别人的"}


def test_mark_all_read_permission_matrix(people):
    for name, user in people.items():
        if user:
            notify(user, f"给{name}")
            notify(user, f"再给{name}")
    found = {
        name: outcome(client_for(user).post(f"{API}/read-all")) for name, user in people.items()
    }
    assert found == expect(200, **NO_NOTIFICATIONS, **SIGNED_OUT)
    marked = {name for name, status in found.items() if status == 200}
    still_unread = set(
        Notification.objects.filter(read_at__isnull=True).values_list("recipient", flat=True)
    )
    assert still_unread == {user.pk for name, user in people.items() if user and name not in marked}


def test_api_and_page_mark_read_alike(personas):
    liaison = personas.participant_liaison
    by_page, by_api = notify(liaison, "页面"), notify(liaison, "接口")
    client_for(liaison).post("/notifications/read/", {"id": by_page.pk})
    response = bearer_client_for(liaison).post(f"{API}/{by_api.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    by_page.refresh_from_db()
    by_api.refresh_from_db()
    assert by_page.read_at is not None and by_api.read_at is not None
    assert response.json()["kind"] == "account"


def test_unread_filter_and_count_of_marked(personas):
    liaison = personas.participant_liaison
    for number in range(3):
        notify(liaison, f"第{number}条")
    client = bearer_client_for(liaison)
    first = client.get(API).json()[0]
    client.post(f"{API}/{first['id']}/read")
    assert len(client.get(API, {"unread": "true"}).json()) == 2
    assert client.post(f"{API}/read-all").json() == {"marked": 2}
    assert client.get(API, {"unread": "true"}).json() == []


def test_the_list_pages_by_cursor(personas, monkeypatch):
    monkeypatch.setattr("zhenxing.lib.pagination.API_PAGE_SIZE", 3)
    liaison = personas.participant_liaison
    made = [notify(liaison, f"第{number}条").pk for number in range(7)]
    walked = walk_cursor(bearer_client_for(liaison), API)
    assert walked == sorted(made, reverse=True)


def test_list_queries(personas, monkeypatch):
    """The list's query counts, held by zhenxing/tests/query_baselines.json: a first page and
    a deep one cost the same."""
    monkeypatch.setattr("zhenxing.lib.pagination.API_PAGE_SIZE", 3)
    liaison = personas.participant_liaison
    for number in range(10):
        notify(liaison, f"第{number}条")
    client = client_for(liaison)
    deep = links(client.get(links(client.get(API))["next"]))["next"]
    counts = {"first": queries_of(client, API), "deep": queries_of(client, deep)}
    assert_query_baseline("notifications.api", counts)


def test_the_webhook_delivery_log_as_the_page_shows_it(people, mechanism):
    """GET /notifications/webhook-deliveries: the same people as the page's matrix
    (test_webhooks.test_delivery_log_matrix), each seeing the same rows."""
    from zhenxing.notifications.models import UnitWebhook, WebhookDelivery
    from zhenxing.orgs.models import Unit

    ndrc = UnitWebhook.objects.create(
        unit=Unit.objects.get(code="ndrc"), url="http://127.0.0.1:9/hook", secret="s"
    )
    WebhookDelivery.objects.create(webhook=ndrc, kind="assignment", title="给发改委的推送")
    answers = {
        name: client_for(user).get(f"{API}/webhook-deliveries") for name, user in people.items()
    }
    unit_people = ["lead_liaison", "participant_liaison", "province_liaison", "province_leader"]
    assert {name: outcome(answer) for name, answer in answers.items()} == expect(
        403,
        secretariat=200,
        outsider=200,
        **dict.fromkeys(unit_people, 200),
        **SIGNED_OUT,
    )
    seen = {name for name, answer in answers.items() if answer.status_code == 200 and answer.json()}
    assert seen == {"secretariat", "lead_liaison"}
    [row] = answers["lead_liaison"].json()
    assert (row["unit"], row["title"], row["status"]) == ("ndrc", "给发改委的推送", "pending")

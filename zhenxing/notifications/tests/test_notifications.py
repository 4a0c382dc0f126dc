"""A person's notifications: the list, the bell in the header, marking read, and sending
(once per dedup key, by e-mail to those with an address)."""

from django.core import mail

from zhenxing.notifications.models import Notification
from zhenxing.notifications.services import notifications_send_to_units
from zhenxing.orgs.models import Unit


def notify(user, title: str, **fields) -> Notification:
    return Notification.objects.create(
        recipient=user, kind=Notification.Kind.ROUND_OPENED, title=title, **fields
    )


def test_the_list_and_the_bell_show_only_ones_own_messages(client, personas):
    notify(personas.lead_liaison, "给牵头单位")
    notify(personas.participant_liaison, "给参加单位")
    client.force_login(personas.lead_liaison)
    page = client.get("/notifications/").content.decode()
    assert "给牵头单位" in page and "调度通知" in page
    assert "给参加单位" not in page
    assert client.get("/notifications/badge/").content == b"1"


def test_marking_all_read_empties_the_bell(client, personas):
    notify(personas.lead_liaison, "一")
    notify(personas.lead_liaison, "二")
    client.force_login(personas.lead_liaison)
    assert client.get("/notifications/badge/").content == b"2"
    response = client.post("/notifications/read/")
    assert response["Location"] == "/notifications/"
    assert client.get("/notifications/badge/").content == b""
    assert 'class="notification unread"' not in client.get("/notifications/").content.decode()


def test_opening_a_message_marks_it_read_and_follows_its_link_on_this_site(client, personas):
    message = notify(personas.lead_liaison, "调度", link="/rounds/")
    client.force_login(personas.lead_liaison)
    response = client.post("/notifications/read/", {"id": message.pk, "next": message.link})
    assert response["Location"] == "/rounds/"
    message.refresh_from_db()
    assert message.read_at is not None
    outside = client.post("/notifications/read/", {"next": "https://evil.example/"})
    assert outside["Location"] == "/notifications/"


def test_the_header_carries_the_bell_for_those_with_notifications(client, personas):
    client.force_login(personas.lead_liaison)
    page = client.get("/").content.decode()
    assert 'class="bell" href="/notifications/"' in page
    assert 'hx-get="/notifications/badge/"' in page
    client.force_login(personas.system_admin)
    assert 'class="bell"' not in client.get("/").content.decode()


def test_a_units_people_are_told_once_and_e_mailed(personas):
    liaoning = Unit.objects.get(code="liaoning-government")
    personas.province_leader.email = "leader@example.cn"
    personas.province_leader.save()
    message = {"kind": Notification.Kind.CHASED, "title": "催报", "dedup_key": "chase:1"}
    assert notifications_send_to_units(unit_ids={liaoning.pk}, **message) == 2
    assert notifications_send_to_units(unit_ids={liaoning.pk}, **message) == 0
    told = Notification.objects.filter(dedup_key="chase:1")
    assert {n.recipient for n in told} == {personas.province_liaison, personas.province_leader}
    assert [m.to for m in mail.outbox] == [["leader@example.cn"]]
    assert told.get(recipient=personas.province_leader).emailed_at is not None

"""Permission matrix of the notifications pages, the bell and marking read, for every person of
`zhenxing.testing.PEOPLE`: each person sees and marks only their own messages."""

import pytest

from zhenxing.notifications.models import Notification
from zhenxing.testing import ANONYMOUS, INACTIVE, NO_ROLE, SUPERUSER, client_for, expect, outcome

NO_NOTIFICATIONS = dict.fromkeys(["system_admin", "security_admin", "audit_admin", NO_ROLE], 403)
SIGNED_OUT = {ANONYMOUS: "login", INACTIVE: "login"}
LIST = "/notifications/"

PAGES = [
    (LIST, expect(200, **NO_NOTIFICATIONS, **SIGNED_OUT)),
    # The bell's fragment: a count or nothing (204), never a login page or an error page.
    ("/notifications/badge/", expect(200, **dict.fromkeys([*NO_NOTIFICATIONS, *SIGNED_OUT], 204))),
    # The page's old address, from before notifications had their own app.
    ("/rounds/notifications/", expect(LIST)),
    ("/rounds/notifications/?page=2", expect(f"{LIST}?page=2")),
]


def notify(user, title: str) -> Notification:
    return Notification.objects.create(recipient=user, kind=Notification.Kind.ACCOUNT, title=title)


@pytest.mark.parametrize(("url", "expected"), PAGES, ids=[url for url, _expected in PAGES])
def test_page_permission_matrix(people, url, expected):
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expected


def test_everyone_marks_only_their_own_notifications_read(people):
    messages = {name: notify(user, f"给{name}") for name, user in people.items() if user}
    actual = {
        name: outcome(client_for(user).post("/notifications/read/"))
        for name, user in people.items()
    }
    assert actual == expect(LIST, **NO_NOTIFICATIONS, **SIGNED_OUT)
    unread = set(Notification.objects.filter(read_at__isnull=True).values_list("pk", flat=True))
    still_unread = {name for name, message in messages.items() if message.pk in unread}
    assert still_unread == {*NO_NOTIFICATIONS, INACTIVE}


def test_nobody_marks_another_persons_notification(people):
    theirs = notify(people["lead_liaison"], "牵头单位的通知")
    mine = {name: notify(user, "自己的") for name, user in people.items() if user}
    others = {name: user for name, user in people.items() if name != "lead_liaison"}
    actual = {
        name: outcome(client_for(user).post("/notifications/read/", {"id": theirs.pk}))
        for name, user in others.items()
    }
    expected = expect(404, **NO_NOTIFICATIONS, **SIGNED_OUT)
    del expected["lead_liaison"]
    assert actual == expected
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert not Notification.objects.filter(
        pk__in=[n.pk for n in mine.values()], read_at__isnull=False
    )
    owner = client_for(people["lead_liaison"])
    assert outcome(owner.post("/notifications/read/", {"id": theirs.pk})) == LIST
    theirs.refresh_from_db()
    assert theirs.read_at is not None


def test_admin_site_lists_notifications_for_the_secretariat_only(people, superuser):
    everyone = people | {SUPERUSER: superuser}
    url = "/admin/notifications/notification/"
    actual = {name: outcome(client_for(user).get(url)) for name, user in everyone.items()}
    admin_site = {"system_admin", "security_admin", "audit_admin"}
    expected = {name: "admin-login" for name in everyone} | dict.fromkeys(admin_site, 403)
    assert actual == expected | {"secretariat": 200, SUPERUSER: 200}

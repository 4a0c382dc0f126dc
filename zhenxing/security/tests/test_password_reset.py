"""Separation of duties: one-time resets instead of chosen passwords, none on administrators'
accounts by another administrator, and no active superuser after set-up."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from zhenxing.audit.models import ChangeRecord
from zhenxing.conftest import PASSWORD
from zhenxing.notifications.models import Notification
from zhenxing.orgs.models import User
from zhenxing.testing import SUPERUSER, client_for, expect, make_user, outcome


def reset_url(user) -> str:
    return f"/security/accounts/{user.pk}/password-reset/"


def test_reset_page_permission_matrix(people, superuser):
    target = people["reader"]
    expected = expect(403, system_admin=200, anonymous="login", inactive="login")
    for name, person in people.items() | {SUPERUSER: superuser}.items():
        wanted = 403 if name == SUPERUSER else expected[name]
        assert outcome(client_for(person).get(reset_url(target))) == wanted, name
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_system_admin_issues_a_one_time_password_and_the_person_is_told(personas):
    reader = personas.reader
    old_session = client_for(reader)
    response = client_for(personas.system_admin).post(reset_url(reader))
    one_time = response.context["one_time"]
    assert one_time and one_time in response.content.decode()
    reader.refresh_from_db()
    assert reader.must_change_password and not reader.check_password(PASSWORD)
    # The old password and the open sessions no longer work.
    assert old_session.get("/")["Location"].startswith("/accounts/login/")
    assert (
        Client().post("/accounts/login/", {"username": "reader", "password": PASSWORD}).status_code
        == 200
    )
    notice = Notification.objects.get(recipient=reader)
    assert "重置" in notice.title and "system.admin" in notice.body
    record = ChangeRecord.objects.filter(
        content_type__model="user", object_id=str(reader.pk)
    ).first()
    assert record.user == personas.system_admin and record.after["password"] == "[changed]"
    # The person logs in with it once and must choose their own.
    client = Client()
    client.post("/accounts/login/", {"username": "reader", "password": one_time})
    assert client.get("/")["Location"] == "/accounts/password/"


@pytest.mark.parametrize("name", ["security_admin", "audit_admin"])
def test_an_administrators_account_is_not_reset_by_another_administrator(personas, name):
    target = getattr(personas, name)
    client = client_for(personas.system_admin)
    assert client.post(reset_url(target)).status_code == 403
    target.refresh_from_db()
    assert target.check_password(PASSWORD) and not target.must_change_password


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("system_admin", "audit_admin"),
        ("system_admin", "security_admin"),
        ("security_admin", "system_admin"),
        ("security_admin", "audit_admin"),
    ],
)
def test_administrators_cannot_change_each_others_accounts_in_the_admin(personas, actor, target):
    target_user = getattr(personas, target)
    client = client_for(getattr(personas, actor))
    url = f"/admin/orgs/user/{target_user.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(url, {"username": target_user.username, "is_active": "", "role": ""})
    assert response.status_code == 403
    target_user.refresh_from_db()
    assert target_user.is_active and target_user.role


def test_the_change_form_links_to_the_reset_not_to_a_password_form(personas):
    page = client_for(personas.system_admin).get(f"/admin/orgs/user/{personas.reader.pk}/change/")
    html = page.content.decode()
    assert reset_url(personas.reader) in html
    assert "../password/" not in html


def test_console_reset_of_an_administrator(personas, capsys):
    call_command("security", "reset-password", "audit.admin")
    one_time = capsys.readouterr().out.split(": ")[1].strip()
    admin = User.objects.get(username="audit.admin")
    assert admin.check_password(one_time) and admin.must_change_password
    assert Notification.objects.filter(recipient=admin).exists()


def test_check_fails_while_an_active_superuser_exists(db, capsys):
    root = make_user("root", is_superuser=True, is_staff=True)
    with pytest.raises(CommandError, match="root"):
        call_command("security", "check")
    root.is_active = False
    root.save()
    call_command("security", "check")
    assert "ok" in capsys.readouterr().out


def test_demo_set_up_leaves_no_superuser(mechanism):
    call_command("demo-accounts")
    call_command("security", "check")

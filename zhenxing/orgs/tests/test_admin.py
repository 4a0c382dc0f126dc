"""Separation of the administrators' duties, through real admin forms, checked in the database.

The system administrator opens accounts but grants no roles; the security administrator grants
roles (never to themselves) but opens no accounts and sets no passwords; the audit administrator
reads the change log and writes nothing; only a superuser deletes accounts.
"""

import pytest

from zhenxing.audit.models import ChangeRecord
from zhenxing.conftest import PASSWORD
from zhenxing.orgs.models import Role, Unit, User
from zhenxing.orgs.selectors import find_unit
from zhenxing.testing import SUPERUSER, client_for, make_user

NEW_PASSWORD = "Quiet-Lantern-73"


def form_data(response) -> dict:
    """The admin form's current values (with its inlines), as a browser would post them back."""
    forms, data = [response.context["adminform"].form], {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {
            management.add_prefix(name): management[name].value() for name in management.fields
        }
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if field.disabled or value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def offered_actions(changelist) -> set[str]:
    action_form = changelist.context["action_form"]
    return set() if action_form is None else set(dict(action_form.fields["action"].choices))


def records_for(instance, action=None):
    records = ChangeRecord.objects.filter(
        content_type__model=instance._meta.model_name, object_id=str(instance.pk)
    )
    return records.filter(action=action) if action else records


@pytest.fixture
def colleague(personas) -> User:
    return make_user("colleague", role=Role.UNIT_LIAISON, unit=personas.participant_liaison.unit)


def test_system_admin_creates_an_account_without_a_role(personas):
    client = client_for(personas.system_admin)
    mof = Unit.objects.get(code="mof")
    response = client.post(
        "/admin/orgs/user/add/",
        {
            "username": "new.person",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "display_name": "新同志",
            "unit": mof.pk,
            "email": "new@example.org",
            # Not in the add form: a role is the security administrator's to grant.
            "role": Role.SECRETARIAT_OFFICER,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new.person")
    assert (user.display_name, user.unit, user.role) == ("新同志", mof, "")
    assert user.must_change_password is True
    assert not user.check_password(NEW_PASSWORD)
    assert not user.has_usable_password()
    record = records_for(user, ChangeRecord.Action.CREATE).get()
    assert record.user == personas.system_admin
    assert record.request_id == response["X-Request-ID"]
    assert "password" not in record.after
    assert user.password not in str(record.after)


def test_system_admin_changes_account_fields_but_not_the_role(personas, colleague):
    client = client_for(personas.system_admin)
    url = f"/admin/orgs/user/{colleague.pk}/change/"
    page = client.get(url)
    assert "role" not in page.context["adminform"].form.fields
    assert "role" in page.context["adminform"].readonly_fields
    data = form_data(page) | {"display_name": "改名", "role": Role.SYSTEM_ADMINISTRATOR}
    response = client.post(url, data)
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.display_name, colleague.role) == ("改名", Role.UNIT_LIAISON)
    record = records_for(colleague, ChangeRecord.Action.UPDATE).get()
    assert record.changed_fields == ["display_name", "version"]  # the lock's version moves on
    assert record.user == personas.system_admin


def test_system_admin_cannot_raise_own_role(personas):
    admin = personas.system_admin
    client = client_for(admin)
    url = f"/admin/orgs/user/{admin.pk}/change/"
    data = form_data(client.get(url)) | {"role": Role.SECURITY_ADMINISTRATOR}
    assert client.post(url, data).status_code == 302
    admin.refresh_from_db()
    assert admin.role == Role.SYSTEM_ADMINISTRATOR


def test_security_admin_grants_another_users_role_and_nothing_else(personas, colleague):
    client = client_for(personas.security_admin)
    url = f"/admin/orgs/user/{colleague.pk}/change/"
    page = client.get(url)
    editable = {name for name, field in page.context["adminform"].form.fields.items()}
    assert editable - {"password", "version"} == {"role"}  # version: the lock, hidden
    version = page.context["adminform"].form["version"].value()
    response = client.post(
        url, {"role": Role.INSPECTOR, "display_name": "不该改", "version": version, "_save": "1"}
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.role, colleague.display_name) == (Role.INSPECTOR, "colleague")
    record = records_for(colleague, ChangeRecord.Action.UPDATE).get()
    assert record.before["role"] == Role.UNIT_LIAISON
    assert record.after["role"] == Role.INSPECTOR
    assert record.user == personas.security_admin


def test_security_admin_cannot_change_own_role(personas):
    admin = personas.security_admin
    client = client_for(admin)
    url = f"/admin/orgs/user/{admin.pk}/change/"
    assert "role" not in client.get(url).context["adminform"].form.fields
    client.post(url, {"role": Role.SECRETARIAT_OFFICER, "_save": "1"})
    admin.refresh_from_db()
    assert admin.role == Role.SECURITY_ADMINISTRATOR


def test_security_admin_cannot_create_accounts(personas):
    client = client_for(personas.security_admin)
    assert client.get("/admin/orgs/user/add/").status_code == 403
    response = client.post(
        "/admin/orgs/user/add/",
        {"username": "sneaky", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="sneaky").exists()


def test_nobody_sets_another_users_password(people, superuser, colleague):
    """Issue 13: the system administrator (a superuser neither) no longer chooses passwords;
    a one-time reset (security/tests/test_password_reset.py) replaced this form."""
    url = f"/admin/orgs/user/{colleague.pk}/password/"
    for name, person in people.items() | {SUPERUSER: superuser}.items():
        client = client_for(person)
        response = client.post(
            url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
        )
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            assert response["Location"].startswith(("/admin/login/", "/accounts/login/")), name
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)


@pytest.mark.parametrize("name", ["system_admin", "security_admin", "audit_admin", "secretariat"])
def test_nobody_but_a_superuser_deletes_accounts(personas, colleague, name):
    client = client_for(getattr(personas, name))
    url = f"/admin/orgs/user/{colleague.pk}/delete/"
    assert client.get(url).status_code in (403, 302)
    assert client.post(url, {"post": "yes"}).status_code in (403, 302)
    changelist = client.get("/admin/orgs/user/")
    if changelist.status_code == 200:
        assert "delete_selected" not in offered_actions(changelist)
    assert User.objects.filter(pk=colleague.pk).exists()


def test_superuser_deletes_an_account(people, superuser, colleague):
    pk = colleague.pk
    client = client_for(superuser)
    response = client.post(f"/admin/orgs/user/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    record = ChangeRecord.objects.get(
        content_type__model="user", object_id=str(pk), action=ChangeRecord.Action.DELETE
    )
    assert record.before["username"] == "colleague"
    assert record.user == superuser


def test_audit_admin_reads_change_records_and_cannot_alter_them(personas):
    record = ChangeRecord.objects.latest("id")
    # The refused attempts below are themselves logged (as refusals); nothing else changes.
    changes = ChangeRecord.objects.exclude(action=ChangeRecord.Action.DENIED)
    refusals = ChangeRecord.objects.filter(action=ChangeRecord.Action.DENIED)
    refused_before = refusals.count()
    before = (changes.count(), record.actor_name, record.object_repr)
    client = client_for(personas.audit_admin)
    url = f"/admin/audit/changerecord/{record.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert page.context["has_delete_permission"] is False
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"actor_name": "someone else"}).status_code == 403
    assert client.get(f"/admin/audit/changerecord/{record.pk}/delete/").status_code == 403
    assert (
        client.post(f"/admin/audit/changerecord/{record.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    changelist = client.get("/admin/audit/changerecord/")
    assert "delete_selected" not in offered_actions(changelist)
    response = client.post(
        "/admin/audit/changerecord/",
        {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert client.get("/admin/audit/changerecord/add/").status_code == 403
    record.refresh_from_db()
    assert (changes.count(), record.actor_name, record.object_repr) == before
    assert refusals.count() - refused_before == 4


@pytest.mark.parametrize("name", ["audit_admin", SUPERUSER])
def test_nobody_forges_a_change_record_in_the_admin(people, superuser, name):
    user = superuser if name == SUPERUSER else people[name]
    # The two refused attempts are logged as refusals; no other record appears.
    changes = ChangeRecord.objects.exclude(action=ChangeRecord.Action.DENIED)
    count = changes.count()
    client = client_for(user)
    assert client.get("/admin/audit/changerecord/add/").status_code == 403
    response = client.post(
        "/admin/audit/changerecord/add/",
        {"actor_name": "forged", "action": "create", "object_id": "1", "object_repr": "x"},
    )
    assert response.status_code == 403
    assert changes.count() == count
    assert not ChangeRecord.objects.filter(actor_name="forged").exists()


def test_system_admin_reads_api_tokens_but_cannot_create_or_see_hashes(personas):
    from zhenxing.orgs.services import api_token_create

    token, raw = api_token_create(user=personas.reader, name="script")
    client = client_for(personas.system_admin)
    page = client.get(f"/admin/orgs/apitoken/{token.pk}/change/")
    assert page.status_code == 200
    assert token.token_hash not in page.content.decode()
    assert raw not in page.content.decode()
    assert client.get("/admin/orgs/apitoken/add/").status_code == 403


def test_secretariat_maintains_units_in_the_admin_and_new_names_are_found(personas):
    client = client_for(personas.secretariat)
    page = client.get("/admin/orgs/unit/add/")
    data = form_data(page) | {
        "code": "liaoning-rural-revitalization",
        "full_name": "辽宁省乡村振兴局",
        "short_name": "省乡村振兴局",
        "kind": Unit.Kind.LOCAL_DEPARTMENT,
        "parent": Unit.objects.get(code="liaoning-government").pk,
        "sort_order": 1000,
    }
    response = client.post("/admin/orgs/unit/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit = Unit.objects.get(code="liaoning-rural-revitalization")
    record = records_for(unit, ChangeRecord.Action.CREATE).get()
    assert record.user == personas.secretariat
    assert record.request_id == response["X-Request-ID"]
    assert find_unit("辽宁省乡村振兴局") == unit
    assert find_unit("省乡村振兴局") == unit

    url = f"/admin/orgs/unit/{unit.pk}/change/"
    data = form_data(client.get(url)) | {"full_name": "辽宁省乡村振兴局（新）"}
    assert client.post(url, data).status_code == 302
    assert find_unit("辽宁省乡村振兴局（新）") == unit
    assert find_unit("辽宁省乡村振兴局") == unit, "the former name stays an alias"

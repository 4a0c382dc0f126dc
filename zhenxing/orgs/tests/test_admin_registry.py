"""Every app with models has its admin module, and the admin site's rules open each one: the
secretariat reads business data there and writes it only through the pages; the audit
administrator reads sign-in events; nobody else sees them."""

import pytest
from django.apps import apps
from django.contrib import admin

from zhenxing.testing import PEOPLE, SUPERUSER, client_for, expect, outcome

SECRETARIAT_READS = [
    "/admin/policies/policydocument/",
    "/admin/policies/divisionplan/",
    "/admin/policies/task/",
    "/admin/policies/taskrevision/",
    "/admin/rounds/roundschedule/",
    "/admin/rounds/reportinground/",
    "/admin/rounds/submission/",
    "/admin/rounds/extensionrequest/",
    "/admin/rounds/assessment/",
    "/admin/rounds/closeout/",
    "/admin/rounds/chase/",
    "/admin/reports/report/",
]
# The secretariat and the three administrators open the admin site; everyone else is sent to
# its login page.
SITE_USERS = {"secretariat", "system_admin", "security_admin", "audit_admin"}
OUTSIDE_THE_SITE = {name: "admin-login" for name in PEOPLE if name not in SITE_USERS}


def test_every_app_with_models_registers_them_in_its_admin_module():
    registered = {model._meta.app_label for model in admin.site._registry}
    with_models = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("zhenxing.") and list(config.get_models())
    }
    assert with_models - registered == set()


@pytest.mark.parametrize("url", SECRETARIAT_READS)
def test_secretariat_reads_business_data_in_the_admin(people, superuser, url):
    expected = expect(403, secretariat=200, **OUTSIDE_THE_SITE) | {SUPERUSER: 200}
    seen = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    seen[SUPERUSER] = outcome(client_for(superuser).get(url))
    assert seen == expected


@pytest.mark.parametrize("url", SECRETARIAT_READS)
def test_the_secretariat_writes_nothing_there(personas, url):
    client = client_for(personas.secretariat)
    assert client.get(f"{url}add/").status_code == 403
    assert client.post(f"{url}add/", {}).status_code == 403


def test_audit_administrator_reads_sign_in_events_and_nobody_writes_them(people, superuser):
    url = "/admin/security/accountevent/"
    expected = expect(403, audit_admin=200, **OUTSIDE_THE_SITE) | {SUPERUSER: 200}
    seen = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    seen[SUPERUSER] = outcome(client_for(superuser).get(url))
    assert seen == expected
    for user in (people["audit_admin"], superuser):
        assert client_for(user).get(f"{url}add/").status_code == 403


def test_system_administrator_reads_the_workers_heartbeats_and_nobody_writes_them(
    people, superuser
):
    url = "/admin/operations/workerheartbeat/"
    expected = expect(403, system_admin=200, **OUTSIDE_THE_SITE) | {SUPERUSER: 200}
    seen = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    seen[SUPERUSER] = outcome(client_for(superuser).get(url))
    assert seen == expected
    for user in (people["system_admin"], superuser):
        assert client_for(user).get(f"{url}add/").status_code == 403


def test_password_history_is_not_in_the_admin(superuser):
    assert client_for(superuser).get("/admin/security/passwordhistory/").status_code == 404

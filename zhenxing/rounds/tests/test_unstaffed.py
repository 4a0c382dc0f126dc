"""Issue #14: opening a round warns which of the units asked have no account to report with
(no active liaison officer or unit leader), with links to fix it; so does the round's page."""

import pytest

from zhenxing.orgs.models import Role, Unit, User

pytestmark = pytest.mark.django_db


def test_open_page_and_round_page_list_units_without_a_reporting_account(
    client, personas, units, world
):
    client.force_login(personas.secretariat)
    page = client.get(f"/rounds/new/?plan={world.plan.pk}").content.decode()
    assert 'id="unstaffed-units"' not in page  # NDRC, MOF and Liaoning all have liaisons

    personas.participant_liaison.is_active = False  # MOF's only account
    personas.participant_liaison.save(update_fields=["is_active"])
    page = client.get(f"/rounds/new/?plan={world.plan.pk}").content.decode()
    notice = page[page.index('id="unstaffed-units"') :]
    assert "要求报送的 3 个单位中，1 个单位没有可报送的账号" in notice
    assert f'<a href="/units/{units["mof"].pk}/">财政部</a>' in notice
    round_page = client.get(f"/rounds/{world.round.pk}/").content.decode()
    assert f'<a href="/units/{units["mof"].pk}/">财政部</a>' in round_page

    # A liaison in one of MOF's departments reports for MOF (access.may_edit_submission).
    department = Unit.objects.create(
        code="mof-budget",
        full_name="财政部预算司",
        kind=Unit.Kind.INTERNAL_DEPARTMENT,
        parent=units["mof"],
    )
    User.objects.create_user(
        username="mof.department", password="x", role=Role.UNIT_LIAISON, unit=department
    )
    assert (
        'id="unstaffed-units"'
        not in client.get(f"/rounds/new/?plan={world.plan.pk}").content.decode()
    )


def test_units_without_accounts_are_not_shown_to_units(client, personas, world):
    personas.participant_liaison.is_active = False
    personas.participant_liaison.save(update_fields=["is_active"])
    client.force_login(personas.reader)
    assert 'id="unstaffed-units"' not in client.get(f"/rounds/{world.round.pk}/").content.decode()

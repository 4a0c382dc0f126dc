"""Issue #14: 催报 from the round's page: the ticked units that have not reported are notified
now, once per unit and day, and each chase is recorded (who chased whom, when)."""

import datetime

import pytest
from django.core import mail

from zhenxing.audit.models import ChangeRecord
from zhenxing.notifications.models import Notification
from zhenxing.rounds.models import Chase
from zhenxing.rounds.tests.conftest import write_and_submit

pytestmark = pytest.mark.django_db


def test_chase_the_units_that_have_not_reported(client, clock, with_email, units, world):
    personas = with_email
    write_and_submit(world.submission(3, units["liaoning"]), personas.province_liaison)
    write_and_submit(world.submission(1, units["liaoning"]), personas.province_liaison)
    client.force_login(personas.secretariat)
    page = client.get(f"/rounds/{world.round.pk}/").content.decode()
    # NDRC and MOF still owe reports: ticked; Liaoning has reported everything: no box.
    for unit in ("ndrc", "mof"):
        assert f'name="unit" value="{units[unit].pk}" form="chase-form" checked' in page
    assert f'name="unit" value="{units["liaoning"].pk}"' not in page

    ticked = [units["ndrc"].pk, units["mof"].pk, units["liaoning"].pk]
    response = client.post(f"/rounds/{world.round.pk}/chase/", {"unit": ticked}, follow=True)
    assert "已催报：国家发展改革委、财政部。" in response.content.decode()
    chases = {chase.unit.code: chase for chase in Chase.objects.all()}
    assert set(chases) == {"ndrc", "mof"}
    assert chases["mof"].chased_by == personas.secretariat
    assert chases["mof"].outstanding == 2 and chases["ndrc"].outstanding == 2
    assert chases["mof"].chased_on == clock.today
    chased = Notification.objects.filter(kind=Notification.Kind.CHASED)
    assert set(chased.values_list("recipient__username", flat=True)) == {
        personas.lead_liaison.username,
        personas.participant_liaison.username,
    }
    assert chases["mof"].recipients == 1
    assert any("催报" in message.subject for message in mail.outbox)
    assert (
        ChangeRecord.objects.filter(
            content_type__model="chase", user=personas.secretariat, action="create"
        ).count()
        == 2
    )
    log = response.content.decode()
    assert 'id="chase-log"' in log and "今日" in log and "已催报" in log

    # Once per unit and day: the same afternoon nothing more goes out.
    clock.advance(minutes=240)
    again = client.post(f"/rounds/{world.round.pk}/chase/", {"unit": ticked}, follow=True)
    assert "没有可催报的单位" in again.content.decode()
    assert Chase.objects.count() == 2 and chased.count() == 2

    # The next day MOF can be chased again.
    clock.set(clock.today + datetime.timedelta(days=1))
    client.force_login(personas.secretariat)
    client.post(f"/rounds/{world.round.pk}/chase/", {"unit": [units["mof"].pk]})
    assert Chase.objects.filter(unit=units["mof"]).count() == 2
    assert chased.count() == 3


def test_a_closed_round_cannot_be_chased(client, personas, units, world):
    client.force_login(personas.secretariat)
    client.post(f"/rounds/{world.round.pk}/close/", {"confirm": "yes"})
    response = client.post(f"/rounds/{world.round.pk}/chase/", {"unit": [units["mof"].pk]})
    assert response.status_code == 403
    assert not Chase.objects.exists()

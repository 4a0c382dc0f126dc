"""A difficulty's lifecycle through the pages: taken in, routed (the unit is told), answered
(the contact department is told), closed; and escalated to a coordination matter when late."""

import datetime

import pytest

from zhenxing.coordination.models import CoordinationMatter
from zhenxing.enterprises.models import Difficulty
from zhenxing.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_contact_department_takes_in_a_difficulty(client, world, personas):
    client.force_login(personas.participant_liaison)
    response = client.post(
        f"/enterprises/{world.enterprise.pk}/difficulties/new/",
        {"title": "融资难", "description": "流动资金贷款到期，请协调续贷。"},
    )
    difficulty = Difficulty.objects.get(title="融资难")
    assert response["Location"] == f"/enterprises/difficulties/{difficulty.pk}/"
    assert difficulty.status == Difficulty.Status.RECEIVED
    assert difficulty.received_by == personas.participant_liaison


def test_routing_tells_the_responsible_unit(world, personas):
    notice = Notification.objects.get(recipient=personas.province_liaison)
    assert world.difficulty.title in notice.title
    assert notice.link == f"/enterprises/difficulties/{world.difficulty.pk}/"


def test_the_responsible_unit_answers_and_the_secretariat_closes(client, world, personas):
    client.force_login(personas.province_liaison)
    client.post(
        f"/enterprises/difficulties/{world.difficulty.pk}/answer/", {"answer": "已协调供电公司。"}
    )
    world.difficulty.refresh_from_db()
    assert world.difficulty.status == Difficulty.Status.ANSWERED
    assert Notification.objects.filter(
        recipient=personas.participant_liaison, title__contains="已答复"
    ).exists()
    client.force_login(personas.secretariat)
    client.post(f"/enterprises/difficulties/{world.difficulty.pk}/close/", {"resolution": ""})
    world.difficulty.refresh_from_db()
    assert world.difficulty.status == Difficulty.Status.ANSWERED  # a resolution is required
    client.post(
        f"/enterprises/difficulties/{world.difficulty.pk}/close/", {"resolution": "电价已下调。"}
    )
    world.difficulty.refresh_from_db()
    assert world.difficulty.status == Difficulty.Status.CLOSED


def test_a_difficulty_not_yet_late_cannot_be_escalated(client, world, personas):
    client.force_login(personas.secretariat)
    client.post(
        f"/enterprises/difficulties/{world.difficulty.pk}/escalate/", {"reason": "久拖不决"}
    )
    world.difficulty.refresh_from_db()
    assert world.difficulty.status == Difficulty.Status.ROUTED
    assert not CoordinationMatter.objects.exists()


def test_a_late_difficulty_becomes_a_coordination_matter(client, world, personas, clock, units):
    clock.set(world.difficulty.due_date + datetime.timedelta(days=1))
    client.force_login(personas.secretariat)
    page = client.get(f"/enterprises/difficulties/{world.difficulty.pk}/").content.decode()
    assert 'id="escalate-form"' in page
    client.post(
        f"/enterprises/difficulties/{world.difficulty.pk}/escalate/", {"reason": "久拖不决"}
    )
    world.difficulty.refresh_from_db()
    matter = world.difficulty.matter
    assert world.difficulty.status == Difficulty.Status.ESCALATED
    assert matter.raised_by_unit == units["mof"]
    assert list(matter.requests.values_list("unit", flat=True)) == [units["liaoning"].pk]
    assert matter.status == CoordinationMatter.Status.IN_PROGRESS
    assert "久拖不决" in matter.description
    # The late answer is now asked through the matter: the difficulty takes no answer any more.
    client.force_login(personas.province_liaison)
    client.post(f"/enterprises/difficulties/{world.difficulty.pk}/answer/", {"answer": "x"})
    world.difficulty.refresh_from_db()
    assert world.difficulty.answer == ""

"""Succession of units (institutional reform): history stays readable, work is handed over."""

import datetime
import signal

import pytest
from django.core.exceptions import ValidationError

from zhenxing.audit.models import ChangeRecord
from zhenxing.mechanisms.models import LiaisonAssignment, Membership
from zhenxing.mechanisms.services import liaison_assign, membership_hand_over
from zhenxing.orgs.models import Unit
from zhenxing.orgs.selectors import find_unit
from zhenxing.orgs.services import unit_current_successor, unit_succeed
from zhenxing.testing import client_for, make_user

REFORM_DAY = datetime.date(2025, 3, 1)
EVE = REFORM_DAY - datetime.timedelta(days=1)


def new_unit(code: str, full_name: str) -> Unit:
    return Unit.objects.create(code=code, full_name=full_name, kind=Unit.Kind.CENTRAL_DEPARTMENT)


def member_codes(mechanism, on_date=None) -> set[str]:
    return {membership.unit.code for membership in mechanism.current_memberships(on_date)}


def test_shipped_data_shows_cbirc_succeeded_by_nfra(personas, mechanism):
    cbirc, nfra = Unit.objects.get(code="cbirc"), Unit.objects.get(code="nfra")
    assert (cbirc.succeeded_by, cbirc.valid_to) == (nfra, datetime.date(2023, 5, 18))
    assert unit_current_successor(cbirc) == nfra
    assert unit_current_successor(cbirc, datetime.date(2022, 1, 1)) == cbirc
    assert unit_current_successor(nfra) == nfra
    before = member_codes(mechanism, datetime.date(2022, 1, 1))
    now = member_codes(mechanism)
    assert len(before) == len(now) == 26
    assert (before - now, now - before) == ({"cbirc"}, {"nfra"})
    # The old unit keeps its names; its page points to the successor, and back.
    assert {"中国银行保险监督管理委员会", "银保监会"} <= set(
        cbirc.aliases.values_list("name", flat=True)
    )
    client = client_for(personas.reader)
    old_page = client.get(f"/units/{cbirc.pk}/").content.decode()
    assert "中国银行保险监督管理委员会" in old_page
    assert f'href="/units/{nfra.pk}/"' in old_page
    assert "已撤销" in old_page
    new_page = client.get(f"/units/{nfra.pk}/")
    assert list(new_page.context["predecessors"]) == [cbirc]


def test_unit_succeed_and_membership_hand_over(personas, mechanism):
    nea = Unit.objects.get(code="nea")
    successor = new_unit("national-energy-administration-2025", "国家能源管理总局")
    liaison = liaison_assign(
        mechanism=mechanism,
        unit=nea,
        person=make_user("nea.liaison"),
        valid_from=datetime.date(2024, 1, 1),
    )
    membership = Membership.objects.get(mechanism=mechanism, unit=nea)
    assert len(member_codes(mechanism)) == 26

    unit_succeed(predecessor=nea, successor=successor, on_date=REFORM_DAY)
    new_membership = membership_hand_over(
        mechanism=mechanism, predecessor=nea, successor=successor, on_date=REFORM_DAY
    )

    nea.refresh_from_db()
    successor.refresh_from_db()
    assert (nea.valid_to, nea.succeeded_by, nea.full_name) == (REFORM_DAY, successor, "国家能源局")
    assert successor.valid_from == REFORM_DAY
    assert set(nea.aliases.values_list("name", flat=True)) >= {"国家能源局", "能源局", "NEA"}
    membership.refresh_from_db()
    assert membership.valid_to == REFORM_DAY
    assert (new_membership.unit, new_membership.valid_from, new_membership.valid_to) == (
        successor,
        REFORM_DAY,
        None,
    )
    assert (new_membership.role, new_membership.side, new_membership.sort_order) == (
        membership.role,
        membership.side,
        membership.sort_order,
    )
    before, after = member_codes(mechanism, EVE), member_codes(mechanism, REFORM_DAY)
    assert len(before) == len(after) == len(member_codes(mechanism)) == 26
    assert (before - after, after - before) == ({"nea"}, {successor.code})
    assert LiaisonAssignment.objects.get(pk=liaison.pk).valid_to == REFORM_DAY
    # Names written before the reform still mean the old unit; after it, the successor.
    assert find_unit("国家能源局", on_date=EVE) == nea
    assert find_unit("国家能源局", on_date=REFORM_DAY) == successor
    assert unit_current_successor(nea) == successor
    page = client_for(personas.reader).get(f"/units/{nea.pk}/").content.decode()
    assert f'href="/units/{successor.pk}/"' in page
    # Handing over twice changes nothing.
    records = ChangeRecord.objects.count()
    again = membership_hand_over(
        mechanism=mechanism, predecessor=nea, successor=successor, on_date=REFORM_DAY
    )
    assert again == new_membership
    assert Membership.objects.filter(mechanism=mechanism, unit=successor).count() == 1
    assert ChangeRecord.objects.count() == records


def test_self_succession_is_rejected(mechanism):
    nea = Unit.objects.get(code="nea")
    with pytest.raises(ValidationError):
        unit_succeed(predecessor=nea, successor=nea, on_date=REFORM_DAY)
    nea.refresh_from_db()
    assert (nea.valid_to, nea.succeeded_by) == (None, None)


def test_cycles_are_rejected(mechanism):
    cbirc, nfra = Unit.objects.get(code="cbirc"), Unit.objects.get(code="nfra")
    with pytest.raises(ValidationError):
        unit_succeed(predecessor=nfra, successor=cbirc, on_date=REFORM_DAY)
    nfra.refresh_from_db()
    assert (nfra.valid_to, nfra.succeeded_by) == (None, None)

    first, second, third = (new_unit(f"unit-{n}", f"单位{n}") for n in "ABC")
    unit_succeed(predecessor=first, successor=second, on_date=datetime.date(2024, 1, 1))
    unit_succeed(predecessor=second, successor=third, on_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        unit_succeed(predecessor=third, successor=first, on_date=REFORM_DAY)
    third.refresh_from_db()
    assert third.succeeded_by is None


def test_a_cycle_already_in_the_data_does_not_hang_succession(mechanism):
    first, second, third = (new_unit(f"loop-{n}", f"循环单位{n}") for n in "ABC")
    # As an admin edit of succeeded_by could leave it: first → second → first.
    Unit.objects.filter(pk=first.pk).update(succeeded_by=second)
    Unit.objects.filter(pk=second.pk).update(succeeded_by=first)
    first.refresh_from_db()

    def give_up(signum, frame):
        raise TimeoutError("unit_succeed loops on an existing cycle")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(5)
    try:
        unit_succeed(predecessor=third, successor=first, on_date=REFORM_DAY)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    third.refresh_from_db()
    assert third.succeeded_by == first

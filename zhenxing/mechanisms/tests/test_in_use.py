"""The mechanism in use: who may switch, to which mechanisms, and the default."""

from zhenxing.mechanisms import scope
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit
from zhenxing.testing import client_for, expect, make_user, outcome

URL = "/mechanisms/use/"


def test_permission_matrix(people):
    expected = expect("/", anonymous="login", inactive="login", no_role=403)
    actual = {
        name: outcome(client_for(user).post(URL, {"code": "northeast"}))
        for name, user in people.items()
    }
    assert actual == expected
    expected_get = expect(405, anonymous="login", inactive="login")
    actual_get = {name: outcome(client_for(user).get(URL)) for name, user in people.items()}
    assert actual_get == expected_get


def test_nobody_switches_to_a_mechanism_they_do_not_work_in(people):
    mechanism_load_shipped("liaoning")
    expected = expect(403, anonymous="login", inactive="login")
    actual = {
        name: outcome(client_for(user).post(URL, {"code": "liaoning"}))
        for name, user in people.items()
    }
    assert actual == expected
    assert outcome(client_for(people["secretariat"]).post(URL, {"code": "nowhere"})) == 404


def test_next_must_stay_on_the_site(people):
    client = client_for(people["lead_liaison"])
    response = client.post(URL, {"code": "northeast", "next": "https://example.com/"})
    assert response["Location"] == "/"


def test_who_works_where(mechanism, people):
    province = mechanism_load_shipped("liaoning")
    units = {u.code: u for u in Unit.objects.filter(code__in=["liaoning-drc", "liaoning-finance"])}
    provincial_secretary = make_user(
        "liaoning.secretariat",
        role=Role.SECRETARIAT_OFFICER,
        unit=Unit.objects.get(code="liaoning-revitalization-office"),
    )
    drc = make_user("liaoning.drc", role=Role.UNIT_LIAISON, unit=units["liaoning-drc"])
    finance = make_user("liaoning.finance", role=Role.UNIT_LIAISON, unit=units["liaoning-finance"])

    def codes(user):
        return sorted(scope.mechanisms_of(user).values_list("code", flat=True))

    # The secretariat's powers stop at its own mechanism.
    assert codes(people["secretariat"]) == ["northeast"]
    assert codes(provincial_secretary) == ["liaoning"]
    # A provincial department acts for its government too, a national member.
    assert codes(drc) == ["liaoning", "northeast"]
    assert codes(finance) == ["liaoning", "northeast"]
    assert codes(people["province_liaison"]) == ["northeast"]
    assert codes(people["reader"]) == ["northeast"]
    assert codes(people["no_role"]) == []
    assert codes(people["inactive"]) == []
    # Someone no rule places works at the top level, as before levels.
    stranger = make_user(
        "hebei", role=Role.UNIT_LIAISON, unit=Unit.objects.get(code="hebei-government")
    )
    assert codes(stranger) == ["northeast"]
    assert province.parent == mechanism

"""Who holds up whom (issue 17 item 3): the national Q round opens Liaoning's and Fuxin's; the
secretariat's page and API show each level's state and the chain 东北 → 辽宁 → 阜新 down to the
unit whose reports are outstanding, with links only to what the reader may open."""

import pytest

from zhenxing.mechanisms.demo import demo_accounts_create
from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Unit, User
from zhenxing.policies.cascade import task_cascade
from zhenxing.policies.models import Task
from zhenxing.policies.services import division_plan_publish
from zhenxing.rounds.models import ReportingRound
from zhenxing.rounds.services import round_children_open
from zhenxing.testing import client_for, expect, outcome, people  # noqa: F401


def _published(task, secretary):
    if not task.plan.is_published:
        division_plan_publish(plan=task.plan, user=secretary)
    return Task.objects.select_related("plan").get(pk=task.pk)


@pytest.fixture
def chain(demo, personas):
    mechanism_load_shipped("fuxin")
    demo_accounts_create()
    secretaries = {
        code: User.objects.get(username=f"{code}.secretariat") for code in ("liaoning", "fuxin")
    }
    for secretary in secretaries.values():
        secretary.must_change_password = False
        secretary.save()
    national_round = ReportingRound.objects.get(
        mechanism__code="northeast", period_label=demo["quarter"]
    )
    task = national_round.tasks.select_related("plan").order_by("position").first()
    units = {
        u.code: u for u in Unit.objects.filter(code__in=["fuxin-government", "zhangwu-government"])
    }
    province_task = _published(
        task_cascade(
            task=task,
            mechanism=Mechanism.objects.get(code="liaoning"),
            user=secretaries["liaoning"],
            lead_unit=units["fuxin-government"],
        ),
        secretaries["liaoning"],
    )
    _published(
        task_cascade(
            task=province_task,
            mechanism=Mechanism.objects.get(code="fuxin"),
            user=secretaries["fuxin"],
            lead_unit=units["zhangwu-government"],
        ),
        secretaries["fuxin"],
    )
    opened = round_children_open(round_=national_round, user=personas.secretariat)
    return {
        "period": demo["quarter"],
        "national_round": national_round,
        "children": {r.mechanism.code: r for r in opened},
        **secretaries,
    }


def test_the_chain_runs_from_the_nation_to_the_unit_outstanding(chain, personas):
    page = client_for(personas.secretariat).get(f"/reports/holdups/?period={chain['period']}")
    assert page.status_code == 200
    text = page.content.decode()
    chains = text[text.index('id="chains"') : text.index('id="holdups"')]
    assert "等待 辽宁" in chains and "等待 阜新" in chains
    assert "彰武" in chains and "1 份报送未报" in chains
    # Links only to what the national secretariat may open: its own round, not the province's.
    assert f'href="/rounds/{chain["national_round"].pk}/"' in text
    assert f'href="/rounds/{chain["children"]["liaoning"].pk}/"' not in text


def test_the_api_gives_each_levels_state_and_the_chains(chain, personas):
    client = client_for(personas.secretariat)
    body = client.get(f"/api/v1/reports/holdups?period={chain['period']}").json()
    by_code = {row["mechanism"]: row for row in body["mechanisms"]}
    assert list(by_code) == ["northeast", "liaoning", "fuxin"]
    assert by_code["northeast"]["waits_for"] == ["liaoning"]
    assert by_code["liaoning"]["waits_for"] == ["fuxin"]
    assert by_code["fuxin"]["outstanding"][0]["count"] == 1
    assert by_code["fuxin"]["report"] is None
    assert len(body["chains"]) == 1 and "阜新" in body["chains"][0]


def test_a_provincial_secretariat_sees_its_province_and_city_not_the_nation(chain):
    client = client_for(chain["liaoning"])
    body = client.get(f"/api/v1/reports/holdups?period={chain['period']}").json()
    assert [row["mechanism"] for row in body["mechanisms"]] == ["liaoning", "fuxin"]
    assert client.get("/api/v1/reports/holdups?mechanism=northeast").status_code == 403
    text = client.get(f"/reports/holdups/?period={chain['period']}").content.decode()
    assert f'href="/rounds/{chain["children"]["liaoning"].pk}/"' in text
    assert f'href="/rounds/{chain["national_round"].pk}/"' not in text


def test_holdups_permission_matrix(people, chain):  # noqa: F811
    actual = {
        name: outcome(client_for(user).get("/reports/holdups/")) for name, user in people.items()
    }
    assert actual == expect(403, anonymous="login", inactive="login", secretariat=200)
    assert client_for(people["reader"]).get("/api/v1/reports/holdups").status_code == 403

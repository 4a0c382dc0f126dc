"""The roll-up as people read it: the task page's panel and the task API's `rollup`, with who
may see what (a provincial person does not see the national draft)."""

from zhenxing.policies.models import DivisionPlan
from zhenxing.policies.services import task_create, task_split
from zhenxing.rollups.tests.conftest import report
from zhenxing.testing import client_for, expect, outcome, people  # noqa: F401

API = "/api/v1/policies"


def test_the_national_page_shows_the_chain_to_the_city_with_rolled_up_values(chain):
    report(chain["city_task"], chain["fuxin"], figures={"签约项目（个）": "3"})
    national = client_for(chain["personas"].secretariat)
    response = national.get(f"/policies/tasks/{chain['national'].pk}/")
    page = response.content.decode()
    assert 'id="rollup-children"' in page and 'id="rollup-rule"' in page
    assert "签约项目（个）：3" in page  # the city's figure, through the province
    rows = response.context["rollup"]["children"]
    assert {row["task_id"] for row in rows} == {chain["sub"].pk, chain["province_task"].pk}
    # The national secretariat may open its own subtask, not the province's task.
    links = {row["task_id"]: row["link"] for row in rows}
    assert links == {chain["sub"].pk: True, chain["province_task"].pk: False}
    province_page = client_for(chain["liaoning"]).get(
        f"/policies/tasks/{chain['province_task'].pk}/"
    )
    (city_row,) = province_page.context["rollup"]["children"]
    assert city_row["task_id"] == chain["city_task"].pk and city_row["accepted_on"]


def test_a_task_without_children_shows_no_roll_up(levels):
    page = client_for(levels["personas"].secretariat).get(
        f"/policies/tasks/{levels['national'].pk}/"
    )
    assert page.context["rollup"] is None
    assert 'id="rollup-children"' not in page.content.decode()


def test_permission_matrix_of_a_national_draft_with_a_roll_up(people, levels):  # noqa: F811
    """A draft national plan's task, split in its plan, has a roll-up; the national mechanism's
    people read it, the provincial secretariat does not."""
    personas = levels["personas"]
    draft = DivisionPlan.objects.create(
        title="国家方案（草稿）", mechanism=levels["national"].plan.mechanism
    )
    task = task_create(
        plan=draft, user=personas.secretariat, title="草稿任务", lead_unit=levels["units"]["ndrc"]
    )
    task_split(
        task=task,
        user=personas.secretariat,
        parts=[{"title": "草稿子任务", "lead_unit": levels["units"]["mof"]}],
    )
    page_url, api_url = f"/policies/tasks/{task.pk}/", f"{API}/tasks/{task.pk}"
    seen_page = {}
    for name, user in people.items():
        response = client_for(user).get(page_url)
        seen_page[name] = (outcome(response), "草稿子任务" in response.content.decode())
    visible = (200, True)
    # Plans are read, drafts included, by every business role of their mechanism (as any task
    # page); the administrators and the role-less are refused.
    assert seen_page == expect(
        visible,
        anonymous=("login", False),
        inactive=("login", False),
        system_admin=(403, False),
        security_admin=(403, False),
        audit_admin=(403, False),
        no_role=(403, False),
    )
    # The provincial secretariat works in another mechanism: neither page nor API.
    assert outcome(client_for(levels["liaoning"]).get(page_url)) == 404
    assert client_for(levels["liaoning"]).get(api_url).status_code == 404
    body = client_for(personas.secretariat).get(api_url).json()
    assert body["rollup"]["children_total"] == 1
    assert body["rollup"]["children"][0]["title"] == "草稿子任务"


def test_the_api_gives_the_roll_up_with_its_provenance(chain):
    report(chain["city_task"], chain["fuxin"], figures={"签约项目（个）": "3"})
    body = (
        client_for(chain["personas"].secretariat).get(f"{API}/tasks/{chain['national'].pk}").json()
    )
    rollup = body["rollup"]
    assert rollup["light"] == "green" and rollup["completion"] == 0.0
    assert rollup["figures"] == {"签约项目（个）": {"value": 3.0, "rule": "sum", "count": 1}}
    assert "最差" in rollup["rule"]
    by_task = {row["task_id"]: row for row in rollup["children"]}
    province = by_task[chain["province_task"].pk]
    assert province["rolled_up"] and province["may_open"] is False
    assert province["mechanism"].startswith("辽宁") and province["level"] == "provincial"
    assert (
        client_for(chain["personas"].secretariat)
        .get(f"{API}/tasks/{chain['sub'].pk}")
        .json()["rollup"]
        is None
    )


def test_the_supervision_dashboard_has_a_roll_up_column_and_filter(chain):
    report(chain["sub"], chain["personas"].secretariat, progress="delayed")
    client = client_for(chain["personas"].secretariat)
    response = client.get("/rounds/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="rollup-cell"') >= 2 and "0/2 项下级任务已销号" in page
    shown = client.get("/rounds/dashboard/", {"rollup": "red"}).context["shown"]
    assert [row.task.pk for row in shown] == [chain["national"].pk]
    assert client.get("/rounds/dashboard/", {"rollup": "green"}).context["shown"] == []
    everything = client.get("/rounds/dashboard/").context["shown"]
    assert {row.task.pk for row in everything} >= {chain["national"].pk, chain["sub"].pk}
    # Who may open the dashboard is unchanged: a unit person is refused.
    assert client_for(chain["personas"].lead_liaison).get("/rounds/dashboard/").status_code == 403

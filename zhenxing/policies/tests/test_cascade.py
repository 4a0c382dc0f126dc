"""Cascade (issue 17): a national task handed down to the Liaoning mechanism, divided there and
handed on to Fuxin; each task page shows the chain up and down."""

import pytest
from django.core.exceptions import ValidationError

from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit
from zhenxing.policies.cascade import task_cascade
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.testing import client_for, expect, make_user, outcome, people  # noqa: F401


@pytest.fixture
def levels(mechanism, personas):
    city = mechanism_load_shipped("fuxin")
    province = city.parent
    units = {u.code: u for u in Unit.objects.filter(code__in=["ndrc", "fuxin-government"])}
    plan = DivisionPlan.objects.create(title="国家方案", mechanism=mechanism)
    task = task_create(
        plan=plan, user=personas.secretariat, title="支持辽西地区加快发展", lead_unit=units["ndrc"]
    )
    division_plan_publish(plan=plan, user=personas.secretariat)
    task = Task.objects.select_related("plan").get(pk=task.pk)
    secretaries = {
        "liaoning": make_user(
            "liaoning.secretariat",
            role=Role.SECRETARIAT_OFFICER,
            unit=Unit.objects.get(code="liaoning-revitalization-office"),
        ),
        "fuxin": make_user(
            "fuxin.secretariat",
            role=Role.SECRETARIAT_OFFICER,
            unit=Unit.objects.get(code="fuxin-revitalization-office"),
        ),
    }
    return {"task": task, "province": province, "city": city, "units": units, **secretaries}


def test_permission_matrix(people, levels):  # noqa: F811
    url = f"/policies/tasks/{levels['task'].pk}/cascade"
    expected = expect(
        403,
        anonymous="login",
        inactive="login",
        secretariat=f"/policies/tasks/{levels['task'].pk}/",
    )
    actual = {
        name: outcome(client_for(user).post(url, {"mechanism": "liaoning"}))
        for name, user in people.items()
    }
    assert actual == expected
    assert Task.objects.filter(parent=levels["task"]).count() == 1
    # The provincial secretariat does not work in the national mechanism.
    assert outcome(client_for(levels["liaoning"]).post(url, {"mechanism": "liaoning"})) == 404


def test_cascade_makes_a_draft_plan_below_and_the_chain_reaches_the_city(personas, levels):
    national = client_for(personas.secretariat)
    task = levels["task"]
    page = national.get(f"/policies/tasks/{task.pk}/").content.decode()
    assert 'id="cascade-form"' in page
    national.post(f"/policies/tasks/{task.pk}/cascade", {"mechanism": "liaoning"})
    province_task = Task.objects.get(parent=task)
    assert province_task.plan.mechanism == levels["province"]
    assert province_task.plan.status == DivisionPlan.Status.DRAFT
    assert province_task.lead_unit.code == "liaoning-drc"
    # The province's draft is not the nation's to see yet.
    assert "辽宁省发展改革委" not in national.get(f"/policies/tasks/{task.pk}/").content.decode()

    provincial = client_for(levels["liaoning"])
    page = provincial.get(f"/policies/tasks/{province_task.pk}/").content.decode()
    assert "支持辽西地区加快发展" in page and 'class="chain-up"' in page
    assert f'href="/policies/tasks/{task.pk}/"' not in page  # the national task is not theirs
    division_plan_publish(plan=province_task.plan, user=levels["liaoning"])
    provincial.post(f"/policies/tasks/{province_task.pk}/cascade", {"mechanism": "fuxin"})
    city_task = Task.objects.get(parent=province_task)
    assert city_task.plan.mechanism == levels["city"]
    division_plan_publish(plan=city_task.plan, user=levels["fuxin"])

    chain = national.get(f"/policies/tasks/{task.pk}/").context["chain"]
    assert [(row["depth"], row["task"].plan.mechanism.code) for row in chain["down"]] == [
        (1, "liaoning"),
        (2, "fuxin"),
    ]
    assert [row["link"] for row in chain["down"]] == [False, False]
    city_page = client_for(levels["fuxin"]).get(f"/policies/tasks/{city_task.pk}/")
    assert [row["task"] for row in city_page.context["chain"]["up"]] == [task, province_task]


def test_only_published_tasks_go_one_level_down(personas, levels):
    task = levels["task"]
    with pytest.raises(ValidationError):
        task_cascade(task=task, mechanism=levels["city"], user=personas.secretariat)
    first = task_cascade(task=task, mechanism=levels["province"], user=personas.secretariat)
    again = task_cascade(task=task, mechanism=levels["province"], user=personas.secretariat)
    assert first == again
    with pytest.raises(ValidationError):
        task_cascade(task=first, mechanism=levels["city"], user=levels["liaoning"])

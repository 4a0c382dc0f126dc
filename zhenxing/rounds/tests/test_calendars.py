"""Reporting calendars per level (issue 17 item 3): lower levels report first. A national task
cascaded to Liaoning and on to Fuxin; opening the national round opens the levels below, each
due its lead days before its parent; a round or schedule that would put a child after its parent
is refused; the calendar page and API list the period's rounds national → province → city."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit
from zhenxing.policies.cascade import task_cascade
from zhenxing.policies.models import DivisionPlan, Task
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.rounds import services
from zhenxing.rounds.models import PeriodKind, ReportingRound
from zhenxing.testing import client_for, expect, make_user, outcome, people  # noqa: F401

NATIONAL_DUE = datetime.date(2026, 12, 20)
PERIOD = {"period_kind": PeriodKind.QUARTER, "period_label": "2026Q4"}


def _published(task, secretary):
    if not task.plan.is_published:
        division_plan_publish(plan=task.plan, user=secretary)
    return Task.objects.select_related("plan").get(pk=task.pk)


@pytest.fixture
def levels(mechanism, personas):
    city = mechanism_load_shipped("fuxin")
    province = city.parent
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=["ndrc", "fuxin-government", "zhangwu-government"])
    }
    secretaries = {
        "national": personas.secretariat,
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
    plan = DivisionPlan.objects.create(title="国家方案", mechanism=mechanism)
    task = task_create(
        plan=plan, user=personas.secretariat, title="支持辽西地区加快发展", lead_unit=units["ndrc"]
    )
    task = _published(task, personas.secretariat)
    province_task = _published(
        task_cascade(
            task=task,
            mechanism=province,
            user=secretaries["liaoning"],
            lead_unit=units["fuxin-government"],
        ),
        secretaries["liaoning"],
    )
    _published(
        task_cascade(
            task=province_task,
            mechanism=city,
            user=secretaries["fuxin"],
            lead_unit=units["zhangwu-government"],
        ),
        secretaries["fuxin"],
    )
    return {
        "national": mechanism,
        "province": province,
        "city": city,
        "task": task,
        "province_task": province_task,
        "secretaries": secretaries,
    }


def _open(levels, level, due, task_key="task", mechanism_key=None):
    return services.round_open(
        user=levels["secretaries"][level],
        tasks=[levels[task_key]],
        due_date=due,
        mechanism=levels[mechanism_key or level],
        **PERIOD,
    )


def _national_with_children(levels):
    national = _open(levels, "national", NATIONAL_DUE)
    opened = services.round_children_open(round_=national, user=levels["secretaries"]["national"])
    return national, opened


def test_opening_the_national_round_opens_the_levels_below_each_due_first(levels):
    national, opened = _national_with_children(levels)
    by_level = {round_.mechanism.code: round_ for round_ in opened}
    # Lead days (settings.ROUND_LEAD_DAYS): province 5, city 10 before the national due date.
    assert by_level["liaoning"].due_date == NATIONAL_DUE - datetime.timedelta(days=5)
    assert by_level["fuxin"].due_date == NATIONAL_DUE - datetime.timedelta(days=10)
    assert by_level["liaoning"].period_label == by_level["fuxin"].period_label == "2026Q4"
    assert list(by_level["fuxin"].submissions.values_list("unit__code", flat=True)) == [
        "zhangwu-government"
    ]
    # Once open, asking again opens nothing more.
    assert services.round_children_open(round_=national, user=national.opened_by) == []


def test_lead_days_are_configurable(levels, settings):
    settings.ROUND_LEAD_DAYS = {"national": 0, "provincial": 3, "city": 7}
    _national, opened = _national_with_children(levels)
    assert sorted(national_gap(r) for r in opened) == [3, 7]


def national_gap(round_):
    return (NATIONAL_DUE - round_.due_date).days


def test_a_child_due_on_or_after_its_parent_is_refused_naming_both(levels):
    _open(levels, "national", NATIONAL_DUE)
    with pytest.raises(ValidationError) as refused:
        _open(levels, "liaoning", NATIONAL_DUE, task_key="province_task", mechanism_key="province")
    assert "下级须先于上级报送" in refused.value.messages[0]
    assert "2026-12-20" in refused.value.messages[0]
    assert not ReportingRound.objects.filter(mechanism=levels["province"]).exists()
    earlier = NATIONAL_DUE - datetime.timedelta(days=1)
    _open(levels, "liaoning", earlier, task_key="province_task", mechanism_key="province")


def test_a_parent_due_on_or_before_a_child_is_refused(levels):
    _open(
        levels,
        "liaoning",
        NATIONAL_DUE,
        task_key="province_task",
        mechanism_key="province",
    )
    with pytest.raises(ValidationError, match="下级须先于上级报送"):
        _open(levels, "national", NATIONAL_DUE - datetime.timedelta(days=2))
    # Another period is a calendar of its own.
    services.round_open(
        user=levels["secretaries"]["national"],
        tasks=[levels["task"]],
        due_date=NATIONAL_DUE - datetime.timedelta(days=2),
        mechanism=levels["national"],
        period_kind=PeriodKind.QUARTER,
        period_label="2026Q3",
    )


def test_the_form_refuses_a_child_after_its_parent(levels):
    _open(levels, "national", NATIONAL_DUE)
    client = client_for(levels["secretaries"]["liaoning"])
    plan = levels["province_task"].plan
    response = client.post(
        "/rounds/new/",
        {
            "plan": plan.pk,
            "scope": "plan",
            "period_kind": PeriodKind.QUARTER,
            "period_label": "2026Q4",
            "due_date": "2026-12-25",
            "title": "",
            "instructions": "",
        },
    )
    assert response.status_code == 200
    assert "下级须先于上级报送" in response.content.decode()
    assert not ReportingRound.objects.filter(mechanism=levels["province"]).exists()


def test_the_api_refuses_a_child_after_its_parent(levels):
    _open(levels, "national", NATIONAL_DUE)
    client = client_for(levels["secretaries"]["liaoning"])
    response = client.post(
        "/api/v1/rounds",
        {"plan_id": levels["province_task"].plan_id, "due_date": "2026-12-25", **PERIOD},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "下级须先于上级报送" in response.json()["detail"]


def test_a_schedule_after_its_parents_is_refused(levels):
    national_plan = levels["task"].plan
    services.round_schedule_save(
        user=levels["secretaries"]["national"],
        plan=national_plan,
        period_kind=PeriodKind.QUARTER,
        days_after_period_end=15,
    )
    with pytest.raises(ValidationError, match="下级须先于上级报送"):
        services.round_schedule_save(
            user=levels["secretaries"]["liaoning"],
            plan=levels["province_task"].plan,
            period_kind=PeriodKind.QUARTER,
            days_after_period_end=15,
        )
    services.round_schedule_save(
        user=levels["secretaries"]["liaoning"],
        plan=levels["province_task"].plan,
        period_kind=PeriodKind.QUARTER,
        days_after_period_end=10,
    )


def test_calendar_page_lists_levels_in_order_with_status(levels):
    _national_with_children(levels)
    page = client_for(levels["secretaries"]["national"]).get("/rounds/calendar/?period=2026Q4")
    text = page.content.decode()
    assert page.status_code == 200
    national_at = text.index("2026-12-20")
    assert national_at < text.index("2026-12-15") < text.index("2026-12-10")
    assert text.index("辽宁") < text.index("阜新")


def test_calendar_proposes_due_dates_for_levels_without_a_round(levels):
    _open(levels, "national", NATIONAL_DUE)
    text = client_for(levels["secretaries"]["national"]).get("/rounds/calendar/").content.decode()
    assert "2026-12-15" in text and "2026-12-10" in text
    assert "本期尚未发起调度" in text


def test_calendar_permission_matrix(people, levels):  # noqa: F811
    _national_with_children(levels)
    expected = expect(
        403,
        anonymous="login",
        inactive="login",
        secretariat=200,
        reader=200,
        inspector=200,
    )
    actual = {
        name: outcome(client_for(user).get("/rounds/calendar/")) for name, user in people.items()
    }
    assert actual == expected


def test_a_provincial_secretariat_sees_its_province_and_city_not_the_nation(levels):
    _national_with_children(levels)
    text = (
        client_for(levels["secretaries"]["liaoning"])
        .get("/rounds/calendar/?period=2026Q4")
        .content.decode()
    )
    assert "2026-12-15" in text and "2026-12-10" in text
    assert "2026-12-20" not in text
    response = client_for(levels["secretaries"]["liaoning"]).get(
        "/api/v1/rounds/calendar?period=2026Q4&mechanism=northeast"
    )
    assert response.status_code == 403


def test_open_children_matrix(people, levels):  # noqa: F811
    national = _open(levels, "national", NATIONAL_DUE)
    url = f"/rounds/{national.pk}/open-children/"
    results = {name: outcome(client_for(user).post(url)) for name, user in people.items()}
    assert results == expect(
        403,
        anonymous="login",
        inactive="login",
        secretariat="/rounds/calendar/?period=2026Q4",
        # units that do not report in the round do not see it
        participant_liaison=404,
        province_liaison=404,
        province_leader=404,
        outsider=404,
    )
    assert ReportingRound.objects.filter(period_label="2026Q4").count() == 3
    # The provincial secretariat cannot open rounds for the national round's levels.
    assert outcome(client_for(levels["secretaries"]["liaoning"]).post(url)) == 404


def test_calendar_api(levels):
    _national_with_children(levels)
    client = client_for(levels["secretaries"]["national"])
    rows = client.get("/api/v1/rounds/calendar?period=2026Q4").json()
    assert [(row["mechanism"], row["rounds"][0]["due_date"]) for row in rows] == [
        ("northeast", "2026-12-20"),
        ("liaoning", "2026-12-15"),
        ("fuxin", "2026-12-10"),
    ]
    assert rows[2]["rounds"][0]["outstanding"] == 1
    assert client_for(None).get("/api/v1/rounds/calendar").status_code == 401


def test_open_children_api(levels):
    national = _open(levels, "national", NATIONAL_DUE)
    client = client_for(levels["secretaries"]["national"])
    response = client.post(f"/api/v1/rounds/{national.pk}/open-children")
    assert response.status_code == 201
    assert [row["due_date"] for row in response.json()] == ["2026-12-15", "2026-12-10"]

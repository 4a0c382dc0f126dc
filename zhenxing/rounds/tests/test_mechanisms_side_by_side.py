"""Two mechanisms side by side (issue 17): the national one and Liaoning's under it. Neither's
people see the other's drafts — draft plans, rounds, draft submissions — on the pages or the API,
and the lists show the mechanism in use."""

import datetime

import pytest

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Role, Unit
from zhenxing.policies.models import DivisionPlan
from zhenxing.policies.services import division_plan_publish, task_create
from zhenxing.rounds import services
from zhenxing.rounds.models import PeriodKind
from zhenxing.testing import client_for, make_user

DUE = datetime.date(2026, 12, 20)


def _published_plan(title, mechanism, lead_unit, secretary):
    plan = DivisionPlan.objects.create(title=title, mechanism=mechanism)
    task_create(plan=plan, user=secretary, title=f"{title}任务", lead_unit=lead_unit)
    return division_plan_publish(plan=plan, user=secretary)


def _round_with_draft(plan, mechanism, secretary, author, due=DUE):
    round_ = services.round_open(
        user=secretary,
        tasks=plan.tasks.all(),
        period_kind=PeriodKind.AD_HOC,
        period_start=datetime.date(2026, 11, 1),
        period_end=datetime.date(2026, 11, 30),
        due_date=due,
        title=f"{plan.title}调度",
        mechanism=mechanism,
    )
    submission = round_.submissions.get()
    services.submission_save_draft(
        submission=submission,
        user=author,
        expected_version=submission.version,
        fields={"progress_status": "on_track", "progress": f"{plan.title}草稿进展"},
    )
    return round_, submission


@pytest.fixture
def side_by_side(mechanism, personas):
    province = mechanism_load_shipped("liaoning")
    units = {u.code: u for u in Unit.objects.filter(code__in=["ndrc", "fuxin-government"])}
    national_secretary = personas.secretariat
    provincial_secretary = make_user(
        "liaoning.secretariat",
        role=Role.SECRETARIAT_OFFICER,
        unit=Unit.objects.get(code="liaoning-revitalization-office"),
    )
    fuxin_liaison = make_user(
        "fuxin.liaison", role=Role.UNIT_LIAISON, unit=units["fuxin-government"]
    )
    national_plan = _published_plan("国家方案", mechanism, units["ndrc"], national_secretary)
    provincial_plan = _published_plan(
        "辽宁方案", province, units["fuxin-government"], provincial_secretary
    )
    national_round, national_draft = _round_with_draft(
        national_plan, mechanism, national_secretary, personas.lead_liaison
    )
    # Lower levels report first (reporting calendar): the province is due 5 days earlier.
    provincial_round, provincial_draft = _round_with_draft(
        provincial_plan,
        province,
        provincial_secretary,
        fuxin_liaison,
        due=DUE - datetime.timedelta(days=5),
    )
    return {
        "national": {
            "secretary": national_secretary,
            "liaison": personas.lead_liaison,
            "draft_plan": DivisionPlan.objects.create(title="国家草稿方案", mechanism=mechanism),
            "round": national_round,
            "submission": national_draft,
        },
        "liaoning": {
            "secretary": provincial_secretary,
            "liaison": fuxin_liaison,
            "draft_plan": DivisionPlan.objects.create(title="辽宁草稿方案", mechanism=province),
            "round": provincial_round,
            "submission": provincial_draft,
        },
    }


@pytest.mark.parametrize("mine, theirs", [("national", "liaoning"), ("liaoning", "national")])
def test_neither_mechanism_sees_the_others_drafts_on_the_pages(side_by_side, mine, theirs):
    own, other = side_by_side[mine], side_by_side[theirs]
    for person in ("secretary", "liaison"):
        client = client_for(own[person])
        for url in (
            f"/policies/plans/{other['draft_plan'].pk}/",
            f"/rounds/{other['round'].pk}/",
            f"/rounds/submissions/{other['submission'].pk}/",
        ):
            assert client.get(url).status_code in (403, 404), (person, url)
    client = client_for(own["secretary"])
    plans = client.get("/policies/plans/").content.decode()
    assert own["draft_plan"].title in plans
    assert other["draft_plan"].title not in plans
    rounds = client.get("/rounds/").content.decode()
    assert own["round"].title in rounds
    assert other["round"].title not in rounds
    assert client.get(f"/policies/plans/{own['draft_plan'].pk}/").status_code == 200
    assert client.get(f"/rounds/{own['round'].pk}/").status_code == 200


@pytest.mark.parametrize("mine, theirs", [("national", "liaoning"), ("liaoning", "national")])
def test_neither_mechanism_sees_the_others_drafts_in_the_api(side_by_side, mine, theirs):
    own, other = side_by_side[mine], side_by_side[theirs]
    client = client_for(own["secretary"])
    plans = {row["title"] for row in client.get("/api/v1/policies/plans").json()}
    assert own["draft_plan"].title in plans
    assert other["draft_plan"].title not in plans
    rounds = {row["title"] for row in client.get("/api/v1/rounds").json()}
    assert (own["round"].title in rounds, other["round"].title in rounds) == (True, False)
    submissions = {row["id"] for row in client.get("/api/v1/rounds/submissions").json()}
    assert own["submission"].pk in submissions
    assert other["submission"].pk not in submissions
    other_code = other["round"].mechanism.code
    assert client.get("/api/v1/policies/plans", {"mechanism": other_code}).status_code == 403
    assert client.get(f"/api/v1/rounds/submissions/{other['submission'].pk}").status_code in (
        403,
        404,
    )


def test_a_person_in_two_mechanisms_switches_between_them(side_by_side):
    both = make_user(
        "liaoning.drc", role=Role.UNIT_LIAISON, unit=Unit.objects.get(code="liaoning-drc")
    )
    client = client_for(both)
    home = client.get("/").content.decode()
    assert 'action="/mechanisms/use/"' in home
    # A provincial department starts in its province's mechanism.
    assert '<option value="liaoning" selected>' in home
    assert 'value="northeast"' in home
    response = client.post("/mechanisms/use/", {"code": "northeast", "next": "/rounds/"})
    assert response.status_code == 302
    assert response["Location"] == "/rounds/"
    assert '<option value="northeast" selected>' in client.get("/").content.decode()
    fuxin = client_for(side_by_side["liaoning"]["liaison"])
    assert 'action="/mechanisms/use/"' not in fuxin.get("/").content.decode()


def test_the_mechanism_in_use_opens_rounds_and_scopes_the_home_page(side_by_side):
    provincial = side_by_side["liaoning"]
    client = client_for(provincial["secretary"])
    home = client.get("/")
    assert home.context["mechanism"].code == "liaoning"
    assert home.context["rounds"]["open_rounds"] == 1
    form = client.get("/rounds/new/").context["form"]
    assert {plan.title for plan in form.fields["plan"].queryset} == {"辽宁方案"}
    national_home = client_for(side_by_side["national"]["secretary"]).get("/")
    assert national_home.context["mechanism"] == Mechanism.objects.get(code="northeast")
    assert national_home.context["rounds"]["open_rounds"] == 1


@pytest.mark.parametrize("mine, theirs", [("national", "liaoning"), ("liaoning", "national")])
def test_each_secretariat_dashboard_counts_its_own_mechanism(side_by_side, mine, theirs):
    """The dashboard's open rounds, league table, review queue and filters are the mechanism
    in use's: the national secretariat's page does not count a provincial round, nor the
    province's page a national one."""
    own, other = side_by_side[mine], side_by_side[theirs]
    page = client_for(own["secretary"]).get("/rounds/dashboard/")
    assert {progress.round for progress in page.context["progress"]} == {own["round"]}
    league = {row.unit_id for row in page.context["league"]}
    assert own["submission"].unit_id in league
    assert other["submission"].unit_id not in league
    plans = set(page.context["form"].fields["plan"].queryset)
    assert own["submission"].task.plan in plans
    assert other["submission"].task.plan not in plans
    lead_units = set(page.context["form"].fields["lead_unit"].queryset)
    assert lead_units == {own["submission"].task.lead_unit}

"""Pilots and demonstration zones: the list (type filter, mechanism scope, Excel), a pilot's page
with its tasks, projects, figures and evaluations, the API, the report's section, the demo data,
the permission matrices and the change log."""

import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.indicators.models import Indicator
from zhenxing.indicators.services import catalogue_load_shipped, observation_record
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Region, Unit
from zhenxing.pilots.models import Pilot, PilotEvaluation
from zhenxing.policies import services as policies
from zhenxing.programmes.tests.conftest import business_roles_read
from zhenxing.projects.models import Project
from zhenxing.projects.services import county_regions_load_shipped, project_create
from zhenxing.reports.builders import progress_report_content
from zhenxing.testing import client_for, outcome

URL = "/pilots/"
API_URL = "/api/v1/pilots"


@pytest.fixture
def sino_german(shipped_data, mechanism, personas, db):
    """The Sino-German park in Shenyang with a task, a project, Liaoning's GDP growth... in
    Shenyang, and two evaluations; a Fuxin pilot in the Fuxin mechanism."""
    county_regions_load_shipped()
    catalogue_load_shipped()
    shenyang = Region.objects.get(code="210100")
    plan = policies.division_plan_import_table(
        user=personas.secretariat,
        title="试点方案",
        mechanism=mechanism,
        rows=[
            {
                "code": "9",
                "title": "高水平推进中德(沈阳)高端装备制造产业园建设",
                "lead_unit": Unit.objects.get(code="liaoning-government"),
                "participating_units": [],
                "deadline_text": "长期坚持",
            }
        ],
    )
    pilot = Pilot.objects.create(
        name="中德（沈阳）高端装备制造产业园",
        kind=Pilot.Kind.COOPERATION,
        region=shenyang,
        document_title="国务院关于同意设立中德（沈阳）高端装备制造产业园的批复",
        first_year=2015,
        mechanism=mechanism,
        goals="高端装备制造",
    )
    pilot.tasks.set(plan.tasks.all())
    project = project_create(
        national_code="2025-210106-36-03-000001",
        name="中德园宝马新工厂",
        region=Region.objects.get(code="210106"),
        industry="C",
        stage=Project.Stage.NEW_START,
        total_investment=Decimal("15000000000"),
    )
    pilot.projects.add(project)
    growth = Indicator.objects.get(code="gdp_growth")
    pilot.indicators.add(growth)
    observation_record(indicator=growth, region=shenyang, period="2025Q3", value=Decimal("5.3"))
    observation_record(indicator=growth, region=shenyang, period="2025Q4", value=Decimal("5.6"))
    PilotEvaluation.objects.create(pilot=pilot, year=2024, score=Decimal("86"), grade="good")
    PilotEvaluation.objects.create(
        pilot=pilot, year=2025, score=Decimal("91"), grade="excellent", text="带动明显"
    )
    Pilot.objects.create(
        name="阜新资源型城市经济转型试点",
        kind=Pilot.Kind.TRANSFORMATION,
        region=Region.objects.get(code="210900"),
        document_title="资源枯竭城市经济转型试点",
        first_year=2001,
        last_year=2010,
        mechanism=mechanism_load_shipped("fuxin"),
    )
    return pilot


def test_permission_matrices(people, sino_german):
    expected = business_roles_read("login")
    for url in (URL, f"{URL}{sino_german.pk}/", f"{URL}?format=xlsx"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == expected, url
    for url in (API_URL, f"{API_URL}/{sino_german.pk}"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == business_roles_read(401), url


@pytest.mark.django_db
def test_the_list_keeps_to_the_mechanism_and_filters_by_type(personas, sino_german):
    client = client_for(personas.reader)
    pilots = list(client.get(URL).context["pilots"])
    assert pilots == [sino_german]  # the Fuxin pilot is the Fuxin mechanism's
    assert list(client.get(URL, {"kind": "new_area"}).context["pilots"]) == []
    fuxin = Pilot.objects.get(name__startswith="阜新")
    assert client.get(f"{URL}{fuxin.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_pilots_page_links_its_tasks_projects_figures_and_evaluations(personas, sino_german):
    page = client_for(personas.province_liaison).get(f"{URL}{sino_german.pk}/")
    text = page.content.decode()
    for expected in ("高水平推进中德(沈阳)高端装备制造产业园建设", "中德园宝马新工厂", "带动明显"):
        assert expected in text
    figures = page.context["figures"]
    assert figures[0]["observation"].period == "2025Q4"
    assert figures[0]["observation"].value == Decimal("5.6")


@pytest.mark.django_db
def test_the_pilots_as_excel(personas, sino_german):
    response = client_for(personas.inspector).get(URL, {"format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    row = next(row for row in rows if row[0] == "中德（沈阳）高端装备制造产业园")
    assert row[1:3] == ["国际合作示范区", "沈阳市"]
    assert row[4:8] == ["2015—", 1, 1, "2025 优秀（91.0）"]


@pytest.mark.django_db
def test_api_lists_and_shows_pilots(personas, sino_german):
    client = client_for(personas.secretariat)
    rows = client.get(API_URL).json()
    assert [row["name"] for row in rows] == ["中德（沈阳）高端装备制造产业园"]
    detail = client.get(f"{API_URL}/{sino_german.pk}").json()
    assert detail["task_codes"] == ["9"]
    assert detail["project_codes"] == ["2025-210106-36-03-000001"]
    assert detail["figures"][0]["period"] == "2025Q4"
    assert [e["year"] for e in detail["evaluations"]] == [2025, 2024]


@pytest.mark.django_db
def test_the_report_has_a_pilots_section(mechanism, sino_german):
    content = progress_report_content(
        period_label="2025", mechanism=mechanism, today=datetime.date(2026, 3, 1)
    )
    section = next(s for s in content.sections if s.heading.endswith("试点示范推进情况"))
    assert section.paragraphs[0] == "在建试点示范1个，承担分工任务1项，关联项目1个。"
    assert "中德（沈阳）高端装备制造产业园2025年度评估优秀（91.0分）" in section.paragraphs[1]
    earlier = progress_report_content(
        period_label="2014", mechanism=mechanism, today=datetime.date(2026, 3, 1)
    )
    assert not any("试点示范" in s.heading for s in earlier.sections)


@pytest.mark.django_db
def test_changes_are_logged(sino_german):
    assert ChangeRecord.objects.filter(
        content_type__app_label="pilots", object_id=str(sino_german.pk)
    ).exists()


@pytest.mark.django_db
def test_demo_data_tells_the_story(shipped_data, mechanism, personas):
    from zhenxing.pilots import demo
    from zhenxing.policies import demo as policies_demo

    county_regions_load_shipped()
    catalogue_load_shipped()
    mechanism_load_shipped("fuxin")
    today = datetime.date(2026, 12, 7)
    plan = policies_demo.populate(
        secretariat=personas.secretariat, mechanism=mechanism, today=today
    )
    summary = demo.populate(secretariat=None, mechanism=mechanism, plan=plan, today=today)
    assert summary == "试点示范：6 个（新增 6 个）"
    sino_german = Pilot.objects.get(name="中德（沈阳）高端装备制造产业园")
    assert sino_german.tasks.exists()
    assert Pilot.objects.get(name="哈尔滨新区").tasks.exists()
    assert PilotEvaluation.objects.filter(year=2025).count() == 3
    again = demo.populate(secretariat=None, mechanism=mechanism, plan=plan, today=today)
    assert again == "试点示范：6 个（新增 0 个）"

"""Pairing cooperation: the shipped pairs, the dashboard (page, chart data, Excel, API) with its
figures summed per pair, a pair's page, their permission matrices, and the change log."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Region
from zhenxing.pairings.models import (
    AnnualEvaluation,
    CadreExchange,
    CooperationProject,
    JointPark,
    Pairing,
)
from zhenxing.pairings.services import pairings_load_shipped
from zhenxing.programmes.tests.conftest import business_roles_read
from zhenxing.projects.models import Project
from zhenxing.projects.services import county_regions_load_shipped, project_create
from zhenxing.testing import client_for, outcome

URL = "/pairings/"
API_URL = "/api/v1/pairings"


@pytest.fixture
def harbin_shenzhen(shipped_data, db):
    """The Harbin–Shenzhen pair with two cooperation projects, a park, exchanges both ways and
    two years' evaluations; the other six pairs empty."""
    county_regions_load_shipped()
    pairings_load_shipped()
    pairing = Pairing.objects.get(northeast_region__code="230100")
    for serial, investment, share in ((1, "500000000", "200000000"), (2, "300000000", "50000000")):
        project = project_create(
            national_code=f"2025-230102-36-03-00000{serial}",
            name=f"深哈合作项目{serial}",
            region=Region.objects.get(code="230102"),
            industry="C",
            stage=Project.Stage.NEW_START,
            total_investment=Decimal(investment),
        )
        CooperationProject.objects.create(
            pairing=pairing, project=project, partner_investment=Decimal(share)
        )
    JointPark.objects.create(
        pairing=pairing,
        name="深哈产业园",
        place="哈尔滨新区",
        area_square_kilometres=Decimal("2.6"),
        enterprises=400,
        investment=Decimal("1000000000"),
    )
    CadreExchange.objects.create(pairing=pairing, year=2025, direction="to_partner", people=30)
    CadreExchange.objects.create(pairing=pairing, year=2025, direction="from_partner", people=12)
    AnnualEvaluation.objects.create(pairing=pairing, year=2024, score=Decimal("85"), grade="good")
    AnnualEvaluation.objects.create(
        pairing=pairing, year=2025, score=Decimal("92.5"), grade="excellent", text="成效明显"
    )
    return pairing


@pytest.mark.django_db
def test_the_seven_shipped_pairs_load_once(shipped_data, capsys):
    call_command("pairings", "load")
    assert "新增 7 对" in capsys.readouterr().out
    pairs = {str(pairing) for pairing in Pairing.objects.all()}
    assert pairs == {
        "辽宁省—江苏省",
        "吉林省—浙江省",
        "黑龙江省—广东省",
        "沈阳市—北京市",
        "大连市—上海市",
        "长春市—天津市",
        "哈尔滨市—深圳市",
    }
    assert set(Pairing.objects.values_list("document_number", flat=True)) == {"国办发〔2017〕73号"}
    assert pairings_load_shipped() == 0
    assert ChangeRecord.objects.filter(content_type__app_label="pairings").count() == 7


def test_permission_matrices(people, harbin_shenzhen):
    expected = business_roles_read("login")
    for url in (URL, f"{URL}{harbin_shenzhen.pk}/", f"{URL}?format=xlsx"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == expected, url
    actual = {name: outcome(client_for(user).get(API_URL)) for name, user in people.items()}
    assert actual == business_roles_read(401)


@pytest.mark.django_db
def test_dashboard_sums_each_pair(people, harbin_shenzhen):
    response = client_for(people["reader"]).get(URL)
    rows = {str(row["pairing"]): row for row in response.context["rows"]}
    assert len(rows) == 7
    row = rows["哈尔滨市—深圳市"]
    assert (row["projects"], row["partner_investment"]) == (2, Decimal("250000000"))
    assert (row["parks"], row["park_enterprises"], row["park_investment"]) == (
        1,
        400,
        Decimal("1000000000"),
    )
    assert row["exchanged_people"] == 42
    assert (row["evaluation"].year, row["evaluation"].grade) == (2025, "excellent")
    empty = rows["辽宁省—江苏省"]
    assert (empty["projects"], empty["partner_investment"], empty["evaluation"]) == (
        0,
        Decimal(0),
        None,
    )
    assert response.context["totals"]["partner_investment"] == Decimal("250000000")
    chart = {item["name"]: item for item in response.context["chart"]}
    assert chart["哈尔滨市—深圳市"]["partner_investment"] == 25000.0  # 万元
    assert 'id="pairing-chart"' in response.content.decode()


@pytest.mark.django_db
def test_the_pairs_dashboard_as_excel(people, harbin_shenzhen):
    response = client_for(people["inspector"]).get(URL, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    harbin = next(row for row in rows if row[0] == "哈尔滨市—深圳市")
    assert harbin[1:7] == [2, 25000, 1, 400, 100000, 42]
    assert harbin[7] == "2025 优秀（92.5）"
    assert rows[-1][0] == "合计" and rows[-1][2] == 25000


@pytest.mark.django_db
def test_a_pairs_page_shows_its_projects_parks_exchanges_and_evaluations(people, harbin_shenzhen):
    page = client_for(people["province_liaison"]).get(f"{URL}{harbin_shenzhen.pk}/")
    text = page.content.decode()
    for expected in (
        "深哈合作项目1",
        "深哈产业园",
        "东北赴对口省市",
        "成效明显",
        "国办发〔2017〕73号",
    ):
        assert expected in text


@pytest.mark.django_db
def test_api_lists_the_pairs_with_their_figures(people, harbin_shenzhen):
    rows = client_for(people["secretariat"]).get(API_URL).json()
    harbin = next(row for row in rows if row["northeast_region"] == "230100")
    assert harbin["partner_region"] == "440300"
    assert Decimal(harbin["partner_investment"]) == Decimal("250000000")
    assert (harbin["projects"], harbin["exchanged_people"]) == (2, 42)
    assert (harbin["latest_evaluation_year"], harbin["latest_evaluation_grade"]) == (
        2025,
        "excellent",
    )


@pytest.mark.django_db
def test_demo_data_tells_the_story(shipped_data):
    from zhenxing.pairings import demo

    county_regions_load_shipped()
    summary = demo.populate(
        secretariat=None, mechanism=None, plan=None, today=datetime.date(2026, 12, 7)
    )
    assert summary.startswith("对口合作：7 对")
    assert JointPark.objects.filter(name="深哈产业园").exists()
    assert AnnualEvaluation.objects.filter(year=2025).count() == 2
    demo.populate(secretariat=None, mechanism=None, plan=None, today=datetime.date(2026, 12, 7))
    assert JointPark.objects.count() == 2  # idempotent

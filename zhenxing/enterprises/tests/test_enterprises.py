"""Key enterprises through their doors: registering with a credit code, reporting figures,
the year-on-year growth and reporting state on the page and in the API, and the export."""

import datetime
import io

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.enterprises.models import Enterprise, MonthlyFigure
from zhenxing.enterprises.tests.conftest import CREDIT_CODE, TODAY
from zhenxing.enterprises.validators import credit_code_check_character

pytestmark = pytest.mark.django_db


def registration(units, **changes) -> dict:
    return {
        "name": "阜新矿业（集团）有限责任公司",
        "credit_code": "91350100m000100y43",
        "region": "",
        "industry": "B",
        "size": "large",
        "contact_unit": units["mof"].pk,
        "liaison_official": "王副市长",
        "liaison_post": "副市长",
        "responsible_leader": "赵副市长",
    } | changes


def test_the_check_character_follows_gb_32100():
    # Published codes: the standard's example and two companies' codes.
    for code in ("91350100M000100Y43", "91440300708461136T", "91110108551385082Q"):
        assert credit_code_check_character(code[:17]) == code[17]


def test_a_contact_department_registers_its_enterprise(client, world, personas, units):
    client.force_login(personas.participant_liaison)
    response = client.post("/enterprises/new/", registration(units))
    enterprise = Enterprise.objects.get(name="阜新矿业（集团）有限责任公司")
    assert response.status_code == 302
    assert enterprise.credit_code == "91350100M000100Y43"  # upper-cased
    assert enterprise.contact_unit == units["mof"]
    assert ChangeRecord.objects.filter(object_id=str(enterprise.pk), action="create").exists()


def test_a_wrong_check_character_is_refused(client, world, personas, units):
    client.force_login(personas.secretariat)
    response = client.post(
        "/enterprises/new/", registration(units, credit_code="91350100M000100Y44")
    )
    assert response.status_code == 200
    assert "统一社会信用代码校验位不正确" in response.content.decode()
    assert not Enterprise.objects.filter(credit_code="91350100M000100Y44").exists()


def test_the_same_code_twice_in_one_mechanism_is_refused(client, world, personas, units):
    client.force_login(personas.secretariat)
    response = client.post("/enterprises/new/", registration(units, credit_code=CREDIT_CODE))
    assert "该统一社会信用代码的企业已登记" in response.content.decode()
    assert Enterprise.objects.filter(credit_code=CREDIT_CODE).count() == 1


def test_a_unit_person_registers_only_for_their_own_unit(client, world, personas, units):
    client.force_login(personas.participant_liaison)
    response = client.post("/enterprises/new/", registration(units, contact_unit=units["ndrc"].pk))
    assert response.status_code == 200
    assert not Enterprise.objects.filter(name="阜新矿业（集团）有限责任公司").exists()


def test_growth_and_reporting_state_on_the_page(client, world, personas):
    client.force_login(personas.secretariat)
    page = client.get(f"/enterprises/{world.enterprise.pk}/").content.decode()
    october = page.split('data-month="2026-10"')[1].split("</tr>")[0]
    assert "20.0%" in october  # 120 against 100 a year before
    assert 'data-state="on_time"' in october
    september = page.split('data-month="2026-09"')[1].split("</tr>")[0]
    assert 'data-state="missing"' in september
    assert 'id="figures-chart"' in page


def test_a_month_reported_after_its_due_date_is_late(client, world, personas, clock):
    clock.set(datetime.date(2026, 11, 25))
    client.force_login(personas.participant_liaison)
    response = client.post(
        f"/enterprises/{world.enterprise.pk}/figures/",
        {
            "month": "2026-09",
            "output_value": "90",
            "revenue": "1",
            "orders": "1",
            "employment": "5",
        },
    )
    assert response.status_code == 302
    months = client.get(f"/api/v1/enterprises/{world.enterprise.pk}").json()["months"]
    september = next(row for row in months if row["month"] == "2026-09")
    assert september["state"] == "late"
    october = next(row for row in months if row["month"] == "2026-10")
    assert october["state"] == "on_time"
    assert october["growth"]["output_value"] == "20.0"


def test_figures_of_a_month_not_yet_begun_are_refused(client, world, personas):
    client.force_login(personas.participant_liaison)
    response = client.post(
        f"/api/v1/enterprises/{world.enterprise.pk}/figures",
        {"month": "2026-12", "output_value": 1, "revenue": 1, "orders": 1, "employment": 1},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not MonthlyFigure.objects.filter(month=datetime.date(2026, 12, 1)).exists()


def test_reporting_a_month_again_corrects_it(client, world, personas):
    client.force_login(personas.participant_liaison)
    client.post(
        f"/api/v1/enterprises/{world.enterprise.pk}/figures",
        {"month": "2026-10", "output_value": 150, "revenue": 1, "orders": 1, "employment": 1},
        content_type="application/json",
    )
    figure = MonthlyFigure.objects.get(
        enterprise=world.enterprise, month=datetime.date(2026, 10, 1)
    )
    assert figure.output_value == 150


def test_the_list_counts_missing_months(client, world, personas):
    client.force_login(personas.secretariat)
    page = client.get("/enterprises/").content.decode()
    # Of the 12 months up to October 2026 (all past due on 20 November), only October is in.
    assert "11 个月" in page


def test_the_export_holds_the_year(client, world, personas):
    client.force_login(personas.secretariat)
    response = client.get(f"/enterprises/figures.xlsx?year={TODAY.year}")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    data = [row for row in rows if row and row[0] == world.enterprise.name]
    assert len(data) == 1
    assert data[0][2] == "2026-10" and data[0][3] == 120


def test_the_pages_read_in_english(english, world, personas):
    english.force_login(personas.secretariat)
    listing = english.get("/enterprises/").content.decode()
    assert "Key enterprises" in listing and "Responsible leader" in listing
    detail = english.get(f"/enterprises/{world.enterprise.pk}/").content.decode()
    assert "Monthly operation figures" in detail and "On time" in detail

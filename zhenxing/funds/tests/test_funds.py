"""Central funds: the allocations page (filters, totals by kind, slow warnings, mechanism
scope, Excel), an allocation's page and the responsible unit's disbursement report (web and
API, refusals, change log), the slow-disbursement rule, the report's section, the demo data and
the permission matrices."""

import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.funds import selectors
from zhenxing.funds.models import Allocation, Disbursement, FundedProject, FundProgramme
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Region, Unit
from zhenxing.programmes.tests.conftest import business_roles_read
from zhenxing.projects.models import Project
from zhenxing.projects.services import county_regions_load_shipped, project_create
from zhenxing.reports.builders import progress_report_content
from zhenxing.testing import client_for, expect, outcome

URL = "/funds/"
API_URL = "/api/v1/funds/allocations"
YI = Decimal(100_000_000)


@pytest.fixture
def allocations(shipped_data, mechanism, db):
    """Last year's money (2025, wholly elapsed): Liaoning's central budget investment of
    10 亿元 with two funded projects and 9.5 亿元 disbursed (on pace), and Jilin's ultra-long
    bonds of 4 亿元 with 1 亿元 disbursed (slow)."""
    county_regions_load_shipped()
    budget = FundProgramme.objects.create(
        name="东北振兴中央预算内投资专项", kind=FundProgramme.Kind.CENTRAL_BUDGET
    )
    bonds = FundProgramme.objects.create(
        name="超长期特别国债项目", kind=FundProgramme.Kind.ULTRA_LONG_BONDS
    )
    liaoning = Allocation.objects.create(
        programme=budget,
        region=Region.objects.get(code="210000"),
        year=2025,
        amount=10 * YI,
        responsible_unit=Unit.objects.get(code="liaoning-government"),
        mechanism=mechanism,
    )
    for serial in (1, 2):
        project = project_create(
            national_code=f"2025-210102-36-03-00000{serial}",
            name=f"沈阳中央资金项目{serial}",
            region=Region.objects.get(code="210102"),
            industry="C",
            stage=Project.Stage.NEW_START,
            total_investment=5 * YI,
        )
        FundedProject.objects.create(allocation=liaoning, project=project, amount=3 * YI)
    Disbursement.objects.create(
        allocation=liaoning, as_of=datetime.date(2025, 6, 30), disbursed=4 * YI
    )
    Disbursement.objects.create(
        allocation=liaoning, as_of=datetime.date(2025, 12, 31), disbursed=Decimal("9.5") * YI
    )
    jilin = Allocation.objects.create(
        programme=bonds,
        region=Region.objects.get(code="220000"),
        year=2025,
        amount=4 * YI,
        responsible_unit=Unit.objects.get(code="jilin-government"),
        mechanism=None,  # a row without a mechanism belongs to the top level
    )
    Disbursement.objects.create(allocation=jilin, as_of=datetime.date(2025, 12, 31), disbursed=YI)
    return liaoning, jilin


def test_the_share_of_the_year_elapsed():
    assert selectors.year_elapsed(2026, datetime.date(2025, 12, 31)) == 0
    assert selectors.year_elapsed(2026, datetime.date(2027, 1, 1)) == 1
    assert selectors.year_elapsed(2026, datetime.date(2026, 12, 31)) == 1
    assert selectors.year_elapsed(2026, datetime.date(2026, 7, 2)) == Decimal(183) / 365


@pytest.mark.django_db
def test_slow_is_ten_points_behind_the_year(allocations):
    liaoning, jilin = allocations
    mid_year = datetime.date(2025, 7, 1)  # 49.9 % of the year gone
    states = {s.allocation.pk: s for s in selectors.allocation_states(Allocation.objects, mid_year)}
    assert states[liaoning.pk].share_disbursed == Decimal("0.4")  # 40 %: within the margin
    assert not states[liaoning.pk].slow
    day_later = selectors.allocation_states(Allocation.objects, datetime.date(2025, 7, 2))
    assert next(s for s in day_later if s.allocation == liaoning).slow  # 50.1 %: over ten points
    assert states[jilin.pk].disbursed == 0  # nothing reported by then
    assert states[jilin.pk].slow
    year_end = {
        s.allocation.pk: s
        for s in selectors.allocation_states(Allocation.objects, datetime.date(2026, 1, 5))
    }
    assert not year_end[liaoning.pk].slow  # 95 % of a finished year
    assert year_end[jilin.pk].slow  # 25 %


def test_permission_matrices(people, allocations):
    liaoning, _jilin = allocations
    expected = business_roles_read("login")
    for url in (URL, f"{URL}{liaoning.pk}/", f"{URL}?format=xlsx"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == expected, url
    actual = {name: outcome(client_for(user).get(API_URL)) for name, user in people.items()}
    assert actual == business_roles_read(401)


def test_only_the_responsible_unit_and_the_secretariat_report(people, allocations):
    liaoning, _jilin = allocations
    url = f"{URL}{liaoning.pk}/"
    administrators = dict.fromkeys(("system_admin", "security_admin", "audit_admin", "no_role"))
    writers = dict.fromkeys(("secretariat", "province_liaison", "province_leader"), url)
    expected = expect(403, inactive="login", anonymous="login") | writers
    actual = {}
    for day, (name, user) in enumerate(people.items(), start=1):
        form = {"as_of": f"2025-12-{day:02d}", "disbursed": "50000"}
        actual[name] = outcome(client_for(user).post(url, form))
    assert actual == expected | dict.fromkeys(administrators, 403)
    assert Disbursement.objects.filter(allocation=liaoning).count() == 2 + 3
    api = f"{API_URL}/{liaoning.pk}/disbursements"
    actual = {}
    for day, (name, user) in enumerate(people.items(), start=1):
        body = {"as_of": f"2025-11-{day:02d}", "disbursed": "500000000"}
        response = client_for(user).post(api, body, content_type="application/json")
        actual[name] = response.status_code
    writers = dict.fromkeys(("secretariat", "province_liaison", "province_leader"), 201)
    assert actual == expect(403, inactive=401, anonymous=401) | writers


@pytest.mark.django_db
def test_a_unit_reports_disbursement_in_wan_and_it_is_logged(personas, allocations):
    liaoning, _jilin = allocations
    client = client_for(personas.province_liaison)
    response = client.post(
        f"{URL}{liaoning.pk}/", {"as_of": "2025-09-30", "disbursed": "70000", "note": "三季度"}
    )
    assert response.status_code == 302
    reported = Disbursement.objects.get(allocation=liaoning, as_of=datetime.date(2025, 9, 30))
    assert reported.disbursed == 7 * YI  # 7 万万元 = 7 亿元
    assert reported.reported_by == personas.province_liaison
    record = ChangeRecord.objects.filter(content_type__app_label="funds").latest("pk")
    assert record.object_id == str(reported.pk)
    page = client.get(f"{URL}{liaoning.pk}/").content.decode()
    assert "三季度" in page and "沈阳中央资金项目1" in page


@pytest.mark.django_db
def test_refused_reports(personas, allocations):
    liaoning, _jilin = allocations
    client = client_for(personas.province_liaison)
    cases = [
        ({"as_of": "2025-12-20", "disbursed": "200000"}, "累计支出不能超过下达金额"),
        ({"as_of": "2025-12-20", "disbursed": "30000"}, "累计支出不能少于此前报送的数额"),
        ({"as_of": "2024-12-31", "disbursed": "1"}, "截至日期不能早于资金年度"),
        ({"as_of": "2099-01-01", "disbursed": "1"}, "截至日期不能晚于今天"),
        ({"as_of": "2025-12-31", "disbursed": "96000"}, "该日期的支出情况已报送"),
    ]
    for form, message in cases:
        response = client.post(f"{URL}{liaoning.pk}/", form)
        assert response.status_code == 200, form
        assert message in response.content.decode(), form
    assert liaoning.disbursements.count() == 2
    response = client_for(personas.secretariat).post(
        f"{API_URL}/{liaoning.pk}/disbursements",
        {"as_of": "2025-12-20", "disbursed": str(11 * YI)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "disbursed" in response.json()["errors"]


@pytest.mark.django_db
def test_the_list_warns_filters_and_keeps_to_the_mechanism(personas, allocations):
    liaoning, jilin = allocations
    fuxin = mechanism_load_shipped("fuxin")
    fuxin_allocation = Allocation.objects.create(
        programme=FundProgramme.objects.create(
            name="资源枯竭城市转移支付", kind=FundProgramme.Kind.SPECIAL_TRANSFER
        ),
        region=Region.objects.get(code="210900"),
        year=2025,
        amount=YI,
        responsible_unit=Unit.objects.get(code="fuxin-government"),
        mechanism=fuxin,
    )
    client = client_for(personas.reader)
    response = client.get(URL)
    assert response.context["year"] == 2025
    assert [s.allocation.pk for s in response.context["states"]] == [liaoning.pk, jilin.pk]
    assert response.context["slow_count"] == 1
    totals = {row["kind"]: row for row in response.context["totals"]}
    assert totals["central_budget"]["amount"] == 10 * YI
    assert totals["ultra_long_bonds"]["slow"] == 1
    assert "支出偏慢" in response.content.decode()
    slow = client.get(URL, {"slow": "on"}).context["states"]
    assert [s.allocation.pk for s in slow] == [jilin.pk]
    kind = client.get(URL, {"kind": "central_budget"}).context["states"]
    assert [s.allocation.pk for s in kind] == [liaoning.pk]
    assert client.get(f"{URL}{fuxin_allocation.pk}/").status_code == 404
    assert client.get(f"{API_URL}?mechanism=fuxin").status_code == 403


@pytest.mark.django_db
def test_the_allocations_as_excel(personas, allocations):
    response = client_for(personas.inspector).get(URL, {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    jilin = next(row for row in rows if row[3] == "吉林省")
    assert jilin[:3] == [2025, "超长期特别国债", "超长期特别国债项目"]
    assert jilin[5:7] == [40000, 10000]
    assert jilin[9] == "支出偏慢"


@pytest.mark.django_db
def test_api_lists_allocations_with_their_disbursement(personas, allocations):
    liaoning, jilin = allocations
    rows = client_for(personas.secretariat).get(API_URL, {"year": 2025}).json()
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {liaoning.pk, jilin.pk}
    assert Decimal(by_id[liaoning.pk]["disbursed"]) == Decimal("9.5") * YI
    assert by_id[liaoning.pk]["funded_projects"] == [
        "2025-210102-36-03-000001",
        "2025-210102-36-03-000002",
    ]
    assert (by_id[jilin.pk]["slow"], by_id[jilin.pk]["share_disbursed"]) == (True, 0.25)
    assert client_for(personas.secretariat).get(API_URL, {"year": 2024}).json() == []


@pytest.mark.django_db
def test_the_annual_report_has_a_central_funds_section(mechanism, allocations):
    content = progress_report_content(
        period_label="2025", mechanism=mechanism, today=datetime.date(2026, 3, 1)
    )
    section = next(s for s in content.sections if s.heading.endswith("中央资金下达和支出情况"))
    assert "2025年下达中央资金2笔，共14.00亿元" in section.paragraphs[0]
    assert "累计支出10.50亿元，支出进度75.0%，时间进度100.0%" in section.paragraphs[0]
    assert "吉林省超长期特别国债项目（25.0%）" in section.paragraphs[1]
    assert [row[0] for row in section.tables[0].rows] == ["中央预算内投资", "超长期特别国债"]
    earlier = progress_report_content(
        period_label="2024", mechanism=mechanism, today=datetime.date(2026, 3, 1)
    )
    assert not any("中央资金" in s.heading for s in earlier.sections)


@pytest.mark.django_db
def test_demo_data_tells_the_story(shipped_data, mechanism):
    from zhenxing.funds import demo

    today = datetime.date(2026, 12, 7)
    county_regions_load_shipped()
    mechanism_load_shipped("fuxin")  # as demo-data does first: Fuxin's government
    summary = demo.populate(secretariat=None, mechanism=mechanism, plan=None, today=today)
    assert summary == "中央资金：4 个专项，本年下达 7 笔（新增 7 笔），支出偏慢 2 笔"
    slow = [s for s in selectors.allocation_states(Allocation.objects, today) if s.slow]
    assert {(s.allocation.region.code, s.allocation.programme.kind) for s in slow} == {
        ("230000", "ultra_long_bonds"),
        ("210900", "special_transfer"),
    }
    assert set(FundProgramme.objects.values_list("kind", flat=True)) == set(
        FundProgramme.Kind.values
    )
    again = demo.populate(secretariat=None, mechanism=mechanism, plan=None, today=today)
    assert "新增 0 笔" in again

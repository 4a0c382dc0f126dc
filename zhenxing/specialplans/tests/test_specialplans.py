"""Special plans: the permission matrices of every page and endpoint, drafts seen only by their
own, the secretariat's plan and part forms, the responsible unit's figures (web and API,
refusals, change log), the list's filters and mechanism scope, the Excel workbook, the
report's section and the demo data."""

import datetime
import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.mechanisms.services import mechanism_load_shipped
from zhenxing.orgs.models import Region, Unit
from zhenxing.programmes.models import Designation
from zhenxing.programmes.tests.conftest import business_roles_read, secretariat_only
from zhenxing.projects.models import Project
from zhenxing.projects.services import county_regions_load_shipped, project_create
from zhenxing.reports.builders import progress_report_content
from zhenxing.specialplans import selectors, services
from zhenxing.specialplans.models import (
    CompensationPayment,
    ReconstructionProject,
    RelocationFigure,
    SpecialPlan,
)
from zhenxing.testing import client_for, expect, outcome

URL = "/specialplans/"
API = "/api/v1/specialplans"
WAN = Decimal(10_000)
YI = Decimal(100_000_000)
WRITERS = ("secretariat", "province_liaison", "province_leader")


def _plan(mechanism, title, kind, unit_code, regions, status=SpecialPlan.Status.IN_FORCE):
    return services.specialplan_create(
        title=title,
        kind=kind,
        status=status,
        first_year=2024,
        last_year=2026,
        responsible_unit=Unit.objects.get(code=unit_code),
        mechanism=mechanism,
        regions=list(Region.objects.filter(code__in=regions)),
    )


@pytest.fixture
def plans(shipped_data, mechanism, db):
    """Liaoning's relocation plan (one site in Fuxin: 1000 people planned, 600 moved in 2024
    and 2025 with 300 employed), Heilongjiang paying Jilin 1 亿元 a year (2024 paid, 2025 half
    paid), and Jilin's reconstruction with two library projects (one reported at 80 %, one 25 %
    by the library's investment)."""
    county_regions_load_shipped()
    relocation = _plan(
        mechanism, "辽宁避险搬迁规划", SpecialPlan.Kind.RELOCATION, "liaoning-government",
        ["210000", "210900"],
    )  # fmt: skip
    site = services.relocation_site_create(
        plan=relocation,
        name="孙家湾安置小区",
        region=Region.objects.get(code="210900"),
        households_planned=400,
        people_planned=1000,
        funds_planned=10_000 * WAN,
    )
    for year, people, employed in ((2024, 200, 100), (2025, 400, 200)):
        services.relocation_figure_report(
            site=site, user=None, year=year, households_moved=people // 2, people_moved=people,
            homes_built=people // 2, people_employed=employed, funds_spent=2000 * WAN,
        )  # fmt: skip
    compensation = _plan(
        mechanism, "松花江生态补偿方案", SpecialPlan.Kind.ECOLOGICAL_COMPENSATION,
        "heilongjiang-government", ["220000", "230000"],
    )  # fmt: skip
    agreement = services.compensation_agreement_create(
        plan=compensation,
        name="松花江省界断面补偿协议",
        payer_region=Region.objects.get(code="230000"),
        receiver_region=Region.objects.get(code="220000"),
        basis="省界断面水质达标",
        annual_amount=YI,
        first_year=2024,
        last_year=2026,
    )
    for year, paid in ((2024, YI), (2025, YI / 2)):
        services.compensation_payment_report(agreement=agreement, user=None, year=year, amount=paid)
    reconstruction = _plan(
        mechanism, "吉林洪涝灾后重建规划", SpecialPlan.Kind.RECONSTRUCTION, "jilin-government",
        ["220000", "220200"],
    )  # fmt: skip
    rows = []
    for serial, completed in ((1, 0), (2, 1)):
        project = project_create(
            national_code=f"2025-220202-48-03-00000{serial}",
            name=f"吉林市水毁修复工程{serial}",
            region=Region.objects.get(code="220202"),
            industry="E",
            stage=Project.Stage.CONTINUING,
            total_investment=4 * YI,
        )
        project.investment_completed_total = completed * YI
        project.save()
        rows.append(
            services.reconstruction_project_add(plan=reconstruction, project=project, funds=YI)
        )
    services.reconstruction_progress_report(
        reconstruction=rows[0],
        user=None,
        share_complete=Decimal(80),
        as_of=datetime.date(2026, 6, 30),
    )
    return relocation, compensation, reconstruction


def _pages(plans):
    relocation, compensation, reconstruction = plans
    site = relocation.sites.get()
    return (
        [
            URL,
            f"{URL}?format=xlsx",
            f"{URL}{relocation.pk}/",
            f"{URL}{compensation.pk}/",
            f"{URL}{reconstruction.pk}/",
        ],
        [
            f"{URL}new/",
            f"{URL}{relocation.pk}/edit/",
            f"{URL}{relocation.pk}/add/site/",
        ],
        f"{URL}{relocation.pk}/site/{site.pk}/report/",
    )


def test_permission_matrices_of_the_pages(people, plans):
    reading, editing, reporting = _pages(plans)
    for url in reading:
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == business_roles_read("login"), url
    for url in editing:
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == secretariat_only(200), url
    actual = {name: outcome(client_for(user).get(reporting)) for name, user in people.items()}
    assert actual == expect(403, inactive="login", anonymous="login") | dict.fromkeys(WRITERS, 200)


def test_permission_matrices_of_the_api(people, plans):
    relocation, _compensation, _reconstruction = plans
    for url in (API, f"{API}/{relocation.pk}"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == business_roles_read(401), url
    site = relocation.sites.get()
    actual = {}
    for name, user in people.items():
        body = {"name": f"新安置点{name}", "region_code": "210900", "households_planned": 1,
                "people_planned": 2, "funds_planned": "1000"}  # fmt: skip
        response = client_for(user).post(
            f"{API}/{relocation.pk}/sites", body, content_type="application/json"
        )
        actual[name] = response.status_code
    assert actual == expect(403, inactive=401, anonymous=401, secretariat=201)
    actual = {}
    for name, user in people.items():
        body = {"year": 2026, "households_moved": 1, "people_moved": 1, "homes_built": 1,
                "people_employed": 0, "funds_spent": "0"}  # fmt: skip
        response = client_for(user).post(
            f"{API}/{relocation.pk}/sites/{site.pk}/figures", body, content_type="application/json"
        )
        actual[name] = response.status_code
    assert actual == expect(403, inactive=401, anonymous=401) | dict.fromkeys(WRITERS, 201)


def test_a_draft_is_read_by_its_own_unit_and_those_who_see_everything(people, mechanism, plans):
    draft = _plan(
        mechanism, "辽宁草案", SpecialPlan.Kind.RELOCATION, "liaoning-government", ["210000"],
        status=SpecialPlan.Status.DRAFT,
    )  # fmt: skip
    actual = {
        name: outcome(client_for(user).get(f"{URL}{draft.pk}/")) for name, user in people.items()
    }
    readers = business_roles_read("login")
    assert actual == readers | dict.fromkeys(
        ("lead_liaison", "participant_liaison", "outsider"), 404
    )
    listed = client_for(people["outsider"]).get(URL).context["rows"]
    assert draft not in [row["plan"] for row in listed]
    assert len(listed) == 3
    titles = [row["title"] for row in client_for(people["outsider"]).get(API).json()]
    assert "辽宁草案" not in titles and len(titles) == 3
    assert "辽宁草案" in [row["title"] for row in client_for(people["reader"]).get(API).json()]


@pytest.mark.django_db
def test_the_secretariat_records_a_plan_and_its_parts(personas, mechanism, plans):
    client = client_for(personas.secretariat)
    _relocation, _compensation, reconstruction = plans
    response = client.post(
        f"{URL}new/",
        {
            "title": "辽宁阜新搬迁二期",
            "kind": "relocation",
            "status": "draft",
            "first_year": 2026,
            "last_year": 2028,
            "responsible_unit": Unit.objects.get(code="liaoning-government").pk,
            "regions": [Region.objects.get(code="210900").pk],
            "project_codes": "2025-220202-48-03-000001",
        },
    )
    plan = SpecialPlan.objects.get(title="辽宁阜新搬迁二期")
    assert response.status_code == 302 and plan.mechanism == mechanism
    assert [p.national_code for p in plan.projects.all()] == ["2025-220202-48-03-000001"]
    record = ChangeRecord.objects.filter(content_type__app_label="specialplans").latest("pk")
    assert record.object_id == str(plan.pk)
    response = client.post(
        f"{URL}{plan.pk}/add/site/",
        {"name": "清河门安置点", "region": Region.objects.get(code="210900").pk,
         "households_planned": 100, "people_planned": 260, "funds_planned": "5000"},
    )  # fmt: skip
    assert response.status_code == 302
    assert plan.sites.get().funds_planned == 5000 * WAN
    # a part of another kind is no page at all; a refusal of the model is shown on the form
    assert client.get(f"{URL}{plan.pk}/add/agreement/").status_code == 404
    response = client.post(
        f"{URL}{reconstruction.pk}/add/project/",
        {"project": "2025-220202-48-03-000001", "funds": "100"},
    )
    assert response.status_code == 200
    assert "该项目已列入本规划" in response.content.decode()
    response = client.post(
        f"{URL}{plan.pk}/edit/",
        {"title": plan.title, "kind": "reconstruction", "status": "in_force", "first_year": 2026,
         "last_year": 2028, "responsible_unit": plan.responsible_unit_id,
         "regions": [Region.objects.get(code="210900").pk]},
    )  # fmt: skip
    assert "规划已有分项内容，不能更改类型" in response.content.decode()


@pytest.mark.django_db
def test_the_responsible_unit_reports_a_year_and_is_refused_when_wrong(personas, plans):
    relocation, _compensation, _reconstruction = plans
    site = relocation.sites.get()
    client = client_for(personas.province_liaison)
    url = f"{URL}{relocation.pk}/site/{site.pk}/report/"
    good = {"year": 2026, "households_moved": 100, "people_moved": 300, "homes_built": 100,
            "people_employed": 250, "funds_spent": "3000", "note": "三季度"}  # fmt: skip
    cases = [
        (good | {"people_moved": 500}, "累计搬迁人数不能超过计划人数"),
        (good | {"people_moved": 50}, "搬迁人数不能少于户数"),
        (good | {"people_employed": 901}, "实现就业人数不能超过累计搬迁人数"),
        (good | {"funds_spent": "6001"}, "累计完成投资不能超过计划投资"),
        (good | {"year": 2023}, "年度应在2024—2026年之间"),
    ]
    for form, message in cases:
        response = client.post(url, form)
        assert response.status_code == 200, form
        assert message in response.content.decode(), form
    assert not site.figures.filter(year=2026).exists()
    assert client.post(url, good).status_code == 302
    figure = site.figures.get(year=2026)
    assert (figure.people_moved, figure.funds_spent, figure.reported_by) == (
        300, 3000 * WAN, personas.province_liaison,
    )  # fmt: skip
    record = ChangeRecord.objects.filter(content_type__model="relocationfigure").latest("pk")
    assert record.object_id == str(figure.pk)
    totals = selectors.relocation_totals(selectors.site_states(relocation))
    assert (totals["people_moved"], totals["people_employed"]) == (900, 550)
    page = client.get(f"{URL}{relocation.pk}/").content.decode()
    assert "三季度" in page and "孙家湾安置小区" in page


@pytest.mark.django_db
def test_compensation_due_and_paid_and_reconstruction_progress(personas, plans):
    _relocation, compensation, reconstruction = plans
    (state,) = selectors.agreement_states(compensation, 2025)
    assert (state.due, state.paid, state.in_arrears) == (2 * YI, Decimal("1.5") * YI, True)
    client = client_for(personas.outsider)  # Jilin: not the payer's unit
    agreement = compensation.agreements.get()
    assert (
        client.post(f"{URL}{compensation.pk}/agreement/{agreement.pk}/report/", {}).status_code
        == 403
    )
    secretariat = client_for(personas.secretariat)
    response = secretariat.post(
        f"{API}/{compensation.pk}/agreements/{agreement.pk}/payments",
        {"year": 2027, "amount": "1"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "year" in response.json()["errors"]
    secretariat.post(
        f"{URL}{compensation.pk}/agreement/{agreement.pk}/report/",
        {"year": 2025, "amount": "10000"},
    )
    assert CompensationPayment.objects.get(agreement=agreement, year=2025).amount == YI
    states = selectors.reconstruction_states(reconstruction)
    assert [(s.share_complete, s.from_library) for s in states] == [
        (Decimal(80), False),
        (Decimal("25.0"), True),
    ]
    assert selectors.average_progress(states) == Decimal("52.5")
    row = ReconstructionProject.objects.get(pk=states[0].reconstruction.pk)
    jilin = client_for(personas.outsider)  # Jilin's liaison: the responsible unit here
    url = f"{URL}{reconstruction.pk}/project/{row.pk}/report/"
    response = jilin.post(url, {"share_complete": "70", "as_of": "2026-09-30"})
    assert "完成进度不能低于上次报送的进度" in response.content.decode()
    assert jilin.post(url, {"share_complete": "90", "as_of": "2026-09-30"}).status_code == 302
    row.refresh_from_db()
    assert (row.share_complete, row.reported_by) == (Decimal(90), personas.outsider)


@pytest.mark.django_db
def test_the_list_filters_and_keeps_to_the_mechanism(personas, plans):
    relocation, compensation, reconstruction = plans
    fuxin = mechanism_load_shipped("fuxin")
    _plan(fuxin, "阜新市级搬迁规划", SpecialPlan.Kind.RELOCATION, "fuxin-government", ["210900"])
    client = client_for(personas.reader)

    def listed(**query):
        return [row["plan"] for row in client.get(URL, query).context["rows"]]

    assert set(listed()) == {relocation, compensation, reconstruction}
    assert listed(kind="ecological_compensation") == [compensation]
    assert listed(region="210900") == [relocation]
    assert set(listed(region="220000")) == {compensation, reconstruction}
    Designation.objects.create(
        region=Region.objects.get(code="210900"),
        kind=Designation.Kind.RESOURCE_EXHAUSTED_CITY,
        batch=1,
        document_title="资源枯竭城市名单",
        first_year=2008,
    )
    assert listed(region_kind="resource_exhausted_city") == [relocation]
    assert client.get(API, {"kind": "reconstruction"}).json()[0]["headline"] == "52.5%"


@pytest.mark.django_db
def test_the_plans_as_excel(personas, plans):
    response = client_for(personas.inspector).get(URL, {"format": "xlsx"})
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert workbook.sheet_names == ["专项规划", "安置点", "生态补偿", "重建项目"]
    sites = workbook.get_sheet_by_index(1).to_python()
    row = next(row for row in sites if row[1] == "孙家湾安置小区")
    assert row[3:5] == [1000, 600] and row[8:10] == [10000, 4000]
    projects = workbook.get_sheet_by_index(3).to_python()
    assert [r[6] for r in projects if str(r[1]).startswith("2025-")] == [
        "责任单位报送",
        "项目库投资进度",
    ]


@pytest.mark.django_db
def test_the_reports_have_a_special_plans_section(mechanism, plans):
    content = progress_report_content(
        period_label="2025", mechanism=mechanism, today=datetime.date(2026, 3, 1)
    )
    section = next(s for s in content.sections if s.heading.endswith("专项规划实施情况"))
    assert (
        section.paragraphs[0]
        == "实施中的专项规划3个（易地搬迁1个、生态补偿1个、灾后恢复重建1个）。"
    )
    assert "累计搬迁300户600人，占计划人数的60.0%；实现就业300人，就业率50.0%" in "".join(
        section.paragraphs
    )
    assert (
        "截至2025年应拨付2.00亿元，已拨付1.50亿元。未足额拨付：松花江省界断面补偿协议。"
        in "".join(section.paragraphs)
    )
    assert "按资金加权完成进度52.5%。完成进度不足一半的项目：吉林市水毁修复工程2。" in "".join(
        section.paragraphs
    )
    quarter = progress_report_content(
        period_label="2026Q3", mechanism=mechanism, today=datetime.date(2026, 10, 10)
    )
    assert any(s.heading.endswith("专项规划实施情况") for s in quarter.sections)
    earlier = progress_report_content(
        period_label="2023", mechanism=mechanism, today=datetime.date(2026, 3, 1)
    )
    assert not any("专项规划" in s.heading for s in earlier.sections)


@pytest.mark.django_db
def test_demo_data_tells_the_story(shipped_data, personas, mechanism):
    from zhenxing.funds import demo as funds_demo
    from zhenxing.specialplans import demo

    today = datetime.date(2026, 12, 7)
    county_regions_load_shipped()
    mechanism_load_shipped("fuxin")
    funds_demo.populate(secretariat=None, mechanism=mechanism, plan=None, today=today)
    summary = demo.populate(
        secretariat=personas.secretariat, mechanism=mechanism, plan=None, today=today
    )
    assert summary == "专项规划：3 个（易地搬迁、生态补偿、灾后恢复重建各一）"
    relocation, compensation, reconstruction = (
        SpecialPlan.objects.get(kind=kind) for kind in SpecialPlan.Kind.values
    )
    totals = selectors.relocation_totals(selectors.site_states(relocation))
    assert (totals["people_moved"], totals["people_employed"]) == (5710, 3880)
    (state,) = selectors.agreement_states(compensation, 2026)
    assert (state.due, state.paid) == (3 * YI, Decimal("2.5") * YI)
    assert reconstruction.allocations.get().programme.name == "增发国债灾后恢复重建项目"
    assert reconstruction.division_plan.tasks.count() == 3
    assert reconstruction.division_plan.status == "published"
    assert RelocationFigure.objects.count() == 7
    assert (
        demo.populate(secretariat=personas.secretariat, mechanism=mechanism, plan=None, today=today)
        == summary
    )


def test_permission_matrices_of_the_other_parts_and_writes(people, plans):
    relocation, compensation, reconstruction = plans
    agreement = compensation.agreements.get()
    row = reconstruction.reconstruction_projects.first()
    pages = {
        f"{URL}{compensation.pk}/add/agreement/": secretariat_only(200),
        f"{URL}{reconstruction.pk}/add/disaster/": secretariat_only(200),
        f"{URL}{reconstruction.pk}/add/project/": secretariat_only(200),
    }
    heilongjiang = ("secretariat",)  # no persona acts for Heilongjiang's government
    jilin = ("secretariat", "outsider")  # the outsider is Jilin's liaison
    pages[f"{URL}{compensation.pk}/agreement/{agreement.pk}/report/"] = expect(
        403, inactive="login", anonymous="login"
    ) | dict.fromkeys(heilongjiang, 200)
    pages[f"{URL}{reconstruction.pk}/project/{row.pk}/report/"] = expect(
        403, inactive="login", anonymous="login"
    ) | dict.fromkeys(jilin, 200)
    for url, expected in pages.items():
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == expected, url
    signed_out = {"inactive": 401, "anonymous": 401}
    writes = [
        ("post", f"{API}/{compensation.pk}/agreements", lambda n: {
            "name": f"协议{n}", "payer_region_code": "230000", "receiver_region_code": "220000",
            "basis": "水质", "annual_amount": "100", "first_year": 2024, "last_year": 2025,
        }, expect(403, **signed_out, secretariat=201)),
        ("post", f"{API}/{reconstruction.pk}/disasters", lambda n: {
            "name": f"灾害{n}", "kind": "flood", "began_on": "2025-07-25",
            "affected_region_codes": ["220200"],
        }, expect(403, **signed_out, secretariat=201)),
        ("post", f"{API}/{reconstruction.pk}/reconstruction-projects", lambda n: {
            "project_code": "2025-220202-48-03-000001", "funds": "1",
        }, expect(403, **signed_out, secretariat=400)),  # listed already: refused, not forbidden
        ("put", f"{API}/{relocation.pk}", lambda n: {
            "title": "辽宁避险搬迁规划", "kind": "relocation", "status": "in_force",
            "first_year": 2024, "last_year": 2026, "responsible_unit": "liaoning-government",
            "region_codes": ["210000", "210900"],
        }, expect(403, **signed_out, secretariat=200)),
        ("post", f"{API}/{compensation.pk}/agreements/{agreement.pk}/payments", lambda n: {
            "year": 2026, "amount": "1",
        }, expect(403, **signed_out) | dict.fromkeys(heilongjiang, 201)),
        ("post", f"{API}/{reconstruction.pk}/reconstruction-projects/{row.pk}/progress", lambda n: {
            "share_complete": "85", "as_of": "2026-07-01",
        }, expect(403, **signed_out) | dict.fromkeys(jilin, 201)),
    ]  # fmt: skip
    for method, url, body, expected in writes:
        actual = {}
        for name, user in people.items():
            call = getattr(client_for(user), method)
            actual[name] = call(url, body(name), content_type="application/json").status_code
        assert actual == expected, url
    assert reconstruction.projects.count() == 2  # its reconstruction projects stay linked
    response = client_for(people["secretariat"]).put(
        f"{API}/{reconstruction.pk}",
        {"title": reconstruction.title, "kind": "reconstruction", "status": "in_force",
         "first_year": 2024, "last_year": 2026, "responsible_unit": "jilin-government",
         "region_codes": ["220000"], "project_codes": []},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and reconstruction.projects.count() == 2
    actual = {}
    for name, user in people.items():
        body = {"title": f"新规划{name}", "kind": "relocation", "first_year": 2026,
                "last_year": 2027, "responsible_unit": "liaoning-government",
                "region_codes": ["210000"]}  # fmt: skip
        actual[name] = client_for(user).post(API, body, content_type="application/json").status_code
    assert actual == expect(403, **signed_out, secretariat=201)
    actual = {}
    for name, user in people.items():
        form = {"title": f"页面规划{name}", "kind": "relocation", "status": "draft",
                "first_year": 2026, "last_year": 2027,
                "responsible_unit": Unit.objects.get(code="liaoning-government").pk,
                "regions": [Region.objects.get(code="210000").pk]}  # fmt: skip
        actual[name] = outcome(client_for(user).post(f"{URL}new/", form))
    created = SpecialPlan.objects.get(title="页面规划secretariat")
    assert actual == secretariat_only(f"{URL}{created.pk}/")

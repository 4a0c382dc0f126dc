"""The results side through its doors: the catalogue, values with their vintages, statistics
tables, targets read from a plan, the operation analysis, the API, and who may do what."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from zhenxing.audit.context import acting_as
from zhenxing.audit.models import ChangeRecord
from zhenxing.conftest import PERSONA_SPECS
from zhenxing.indicators import selectors, services
from zhenxing.indicators.importing import discrete_periods, header_period
from zhenxing.indicators.models import Indicator, Observation, Target
from zhenxing.orgs.models import Region

pytestmark = pytest.mark.django_db
PERSONA_NAMES = list(PERSONA_SPECS)  # every persona of the permission matrix
ADMINISTRATORS = {"system_admin", "security_admin", "audit_admin"}
BUSINESS = set(PERSONA_NAMES) - ADMINISTRATORS


@pytest.fixture
def catalogue(mechanism):
    services.catalogue_load_shipped()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


@pytest.fixture
def regions(mechanism):
    return {region.code: region for region in Region.objects.filter(level="province")}


def record(indicator, region, period, value, **options):
    return services.observation_record(
        indicator=indicator, region=region, period=period, value=Decimal(str(value)), **options
    )


def growth_series(catalogue, regions, year=2026):
    """Liaoning above the country early, then falling behind while the country holds."""
    growth = catalogue["gdp_growth"]
    for quarter, (liaoning, jilin, national) in enumerate(
        [(5.6, 5.0, 5.2), (5.2, 5.1, 5.2), (4.8, 5.3, 5.1)], start=1
    ):
        period = f"{year}-01/{year}-{3 * quarter:02d}"
        record(growth, regions["210000"], period, liaoning)
        record(growth, regions["220000"], period, jilin)
        record(growth, None, period, national)
    record(growth, regions["210000"], f"{year - 1}-01/{year - 1}-09", 4.9)
    return growth


def workbook(rows, title="2026年主要经济指标", note="单位：万元") -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet()
    line = 0
    if title:
        sheet.merge_range(0, 0, 0, 3, title)
        line += 1
    if note:
        sheet.write(line, 0, note)
        line += 1
    for row in rows:
        for column, value in enumerate(row):
            sheet.write(line, column, value)
        line += 1
    book.close()
    return output.getvalue()


# --- catalogue -------------------------------------------------------------------------------


def test_the_shipped_catalogue_loads_once_and_keeps_edits(mechanism):
    call_command("indicators", "load-catalogue", stdout=io.StringIO())
    assert Indicator.objects.count() == 20
    gdp = Indicator.objects.get(code="gdp")
    assert (gdp.unit, gdp.measure, gdp.frequency) == ("亿元", "level", "cumulative")
    gdp.name = "地区生产总值（现价）"
    gdp.save()
    out = io.StringIO()
    call_command("indicators", "load-catalogue", stdout=out)
    assert "新增 0 个" in out.getvalue()
    assert Indicator.objects.get(code="gdp").name == "地区生产总值（现价）"
    expected = {"gdp_growth", "fixed_asset_investment_growth", "industrial_value_added_growth"}
    assert expected <= set(Indicator.objects.values_list("code", flat=True))


# --- observations never overwritten --------------------------------------------------------------


def test_a_revision_is_a_new_current_value_and_the_old_one_stays(catalogue, regions, personas):
    growth = catalogue["gdp_growth"]
    first = record(growth, regions["210000"], "2026-01/2026-09", 5.3)
    same = record(growth, regions["210000"], "2026-1/2026-9", 5.3)
    revised = record(
        growth, regions["210000"], "2026-01/2026-09", 5.4, vintage=Observation.Vintage.REVISED
    )
    assert (first.outcome, same.outcome, revised.outcome) == ("created", "unchanged", "revised")
    history = Observation.objects.filter(indicator=growth, region=regions["210000"])
    assert history.count() == 2
    assert history.get(is_current=True).value == Decimal("5.4")
    assert history.get(is_current=False).value == Decimal("5.3")

    client = _client(personas.reader)
    page = client.get(f"/indicators/observations/{revised.observation.pk}/").content.decode()
    assert "修订数" in page and "初步数" in page and "5.3" in page and "5.4" in page


def test_the_secretariat_records_a_value_through_the_page_with_its_source(catalogue, personas):
    client = _client(personas.secretariat)
    response = client.post(
        "/indicators/observations/new/",
        {
            "indicator": catalogue["gdp"].pk,
            "region": Region.objects.get(code="210000").pk,
            "period": "2026-01/2026-09",
            "value": "23049.2",
            "vintage": "preliminary",
            "source_kind": "text",
            "source_reference": "辽宁省统计局",
            "source_url": "https://tjj.ln.gov.cn/example",
            "source_sentence": "前三季度，全省地区生产总值23049.2亿元。",
        },
    )
    assert response.status_code == 302
    observation = Observation.objects.get(indicator=catalogue["gdp"])
    assert observation.recorded_by == personas.secretariat
    assert observation.period_start == datetime.date(2026, 1, 1)
    assert observation.period_end == datetime.date(2026, 9, 30)
    assert ChangeRecord.objects.filter(content_type__model="observation").exists()


def test_a_bad_period_is_refused_with_a_message(catalogue, personas):
    response = _client(personas.secretariat).post(
        "/indicators/observations/new/",
        {
            "indicator": catalogue["gdp"].pk,
            "period": "2026年秋",
            "value": "1",
            "vintage": "preliminary",
            "source_kind": "manual",
        },
    )
    assert response.status_code == 200
    assert "无法识别的期间" in response.content.decode()
    assert not Observation.objects.exists()


# --- statistics tables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, label",
    [
        ("2026年1—9月", "2026-01/2026-09"),
        ("2026年1-3月累计", "2026-01/2026-03"),
        ("2026年第三季度", "2026Q3"),
        ("2026年三季度", "2026Q3"),
        ("2026年前三季度", "2026-01/2026-09"),
        ("2026年上半年", "2026H1"),
        ("2026年9月", "2026-09"),
        ("2026年", "2026"),
        ("2026Q3", "2026Q3"),
        ("2026-09", "2026-09"),
        ("地区", None),
        ("增速（%）", None),
    ],
)
def test_column_headings_as_periods(heading, label):
    assert header_period(heading) == label


def test_a_wide_table_with_title_unit_and_notes_is_imported_in_the_indicators_unit(
    catalogue, personas
):
    data = workbook(
        [
            ["地区", "2026年1—3月", "2026年1—6月", "2026年1—9月"],
            ["全国", 318758_0000, 660536_0000, 1015036_0000],
            ["辽宁省", 70881000, 147816000, 230492000],
            ["吉林", 30000000, "—", 95000000],
            ["注：按现价计算。", "", "", ""],
        ]
    )
    response = _client(personas.secretariat).post(
        "/indicators/imports/new/",
        {
            "indicator": catalogue["gdp"].pk,
            "file": SimpleUploadedFile("统计表.xlsx", data),
            "vintage": "preliminary",
            "mode": "all_or_nothing",
        },
    )
    assert response.status_code == 200, response.content.decode()
    assert "新增 8 个数值" in response.content.decode()
    liaoning = Observation.objects.get(region__code="210000", period="2026-01/2026-09")
    assert liaoning.value == Decimal("23049.2")  # 万元 → 亿元
    assert Observation.objects.get(region=None, period="2026-01/2026-03").value == Decimal("318758")
    assert not Observation.objects.filter(region__code="220000", period="2026-01/2026-06")


def test_bad_rows_are_named_by_row_number_and_nothing_is_written(catalogue, personas):
    data = workbook(
        [
            ["地区", "2026年1—3月", "2026年1—6月"],
            ["辽宁省", 1.5, 2.5],
            ["火星省", 1.0, 2.0],
            ["吉林省", "两点五", 3.0],
        ],
        note="",
    )
    response = _client(personas.secretariat).post(
        "/indicators/imports/new/",
        {
            "indicator": catalogue["gdp_growth"].pk,
            "file": SimpleUploadedFile("t.xlsx", data),
            "vintage": "preliminary",
            "mode": "all_or_nothing",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "<td>4</td><td>无法识别的地区“火星省”</td>" in page
    assert "<td>5</td>" in page and "两点五" in page
    assert "整表未导入" in page
    assert not Observation.objects.exists()

    response = _client(personas.secretariat).post(
        "/indicators/imports/new/",
        {
            "indicator": catalogue["gdp_growth"].pk,
            "file": SimpleUploadedFile("t.xlsx", data),
            "vintage": "preliminary",
            "mode": "valid_rows",
        },
    )
    assert Observation.objects.filter(region__code="210000").count() == 2
    assert Observation.objects.count() == 2


def test_a_file_that_is_not_a_table_gets_a_clear_message(catalogue, personas):
    response = _client(personas.secretariat).post(
        "/indicators/imports/new/",
        {
            "indicator": catalogue["gdp"].pk,
            "file": SimpleUploadedFile("t.xlsx", b"not a zip at all"),
            "vintage": "preliminary",
            "mode": "all_or_nothing",
        },
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_year_to_date_values_become_period_values():
    values = {
        "2026-01/2026-02": Decimal(20),
        "2026-01/2026-03": Decimal(35),
        "2026-01/2026-06": Decimal(80),
        "2026-01/2026-07": Decimal(95),
    }
    assert discrete_periods(values) == {
        "2026-01/2026-02": Decimal(20),
        "2026-03": Decimal(15),
        "2026Q2": Decimal(45),
        "2026-07": Decimal(15),
    }


def test_growth_rates_cannot_be_turned_into_period_values(catalogue, personas):
    data = workbook([["地区", "2026年1—3月"], ["辽宁省", 5.0]], note="")
    response = _client(personas.secretariat).post(
        "/indicators/imports/new/",
        {
            "indicator": catalogue["gdp_growth"].pk,
            "file": SimpleUploadedFile("t.csv", data),
            "vintage": "preliminary",
            "mode": "all_or_nothing",
            "to_period_values": "on",
        },
    )
    assert response.status_code == 400


# --- targets ---------------------------------------------------------------------------------


def test_targets_are_read_from_a_plan_and_confirmed_by_the_secretariat(
    catalogue, regions, personas
):
    from zhenxing.policies.models import DivisionPlan, Task

    plan = DivisionPlan.objects.create(title="2026年政府工作报告重点工作分工方案")
    Task.objects.create(
        plan=plan, position=1, code="1", title="地区生产总值增长5.5%以上。（省发展改革委负责）"
    )
    Task.objects.create(
        plan=plan, position=2, code="2", title="一般公共预算收入增长3%左右。（省财政厅负责）"
    )
    Task.objects.create(plan=plan, position=3, code="3", title="推进国企改革。")
    client = _client(personas.secretariat)
    response = client.post(
        "/indicators/targets/propose/",
        {"plan": plan.pk, "region": regions["210000"].pk, "year": 2026},
    )
    assert response.status_code == 302
    proposed = {t.indicator.code: t for t in Target.objects.filter(status="proposed")}
    assert set(proposed) == {"gdp_growth", "fiscal_revenue_growth"}
    assert proposed["gdp_growth"].value == Decimal("5.5")
    assert proposed["gdp_growth"].comparison == "at_least"
    assert proposed["fiscal_revenue_growth"].comparison == "about"
    assert proposed["gdp_growth"].source_task.code == "1"
    page = client.get("/indicators/targets/?year=2026").content.decode()
    assert "待确认" in page and "5.5%以上" in page
    client.post(f"/indicators/targets/{proposed['gdp_growth'].pk}/confirm/")
    assert Target.objects.get(pk=proposed["gdp_growth"].pk).status == "confirmed"


def test_importing_a_plan_proposes_the_targets_its_tasks_state(catalogue, personas):
    """The division table's import itself proposes 增长6%以上-style targets for confirmation."""
    from zhenxing.policies.models import DivisionPlan
    from zhenxing.policies.tests.test_exchange import spreadsheet

    table = spreadsheet(
        [
            ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"],
            ["1", "地区生产总值增长6%以上。", "国家发展改革委", "财政部", "2026年底"],
            ["2", "推进国资国企改革。", "国家发展改革委", "", "2026年底"],
        ]
    )
    upload = SimpleUploadedFile("分工表.xlsx", table)
    client = _client(personas.secretariat)
    response = client.post(
        "/policies/plans/", {"file": upload, "title": "年度重点工作分工"}, follow=True
    )
    plan = DivisionPlan.objects.get(title="年度重点工作分工")
    target = Target.objects.get()
    assert (target.indicator.code, target.value, target.comparison, target.status) == (
        "gdp_growth",
        Decimal("6"),
        "at_least",
        "proposed",
    )
    assert target.source_task.plan == plan and target.region is None
    assert target.year == datetime.date.today().year
    assert "从任务中读出 1 个指标目标" in response.content.decode()


def test_a_plan_drafted_from_a_document_proposes_targets_for_the_documents_year(
    catalogue, personas
):
    from zhenxing.policies import services as policy_services

    with acting_as(user=personas.secretariat):
        document = policy_services.policy_document_import(
            user=personas.secretariat,
            filename="分工.txt",
            data="关于2025年重点工作的分工方案\n2025年3月1日\n一、经济发展\n"
            "（一）全省地区生产总值增长5%左右。（省发展改革委牵头，省统计局配合）\n".encode(),
        )
        document.issued_on = datetime.date(2025, 3, 1)
        document.save()
        policy_services.division_plan_propose(document=document, user=personas.secretariat)
    target = Target.objects.get()
    assert (target.indicator.code, target.year, target.comparison) == ("gdp_growth", 2025, "about")


def test_a_target_with_its_trajectory(catalogue, regions, personas):
    response = _client(personas.secretariat).post(
        "/indicators/targets/new/",
        {
            "indicator": catalogue["gdp_growth"].pk,
            "region": regions["210000"].pk,
            "year": 2026,
            "value": "5.5",
            "comparison": "at_least",
            "milestones": "2026-01/2026-03 = 5.0\n2026-01/2026-06 ＝ 5.3\n",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert {m.period: m.value for m in target.milestones.all()} == {
        "2026-01/2026-03": Decimal("5.0"),
        "2026-01/2026-06": Decimal("5.3"),
    }
    response = _client(personas.secretariat).post(
        "/indicators/targets/new/",
        {
            "indicator": catalogue["gdp_growth"].pk,
            "year": 2026,
            "value": "5",
            "comparison": "about",
            "milestones": "2025Q1 = 4",
        },
    )
    assert response.status_code == 200
    assert "不在目标年度内" in response.content.decode()


# --- operation analysis ----------------------------------------------------------------------


def test_the_analysis_compares_with_target_last_year_and_the_country(catalogue, regions):
    growth = growth_series(catalogue, regions)
    services.target_set(indicator=growth, region=regions["210000"], year=2026, value=Decimal("5.5"))
    result = selectors.operation_analysis(growth, regions["210000"], 2026)
    assert result.periods == ["2026-01/2026-03", "2026-01/2026-06", "2026-01/2026-09"]
    assert result.last_year == [None, None, Decimal("4.9")]
    assert result.national == [Decimal("5.2"), Decimal("5.2"), Decimal("5.1")]
    assert [code for code, _name, _value in result.ranking] == ["220000", "210000"]
    assert result.rank == 2
    # 4.8 is 0.7 points below the 5.5 target, under the 1-point rule; the gap to the country
    # widened by 0.3 points, under the 0.5 rule; two periods of decline (5.6 → 5.2 → 4.8).
    assert [(w.rule, w.colour) for w in result.warnings] == [("连续两期下降", "yellow")]
    assert result.colour == "yellow"
    assert result.paragraph == (
        "2026年1—9月，辽宁省地区生产总值同比增长4.8%，低于全国0.3个百分点，"
        "比1—6月回落0.4个百分点，低于年度目标（5.5%以上）0.7个百分点，"
        "在2个有数据的地区中居第2位。需关注：连续2期走低。"
    )


def test_warning_rules_are_data(catalogue, regions):
    from zhenxing.indicators.models import WarningRule

    growth = growth_series(catalogue, regions)
    services.target_set(indicator=growth, region=regions["210000"], year=2026, value=Decimal("5.5"))
    WarningRule.objects.filter(kind="below_trajectory", colour="red").update(
        threshold=Decimal("0.5")
    )
    WarningRule.objects.filter(kind="national_gap_widening").update(threshold=Decimal("0.2"))
    result = selectors.operation_analysis(growth, regions["210000"], 2026)
    assert {w.rule for w in result.warnings} == {
        "低于目标进度2个百分点以上",
        "连续两期下降",
        "与全国差距扩大0.5个百分点以上",
    }
    assert result.colour == "red"


def test_the_analysis_page_draws_and_keeps_the_edited_paragraph(catalogue, regions, personas):
    growth_series(catalogue, regions)
    url = "/indicators/gdp_growth/analysis/?region=210000&year=2026"
    secretariat = _client(personas.secretariat)
    page = secretariat.get(url).content.decode()
    assert 'id="analysis-chart"' in page and 'id="analysis-data"' in page
    assert "js/indicators/analysis.js" in page
    assert "2026年1—9月，辽宁省地区生产总值同比增长4.8%" in page
    response = secretariat.post(url, {"text": "前三季度，辽宁经济运行总体平稳，增速有所回落。"})
    assert response.status_code == 302
    reader_page = _client(personas.reader).get(url).content.decode()
    assert "前三季度，辽宁经济运行总体平稳，增速有所回落。" in reader_page
    assert _client(personas.reader).post(url, {"text": "x"}).status_code == 403


def test_the_region_by_period_table(catalogue, regions, personas):
    growth_series(catalogue, regions)
    page = (
        _client(personas.province_liaison)
        .get("/indicators/gdp_growth/?year=2026&years=2")
        .content.decode()
    )
    table = page[page.index('id="observation-matrix"') :]
    assert table.index("全国") < table.index("辽宁省") < table.index("吉林省")
    assert "2025-01/2025-09" in page and "2026-01/2026-09" in page


# --- API -------------------------------------------------------------------------------------


def test_the_api_records_lists_and_analyses(catalogue, regions, personas):
    growth_series(catalogue, regions)
    secretariat = _client(personas.secretariat)
    response = secretariat.post(
        "/api/v1/indicators/gdp_growth/observations",
        {"region_code": "230000", "period": "2026-01/2026-09", "value": "4.1"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["outcome"] == "created"
    liaison = _client(personas.province_liaison)
    assert (
        liaison.post(
            "/api/v1/indicators/gdp_growth/observations",
            {"period": "2026", "value": "1"},
            content_type="application/json",
        ).status_code
        == 403
    )
    listed = liaison.get("/api/v1/indicators/gdp_growth/observations?year=2026").json()
    assert len(listed) == 10
    analysis = liaison.get(
        "/api/v1/indicators/gdp_growth/analysis?region_code=210000&year=2026"
    ).json()
    assert [row["region_code"] for row in analysis["ranking"]] == ["220000", "210000", "230000"]
    assert analysis["rank"] == 2
    assert analysis["colour"] == "yellow"
    assert analysis["rows"][-1]["period"] == "2026-01/2026-09"
    bad = secretariat.post(
        "/api/v1/indicators/gdp_growth/observations",
        {"period": "秋天", "value": "1"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "期间" in bad.json()["detail"]
    assert liaison.get("/api/v1/indicators/nope/observations").status_code == 404
    assert liaison.get("/api/v1/indicators/gdp/observations?region_code=999999").status_code == 404


def test_the_api_imports_a_table_and_reports_bad_rows(catalogue, personas):
    data = workbook([["地区", "2026年1—3月"], ["辽宁省", 5.0], ["火星", 1]], note="")
    response = _client(personas.secretariat).post(
        "/api/v1/indicators/gdp_growth/imports",
        {"file": SimpleUploadedFile("t.xlsx", data)},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 4, "message": "无法识别的地区“火星”"}]


# --- who may do what -------------------------------------------------------------------------

SECRETARIAT = {"secretariat"}
PAGES = [
    ("get", "/indicators/", BUSINESS, 200),
    ("get", "/indicators/gdp_growth/", BUSINESS, 200),
    ("get", "/indicators/gdp_growth/analysis/?region=210000&year=2026", BUSINESS, 200),
    ("get", "/indicators/targets/", BUSINESS, 200),
    ("get", "/indicators/observations/{observation}/", BUSINESS, 200),
    ("get", "/indicators/new/", SECRETARIAT, 200),
    ("get", "/indicators/gdp_growth/edit/", SECRETARIAT, 200),
    ("get", "/indicators/observations/new/", SECRETARIAT, 200),
    ("get", "/indicators/imports/new/", SECRETARIAT, 200),
    ("get", "/indicators/targets/new/", SECRETARIAT, 200),
    ("post", "/indicators/targets/{target}/confirm/", SECRETARIAT, 302),
    ("post", "/indicators/gdp_growth/analysis/?region=210000&year=2026", SECRETARIAT, 302),
    ("get", "/api/v1/indicators", BUSINESS, 200),
    ("get", "/api/v1/indicators/gdp_growth/observations", BUSINESS, 200),
    ("get", "/api/v1/indicators/gdp_growth/targets", BUSINESS, 200),
    ("get", "/api/v1/indicators/gdp_growth/analysis?year=2026", BUSINESS, 200),
    ("post", "/api/v1/indicators/targets/{target}/confirm", SECRETARIAT, 200),
]


@pytest.mark.parametrize(
    "method, url, allowed, status", PAGES, ids=[f"{m} {u}" for m, u, *_ in PAGES]
)
def test_permissions(catalogue, regions, personas, method, url, allowed, status):
    growth = growth_series(catalogue, regions)
    target = services.target_set(
        indicator=growth,
        region=regions["210000"],
        year=2026,
        value=Decimal("5"),
        status=Target.Status.PROPOSED,
    )
    observation = Observation.objects.filter(indicator=growth).first()
    url = url.format(target=target.pk, observation=observation.pk)
    statuses = {}
    for name in PERSONA_NAMES:
        client = _client(getattr(personas, name))
        with transaction.atomic():
            if method == "post" and "analysis" in url:
                response = client.post(url, {"text": "段落"})
            else:
                response = getattr(client, method)(url)
            statuses[name] = response.status_code
            transaction.set_rollback(True)
    assert statuses == {name: status if name in allowed else 403 for name in PERSONA_NAMES}


def test_anonymous_visitors_are_sent_to_log_in(client, catalogue):
    for url in ("/indicators/", "/indicators/gdp/", "/indicators/targets/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/api/v1/indicators").status_code == 401


def _client(user):
    from zhenxing.testing import client_for

    with acting_as(user=user):
        return client_for(user)


# --- the progress report -----------------------------------------------------------------------


def test_the_progress_report_has_a_main_indicators_section(catalogue, regions, personas):
    from zhenxing.reports.builders import progress_report_content

    growth = growth_series(catalogue, regions)
    services.target_set(indicator=growth, region=regions["210000"], year=2026, value=Decimal("5.5"))
    services.analysis_note_save(
        indicator=growth,
        region=regions["220000"],
        period="2026-01/2026-09",
        text="吉林省经济增速稳中有升。",
        user=personas.secretariat,
    )
    # a value after the period's end is not in a report of the third quarter
    record(growth, regions["210000"], "2026-01/2026-12", 5.0)
    content = progress_report_content(period_label="2026Q3", today=datetime.date(2026, 10, 15))
    section = next(s for s in content.sections if s.key == "indicators")
    assert section.heading.endswith("主要指标完成情况")
    assert content.sections.index(section) == 3  # after overview, progress, lagging tasks
    rows = section.tables[0].rows
    assert rows == [
        ["地区生产总值增速", "辽宁省", "1—9月", "4.8", "4.9", "5.1", "5.5%以上", "黄灯"],
        ["地区生产总值增速", "吉林省", "1—9月", "5.3", "—", "5.1", "—", "绿灯"],
    ]
    assert section.paragraphs[0].startswith("2026年1—9月，辽宁省地区生产总值同比增长4.8%")
    assert section.paragraphs[1] == "吉林省经济增速稳中有升。"
    chart = section.charts[0]
    assert chart.categories == ["辽宁", "吉林"]
    assert chart.series == {"本地区": [4.8, 5.3], "全国": [5.1, 5.1]}


def test_no_indicator_section_without_values(catalogue):
    from zhenxing.reports.sections.indicators import section

    period = {"period_start": datetime.date(2026, 7, 1), "period_end": datetime.date(2026, 9, 30)}
    assert section(**period, mechanism=None) is None


# --- figures read from texts, recorded as observations -----------------------------------


def test_a_figure_from_a_text_is_recorded_in_the_indicators_unit(catalogue, personas):
    text = "2023年，辽宁省地区生产总值3.02万亿元，同比增长5.3%。"
    secretariat = _client(personas.secretariat)
    page = secretariat.post("/indicators/figures/", {"text": text}).content.decode()
    assert 'action="/indicators/figures/record/"' in page
    liaison_page = _client(personas.province_liaison).post("/indicators/figures/", {"text": text})
    assert 'action="/indicators/figures/record/"' not in liaison_page.content.decode()
    figure = {
        "value": "3020000000000",
        "unit": "CNY",
        "region": "辽宁省",
        "period": "2023",
        "sentence": "2023年，辽宁省地区生产总值3.02万亿元，同比增长5.3%。",
        "quantity": "3.02万亿元",
    }
    response = secretariat.post(
        "/indicators/figures/record/", figure | {"indicator": catalogue["gdp"].pk}
    )
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert (observation.indicator.code, observation.region.name, observation.period) == (
        "gdp",
        "辽宁省",
        "2023",
    )
    assert observation.value == Decimal("30200")  # 亿元
    assert observation.source_kind == "text"
    assert observation.source_sentence == figure["sentence"]
    # a money figure is no growth rate: refused with the reason, nothing recorded
    refused = secretariat.post(
        "/indicators/figures/record/",
        figure | {"indicator": catalogue["gdp_growth"].pk},
        follow=True,
    )
    assert "计量单位" in refused.content.decode()
    assert Observation.objects.count() == 1
    assert (
        _client(personas.province_liaison)
        .post("/indicators/figures/record/", figure | {"indicator": catalogue["gdp"].pk})
        .status_code
        == 403
    )


def test_a_signing_figure_from_a_text_fills_in_an_events_announced_figures(catalogue, personas):
    """签约项目224个、金额845.63亿元 in a news text → the expo's announced count and amount, with
    the sentence as source, after the person checks the filled-in form (nothing written before)."""
    from zhenxing.projects.models import SigningEvent

    with acting_as(user=personas.secretariat):
        event = SigningEvent.objects.create(
            name="第三十二届哈尔滨国际经济贸易洽谈会", start_date=datetime.date(2023, 6, 15)
        )
    text = "本届洽谈会共签约项目224个，签约金额845.63亿元。"
    secretariat = _client(personas.secretariat)
    page = secretariat.post("/indicators/figures/", {"text": text}).content.decode()
    assert page.count('action="/projects/events/announce/"') == 2
    assert 'name="amount" value="84563000000' in page and 'name="count" value="224"' in page
    liaison_page = _client(personas.province_liaison).post("/indicators/figures/", {"text": text})
    assert "/projects/events/announce/" not in liaison_page.content.decode()
    chooser = secretariat.get(
        "/projects/events/announce/", {"amount": "84563000000", "source": text}
    ).content.decode()
    assert "公布签约金额 8456300 万元" in chooser and f'<option value="{event.pk}">' in chooser

    handed_on = secretariat.get(
        "/projects/events/announce/",
        {"event": event.pk, "amount": "84563000000", "source": text},
    )
    assert handed_on.status_code == 302
    assert handed_on["Location"].startswith(f"/projects/events/{event.pk}/edit/?")
    form = secretariat.get(handed_on["Location"]).content.decode()
    assert 'id="proposed-figure"' in form and 'value="8456300' in form and text in form
    event.refresh_from_db()
    assert event.announced_amount is None  # proposed, not written
    new_event = secretariat.get("/projects/events/announce/", {"event": "", "count": "224"})
    assert new_event["Location"] == "/projects/events/new/?count=224"
    assert 'value="224"' in secretariat.get(new_event["Location"]).content.decode()

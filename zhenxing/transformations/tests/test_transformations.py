"""Transformation evaluation of resource-exhausted cities: the scoring rule worked by hand, the
permission matrices of every page and endpoint, drafts read only by those who see everything,
the import (each bad row by number, nothing written), publication, the Excel and Word files,
the report's section and the demo data."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.orgs.models import Region
from zhenxing.programmes.models import Designation
from zhenxing.programmes.tests.conftest import business_roles_read, secretariat_only
from zhenxing.reports.builders import progress_report_content
from zhenxing.testing import client_for, expect, outcome
from zhenxing.transformations import selectors, services
from zhenxing.transformations.models import Evaluation, EvaluationIndicator, EvaluationValue

URL = "/transformations/"
API = "/api/v1/transformations"
SEE_EVERYTHING = ("secretariat", "reader", "inspector")


@pytest.fixture
def cities(shipped_data, db):
    """Fuxin, Yichun and Liaoyuan designated resource-exhausted from 2008, and a set of two
    indicators: output growth (higher is better, weight 60) and unemployment (lower, 40)."""
    for code in ("210900", "230700", "220400"):
        Designation.objects.create(
            region=Region.objects.get(code=code),
            kind=Designation.Kind.RESOURCE_EXHAUSTED_CITY,
            batch=1,
            document_title="第一批资源枯竭城市名单",
            first_year=2008,
        )
    EvaluationIndicator.objects.create(
        code="growth", name="增速", group="economy", unit="%", direction="higher", weight=60
    )
    EvaluationIndicator.objects.create(
        code="unemployment", name="失业率", group="livelihood", unit="%", direction="lower",
        weight=40, position=2,
    )  # fmt: skip
    return {code: Region.objects.get(code=code) for code in ("210900", "230700", "220400")}


def _values(evaluation, cities, table):
    for code, (growth, unemployment) in table.items():
        services.evaluation_values_set(
            evaluation=evaluation,
            region=cities[code],
            values={"growth": growth, "unemployment": unemployment},
        )


@pytest.fixture
def evaluations(mechanism, cities):
    """2025 published (Yichun 60, Liaoyuan 50, Fuxin 40) and 2026 a draft with no values."""
    published = services.evaluation_create(year=2025, mechanism=mechanism)
    _values(
        published,
        cities,
        {"210900": (Decimal(10), Decimal(2)), "230700": (Decimal(20), Decimal(6)),
         "220400": (Decimal(15), Decimal(4))},
    )  # fmt: skip
    services.evaluation_publish(evaluation=published)
    draft = services.evaluation_create(year=2026, mechanism=mechanism)
    return published, draft


@pytest.mark.django_db
def test_the_scoring_rule_by_hand(mechanism, cities, evaluations):
    published, draft = evaluations
    rows = selectors.scores(published)
    # growth: 10→0, 20→100, 15→50 (×0.6); unemployment, lower better: 2→100, 6→0, 4→50 (×0.4)
    assert [(row.region.name, row.score, row.rank) for row in rows] == [
        ("伊春市", Decimal("60.00"), 1),
        ("辽源市", Decimal("50.00"), 2),
        ("阜新市", Decimal("40.00"), 3),
    ]
    assert rows[2].groups == {"economy": Decimal("0.00"), "livelihood": Decimal("40.00")}
    # equal values score 100 each and share a rank; a missing value scores 0 on it
    _values(draft, cities, {"210900": (Decimal(5), None), "230700": (Decimal(5), Decimal(3))})
    rows = selectors.scores(draft)
    assert [(row.region.code, row.score, row.rank, row.missing) for row in rows] == [
        ("230700", Decimal("100.00"), 1, 0),
        ("210900", Decimal("60.00"), 2, 1),
        ("220400", Decimal("0.00"), 3, 2),
    ]
    services.evaluation_values_set(
        evaluation=draft, region=cities["220400"],
        values={"growth": Decimal(5), "unemployment": Decimal(3)},
    )  # fmt: skip
    ranks = [(row.region.code, row.rank) for row in selectors.scores(draft)]
    assert ranks == [("220400", 1), ("230700", 1), ("210900", 3)]


def test_permission_matrices_of_the_pages(people, evaluations):
    published, draft = evaluations
    for url in (URL, f"{URL}{published.pk}/", f"{URL}{published.pk}/?format=xlsx",
                f"{URL}{published.pk}/?format=docx"):  # fmt: skip
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == business_roles_read("login"), url
    readers = business_roles_read("login")
    not_everything = [name for name, value in readers.items() if value == 200]
    actual = {n: outcome(client_for(u).get(f"{URL}{draft.pk}/")) for n, u in people.items()}
    assert actual == readers | {name: 404 for name in not_everything if name not in SEE_EVERYTHING}
    for url in (f"{URL}{draft.pk}/import/", f"{URL}{draft.pk}/cities/210900/"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == secretariat_only(200) | {
            name: 404 for name in not_everything if name not in SEE_EVERYTHING
        }, url
    # a published evaluation's values are kept: nobody opens its forms
    actual = {
        n: outcome(client_for(u).get(f"{URL}{published.pk}/import/")) for n, u in people.items()
    }
    assert actual == secretariat_only(403)
    actual = {}
    for year, (name, user) in enumerate(people.items(), start=2030):
        actual[name] = outcome(client_for(user).post(URL, {"year": year}))
    created = Evaluation.objects.get(year=2030 + list(people).index("secretariat"))
    assert actual == secretariat_only(f"{URL}{created.pk}/")
    assert Evaluation.objects.count() == 3


def test_permission_matrices_of_the_api(people, evaluations):
    published, draft = evaluations
    for url in (f"{API}/indicators", f"{API}/evaluations", f"{API}/evaluations/{published.pk}"):
        actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
        assert actual == business_roles_read(401), url
    actual = {}
    for name, user in people.items():
        response = client_for(user).put(
            f"{API}/evaluations/{draft.pk}/cities/210900",
            {"values": {"growth": "3.5"}},
            content_type="application/json",
        )
        actual[name] = response.status_code
    readers = business_roles_read(401)
    assert actual == expect(403, inactive=401, anonymous=401, secretariat=200) | {
        name: 404 for name, value in readers.items() if value == 200 and name not in SEE_EVERYTHING
    }
    listed = client_for(people["outsider"]).get(f"{API}/evaluations").json()
    assert [row["year"] for row in listed] == [2025]
    body = client_for(people["outsider"]).get(f"{API}/evaluations/{published.pk}").json()
    assert [(c["region_code"], c["rank"]) for c in body["cities"]][0] == ("230700", 1)


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("数值.csv", text.encode("utf-8"), content_type="text/csv")


@pytest.mark.django_db
def test_the_import_reports_each_bad_row_and_writes_nothing(personas, evaluations):
    _published, draft = evaluations
    client = client_for(personas.secretariat)
    url = f"{URL}{draft.pk}/import/"
    bad = "城市,增速,unemployment\n阜新市,5.5,4.1\n沈阳市,1,1\n伊春市,快,3\n220400,6,\n"
    response = client.post(url, {"file": _csv(bad)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "第3行：不是本年度评价的城市：沈阳市" in page and "第4行：“快”不是数字。" in page
    assert not EvaluationValue.objects.filter(evaluation=draft).exists()
    response = client.post(url, {"file": _csv("城市,增速,产值\n阜新市,1,2\n")})
    assert "第1行：不认识的指标：产值" in response.content.decode()
    good = "城市,增速,unemployment\n阜新市,5.5,4.1\n伊春市,6,3\n220400,6,\n"
    assert client.post(url, {"file": _csv(good)}).status_code == 302
    values = EvaluationValue.objects.filter(evaluation=draft)
    assert values.count() == 5  # Liaoyuan's empty unemployment cell is left as it was (none)
    assert values.get(region__code="210900", indicator__code="unemployment").value == Decimal("4.1")
    record = ChangeRecord.objects.filter(content_type__app_label="transformations").latest("pk")
    assert record.content_type.model == "evaluationvalue"


@pytest.mark.django_db
def test_publication_needs_every_value_and_then_freezes_them(personas, cities, evaluations):
    published, draft = evaluations
    client = client_for(personas.secretariat)
    client.post(f"{URL}{draft.pk}/cities/210900/", {"growth": "4", "unemployment": "5"})
    assert EvaluationValue.objects.filter(evaluation=draft, region=cities["210900"]).count() == 2
    response = client.post(f"{URL}{draft.pk}/publish/", follow=True)
    assert "以下城市数值不全，不能发布：辽源市、伊春市" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Evaluation.Status.DRAFT
    response = client_for(personas.secretariat).put(
        f"{API}/evaluations/{published.pk}/cities/210900",
        {"values": {"growth": "1"}},
        content_type="application/json",
    )
    assert response.status_code == 403  # the page and the API: a published year is not edited
    with pytest.raises(Exception, match="评价已发布"):
        services.evaluation_values_set(
            evaluation=published, region=cities["210900"], values={"growth": Decimal(1)}
        )


@pytest.mark.django_db
def test_the_evaluation_as_excel_and_word(personas, evaluations):
    published, _draft = evaluations
    client = client_for(personas.reader)
    workbook = CalamineWorkbook.from_filelike(
        io.BytesIO(client.get(f"{URL}{published.pk}/", {"format": "xlsx"}).content)
    )
    ranking = workbook.get_sheet_by_index(0).to_python()
    assert [1, "伊春市", 60] in [row[:3] for row in ranking]
    document = docx.Document(
        io.BytesIO(client.get(f"{URL}{published.pk}/", {"format": "docx"}).content)
    )
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "2025年度资源枯竭城市转型绩效评价报告" in text
    assert "伊春市以60.00分排名第一；阜新市得分40.00分" in text
    assert [cell.text for cell in document.tables[0].rows[1].cells][:3] == ["1", "伊春市", "60.00"]
    page = client.get(f"{URL}{published.pk}/").content.decode()
    assert "逆向指标按（最大值−数值）÷（最大值−最小值）×100计" in page


@pytest.mark.django_db
def test_the_reports_have_a_transformation_section(mechanism, evaluations):
    content = progress_report_content(
        period_label="2026Q1", mechanism=mechanism, today=datetime.date(2026, 4, 10)
    )
    section = next(s for s in content.sections if s.heading.endswith("转型绩效评价情况"))
    assert section.paragraphs[0] == (
        "2025年度资源枯竭城市转型绩效评价共评价3个城市，得分前三位的是伊春市（60.00分）、"
        "辽源市（50.00分）、阜新市（40.00分）；得分靠后的是阜新市（40.00分）、辽源市（50.00分）、"
        "伊春市（60.00分）。"
    )
    earlier = progress_report_content(
        period_label="2024", mechanism=mechanism, today=datetime.date(2026, 4, 10)
    )
    assert not any("转型绩效评价" in s.heading for s in earlier.sections)


@pytest.mark.django_db
def test_demo_data_tells_the_story(shipped_data, mechanism):
    from zhenxing.programmes.services import designations_load_shipped
    from zhenxing.transformations import demo

    designations_load_shipped()  # as demo-data does first (programmes' demo)
    today = datetime.date(2026, 12, 7)
    summary = demo.populate(secretariat=None, mechanism=mechanism, plan=None, today=today)
    evaluation = Evaluation.objects.get(year=2025)
    assert evaluation.status == Evaluation.Status.PUBLISHED
    rows = selectors.scores(evaluation)
    names = [row.region.name for row in rows]
    assert {
        "阜新市",
        "抚顺市",
        "伊春市",
        "辽源市",
        "白山市",
        "鹤岗市",
        "双鸭山市",
        "七台河市",
    } <= set(names)
    assert names[-2:] == ["双鸭山市", "鹤岗市"] and rows[0].region.name in ("辽源市", "阜新市")
    assert summary.startswith(f"转型绩效评价：2025年评价{len(rows)}个资源枯竭城市，第一名")
    assert sum(i.weight for i in EvaluationIndicator.objects.all()) == 100
    assert demo.populate(secretariat=None, mechanism=mechanism, plan=None, today=today) == summary


def test_permission_matrices_of_the_writes(people, cities, evaluations):
    _published, draft = evaluations
    readers = business_roles_read("login")
    hidden = {n: 404 for n, v in readers.items() if v == 200 and n not in SEE_EVERYTHING}
    url = f"{URL}{draft.pk}/cities/210900/"
    actual = {n: outcome(client_for(u).post(url, {"growth": "1"})) for n, u in people.items()}
    assert actual == secretariat_only(f"{URL}{draft.pk}/") | hidden
    url = f"{URL}{draft.pk}/publish/"
    actual = {n: outcome(client_for(u).post(url)) for n, u in people.items()}
    assert actual == secretariat_only(f"{URL}{draft.pk}/") | hidden  # refused: values missing
    api_hidden = dict.fromkeys(hidden, 404)
    signed_out = {"inactive": 401, "anonymous": 401}
    actual = {
        n: client_for(u).post(f"{API}/evaluations/{draft.pk}/publish").status_code
        for n, u in people.items()
    }
    assert actual == expect(403, **signed_out, secretariat=400) | api_hidden
    actual = {}
    for year, (name, user) in enumerate(people.items(), start=2040):
        response = client_for(user).post(
            f"{API}/evaluations", {"year": year}, content_type="application/json"
        )
        actual[name] = response.status_code
    assert actual == expect(403, **signed_out, secretariat=201)

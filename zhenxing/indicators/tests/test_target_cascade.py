"""Targets cascade (issue 17): a national target split among provinces and a province's share
split on to a city; roll-up by sum or weighted mean, allocation and achievement gaps with
provenance, the light, the split page and API, who sees and splits what, the export."""

import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from zhenxing.audit.models import ChangeRecord
from zhenxing.indicators.cascade import Share, target_split, target_tree
from zhenxing.indicators.models import Indicator, Target
from zhenxing.indicators.services import catalogue_load_shipped, observation_record, target_set
from zhenxing.indicators.tests.conftest import business_roles_only
from zhenxing.mechanisms.models import Mechanism
from zhenxing.orgs.models import Region
from zhenxing.testing import client_for, expect, level_secretariats, outcome

YEAR = 2026
LIAONING, JILIN, HEILONGJIANG, INNER_MONGOLIA, FUXIN = (
    "210000",
    "220000",
    "230000",
    "150000",
    "210900",
)


@pytest.fixture
def levels(mechanism, personas):
    catalogue_load_shipped()
    secretariats = level_secretariats()
    city = Mechanism.objects.get(code="fuxin")
    regions = Region.objects.in_bulk(
        [LIAONING, JILIN, HEILONGJIANG, INNER_MONGOLIA, FUXIN], field_name="code"
    )
    growth = Indicator.objects.get(code="fixed_asset_investment_growth")
    gdp = Indicator.objects.get(code="gdp")
    return {
        "regions": regions,
        "growth": growth,
        "gdp": gdp,
        "growth_target": target_set(indicator=growth, region=None, year=YEAR, value=Decimal(5)),
        "gdp_target": target_set(indicator=gdp, region=None, year=YEAR, value=Decimal(100)),
        "city": city,
        "province": city.parent,
        **secretariats,
    }


def shares(levels, values: dict) -> list[Share]:
    regions = levels["regions"]
    return [
        Share(regions[code], Decimal(str(value)), None if weight is None else Decimal(str(weight)))
        for code, (value, weight) in values.items()
    ]


def record(levels, indicator, code, period, value):
    region = levels["regions"][code] if code else None
    observation_record(indicator=indicator, region=region, period=period, value=Decimal(value))


# --- the roll-up rules ---------------------------------------------------------------------


def test_levels_add_up_and_an_unequal_split_is_refused_unless_the_gap_is_allowed(levels):
    target = levels["gdp_target"]
    with pytest.raises(Exception) as refused:
        target_split(
            target=target, shares=shares(levels, {LIAONING: (40, None), JILIN: (35, None)})
        )
    assert "相差25" in str(refused.value) and "未分足" in str(refused.value)
    assert not Target.objects.filter(parent=target).exists()  # nothing half-saved

    target_split(
        target=target,
        shares=shares(levels, {LIAONING: (40, None), JILIN: (35, None), HEILONGJIANG: (25, None)}),
    )
    [root] = target_tree(levels["gdp"], YEAR, levels["province"].parent)
    assert root.allocated == Decimal(100) and root.allocation_gap == 0
    assert [child.place for child in root.children] == ["辽宁省", "吉林省", "黑龙江省"]
    # Liaoning's share is held by the provincial mechanism, the others stay with the nation.
    assert [child.target.mechanism_id for child in root.children] == [
        levels["province"].pk,
        None,
        None,
    ]


def test_rates_take_the_weighted_mean_not_the_plain_mean(levels):
    target = levels["growth_target"]  # 5%
    # plain mean (6 + 4) / 2 = 5 would pass; weighted (6×1 + 4×3) / 4 = 4.5 does not
    split = shares(levels, {LIAONING: (6, 1), JILIN: (4, 3)})
    with pytest.raises(Exception) as refused:
        target_split(target=target, shares=split)
    assert "合计为4.5" in str(refused.value) and "加权平均" in str(refused.value)
    target_split(target=target, shares=split, allow_gap=True)
    [root] = target_tree(levels["growth"], YEAR, levels["province"].parent)
    assert root.allocated == Decimal("4.5") and root.allocation_gap == Decimal("0.5")
    # weights balanced to give exactly 5: accepted without allowing a gap
    target_split(target=target, shares=shares(levels, {LIAONING: (6, 1), JILIN: (4, 1)}))


def test_each_bad_row_is_named_and_nothing_is_written(levels):
    target = levels["growth_target"]
    bad = shares(levels, {LIAONING: (5, None), FUXIN: (5, 1)})
    bad.append(Share(levels["regions"][JILIN], Decimal(5), Decimal(-1)))
    bad.append(Share(levels["regions"][JILIN], Decimal(5), Decimal(1)))
    with pytest.raises(Exception) as refused:
        target_split(target=target, shares=bad)
    messages = refused.value.messages
    assert "第1行：辽宁省缺少权数（速度、比重类指标按权数加权平均）。" in messages
    assert "第2行：阜新市不是全国的下一级地区。" in messages
    assert "第3行：吉林省的权数应大于零且在允许范围内。" in messages
    assert "第4行：吉林省重复填写。" in messages
    assert not Target.objects.filter(parent=target).exists()


# --- actuals, gaps, provenance and the light --------------------------------------------------


def test_achievement_gap_from_the_children_where_the_parent_has_no_actual(levels):
    gdp = levels["gdp"]
    target_split(
        target=levels["gdp_target"],
        shares=shares(levels, {LIAONING: (60, None), JILIN: (40, None)}),
    )
    record(levels, gdp, LIAONING, "2026-01/2026-06", "31")
    record(levels, gdp, JILIN, "2026-01/2026-03", "9")  # an older period: not added in
    record(levels, gdp, JILIN, "2026-01/2026-06", "18")
    [root] = target_tree(gdp, YEAR, levels["province"].parent)
    assert root.actual.value == Decimal(49) and root.actual.rolled_up
    assert root.actual.period == "2026-01/2026-06"
    assert root.actual.provenance == [
        ("辽宁省", Decimal(31), "2026-01/2026-06"),
        ("吉林省", Decimal(18), "2026-01/2026-06"),
    ]
    assert root.achievement_gap == Decimal(51)
    # half the year gone: 50 expected, 49 is 2% behind, red by the shipped rules (≥2)
    assert root.expected == Decimal(50) and root.shortfall == Decimal(2)
    assert root.colour == "red"
    # A national figure of its own wins over the roll-up.
    record(levels, gdp, None, "2026-01/2026-06", "52")
    [root] = target_tree(gdp, YEAR, levels["province"].parent)
    assert root.actual.value == Decimal(52) and not root.actual.rolled_up
    assert root.colour == "green"


def test_rolled_up_rate_is_weighted_and_partial_when_a_child_is_silent(levels):
    growth = levels["growth"]
    target_split(
        target=levels["growth_target"],
        shares=shares(levels, {LIAONING: (6, 3), JILIN: (5, 1), HEILONGJIANG: (2, 1)}),
    )
    record(levels, growth, LIAONING, "2026-01/2026-09", "4")
    record(levels, growth, JILIN, "2026-01/2026-09", "0")
    [root] = target_tree(growth, YEAR, levels["province"].parent)
    assert root.actual.value == Decimal(3)  # (4×3 + 0×1) / 4, not the plain mean 2
    assert root.actual.partial
    assert root.actual.provenance[2] == ("黑龙江省", None, "")
    assert root.shortfall == Decimal(2) and root.colour == "red"
    liaoning, jilin, _heilongjiang = root.children
    assert liaoning.colour == "red" and liaoning.achievement_gap == Decimal(2)
    assert jilin.colour == "red"
    record(levels, growth, LIAONING, "2026-01/2026-09", "5")
    [root] = target_tree(growth, YEAR, levels["province"].parent)
    assert root.children[0].colour == "yellow"  # 1 point behind


# --- who sees and splits what -----------------------------------------------------------------


def split_url(target) -> str:
    return f"/indicators/targets/{target.pk}/split/"


def test_split_page_permission_matrix(people, levels):
    target = levels["gdp_target"]
    expected = expect(403, anonymous="login", inactive="login", secretariat=200)
    actual = {
        name: outcome(client_for(user).get(split_url(target))) for name, user in people.items()
    }
    assert actual == expected
    post = {"value_210000": "100"}
    expected["secretariat"] = "/indicators/gdp/?year=2026#target-tree"
    actual = {
        name: outcome(client_for(user).post(split_url(target), post))
        for name, user in people.items()
    }
    assert actual == expected
    assert Target.objects.get(parent=target).value == Decimal(100)
    # The provincial secretariat works in the province, not in the nation.
    assert outcome(client_for(levels["liaoning"]).get(split_url(target))) == 404


def test_the_split_form_keeps_what_was_typed_and_names_each_error(personas, levels):
    client = client_for(personas.secretariat)
    target = levels["growth_target"]
    response = client.post(split_url(target), {"value_210000": "5.5", "value_220000": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "第1行：辽宁省缺少权数" in page and "第2行：吉林省缺少权数" in page
    assert 'value="5.5"' in page and 'value="4"' in page
    assert not Target.objects.filter(parent=target).exists()
    response = client.post(
        split_url(target),
        {"value_210000": "5.5", "weight_210000": "1", "value_220000": "4.5", "weight_220000": "1"},
    )
    assert response.status_code == 302
    changes = ChangeRecord.objects.filter(content_type__model="target", action="create")
    assert changes.count() >= 2
    page = client.get("/indicators/fixed_asset_investment_growth/?year=2026").content.decode()
    assert 'id="target-tree-table"' in page and "加权平均（按权数）" in page


def test_lower_mechanisms_see_their_share_and_its_children_and_split_only_theirs(levels, personas):
    target_split(
        target=levels["gdp_target"],
        shares=shares(levels, {LIAONING: (60, None), JILIN: (40, None)}),
    )
    liaoning_share = Target.objects.get(region=levels["regions"][LIAONING], indicator=levels["gdp"])
    provincial = client_for(levels["liaoning"])
    response = provincial.post(split_url(liaoning_share), {"value_210900": "6", "allow_gap": "on"})
    assert response.status_code == 302
    city_share = Target.objects.get(parent=liaoning_share)
    assert city_share.mechanism == levels["city"]

    rows = provincial.get("/indicators/gdp/?year=2026").context["target_rows"]
    assert [(row.depth, row.place) for row in rows] == [(0, "辽宁省"), (1, "阜新市")]
    assert rows[0].allocation_gap == Decimal(54)
    city = client_for(levels["fuxin"]).get("/indicators/gdp/?year=2026")
    assert [row.place for row in city.context["target_rows"]] == ["阜新市"]
    assert city.context["splittable"] == {city_share.pk}
    national = client_for(personas.secretariat).get("/indicators/gdp/?year=2026")
    assert [(row.depth, row.place) for row in national.context["target_rows"]] == [
        (0, "全国"),
        (1, "辽宁省"),
        (2, "阜新市"),
        (1, "吉林省"),
    ]
    assert national.context["splittable"] == {
        levels["gdp_target"].pk,
        Target.objects.get(region=levels["regions"][JILIN], indicator=levels["gdp"]).pk,
    }
    assert provincial.get(split_url(levels["gdp_target"])).status_code == 404
    assert client_for(levels["fuxin"]).get(split_url(liaoning_share)).status_code == 404


def test_export_permission_matrix_and_content(people, levels):
    url = "/indicators/gdp/targets.xlsx?year=2026"
    expected = business_roles_only("login")
    actual = {name: outcome(client_for(user).get(url)) for name, user in people.items()}
    assert actual == expected
    target_split(
        target=levels["gdp_target"],
        shares=shares(levels, {LIAONING: (60, None), JILIN: (30, None)}),
        allow_gap=True,
    )
    Target.objects.filter(region=levels["regions"][JILIN]).update(source_text="=HYPERLINK(1)")
    content = client_for(people["reader"]).get(url).content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    header = rows.index(next(row for row in rows if row and row[0] == "层级"))
    body = rows[header + 1 :]
    assert [(row[1].strip("　"), row[3], row[6]) for row in body] == [
        ("全国", 100, 10),
        ("辽宁省", 60, ""),
        ("吉林省", 30, ""),
    ]
    assert "求和" in rows[1][0]


# --- the API ------------------------------------------------------------------------------------


def test_api_permission_matrix(people, levels):
    tree = "/api/v1/indicators/gdp/target-tree?year=2026"
    expected = business_roles_only(401)
    actual = {name: client_for(user).get(tree).status_code for name, user in people.items()}
    assert actual == expected
    url = f"/api/v1/indicators/targets/{levels['gdp_target'].pk}/split"
    body = {"shares": [{"region_code": LIAONING, "value": "100"}]}
    expected = expect(403, anonymous=401, inactive=401, secretariat=200)
    actual = {
        name: client_for(user).post(url, body, content_type="application/json").status_code
        for name, user in people.items()
    }
    assert actual == expected


def test_api_tree_and_split_use_the_same_rules(personas, levels):
    client = client_for(personas.secretariat)
    url = f"/api/v1/indicators/targets/{levels['growth_target'].pk}/split"
    response = client.post(
        url,
        {
            "shares": [
                {"region_code": LIAONING, "value": "6"},
                {"region_code": "999999", "value": 1},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["errors"] == [
        "未知的行政区划代码“999999”。"
    ]
    response = client.post(
        url,
        {
            "shares": [
                {"region_code": LIAONING, "value": "6", "weight": "1"},
                {"region_code": JILIN, "value": "4", "weight": "3"},
            ]
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "合计为4.5" in response.json()["detail"]
    record(levels, levels["growth"], LIAONING, "2026-01/2026-03", "5")
    response = client.post(
        url,
        {
            "shares": [
                {"region_code": LIAONING, "value": "6", "weight": "1"},
                {"region_code": JILIN, "value": "4", "weight": "3"},
            ],
            "allow_gap": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    [root] = response.json()["targets"]
    assert Decimal(root["allocated"]) == Decimal("4.5")
    assert Decimal(root["allocation_gap"]) == Decimal("0.5")
    assert root["actual_rolled_up"] and root["actual_partial"]
    assert [child["region_code"] for child in root["children"]] == [LIAONING, JILIN]
    again = client.get("/api/v1/indicators/fixed_asset_investment_growth/target-tree?year=2026")
    assert again.json() == response.json()
    provincial = client_for(levels["liaoning"])
    assert (
        provincial.get(
            "/api/v1/indicators/gdp/target-tree?year=2026&mechanism=northeast"
        ).status_code
        == 403
    )
    mine = provincial.get("/api/v1/indicators/fixed_asset_investment_growth/target-tree?year=2026")
    assert [node["region"] for node in mine.json()["targets"]] == ["辽宁省"]

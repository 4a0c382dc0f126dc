"""Alias lookup: exact after normalisation, never fuzzy; region and date decide ambiguous names."""

import datetime

import pytest

from zhenxing.orgs.models import Region, Unit
from zhenxing.orgs.selectors import UnitNameIndex, find_unit, find_units
from zhenxing.testing import client_for

BEFORE_REFORM = datetime.date(2022, 1, 1)
AFTER_REFORM = datetime.date(2023, 6, 1)


def code_of(unit):
    return unit.code if unit is not None else None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("国家发展和改革委员会", "ndrc"),
        ("国家发展改革委", "ndrc"),
        ("发展改革委", "ndrc"),
        ("国家发改委", "ndrc"),
        ("NDRC", "ndrc"),
        ("ndrc", "ndrc"),
        ("中央财政", "mof"),
        ("财政部", "mof"),
        ("国务院国资委", "sasac"),
        ("国家发展和改革委员会地区经济司", "ndrc-regional-economy"),
        # PDF extraction noise: spaces, full-width forms, line breaks.
        ("国家 发展改革委", "ndrc"),
        ("国家发展\n改革委", "ndrc"),
        ("ＮＤＲＣ", "ndrc"),
        ("Ｎ Ｄ Ｒ Ｃ", "ndrc"),
        ("　财政部　", "mof"),
    ],
)
def test_exact_lookup_by_any_name(mechanism, name, code):
    assert code_of(find_unit(name)) == code


@pytest.mark.parametrize(
    "name", ["发展改革", "国家发展", "改革委", "财政", "NDR", "国家发展改革委员", ""]
)
def test_partial_names_do_not_match(mechanism, name):
    assert find_units(name) == []


PROVINCIAL_COMMISSIONS = {"liaoning-drc", "jilin-drc", "heilongjiang-drc"}


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        ("210000", "liaoning-drc"),
        ("220000", "jilin-drc"),
        ("230000", "heilongjiang-drc"),
        ("liaoning-government", "liaoning-drc"),
        ("jilin-government", "jilin-drc"),
        ("heilongjiang-drc", "heilongjiang-drc"),
        # A city's documents name its own province's commission.
        ("210200", "liaoning-drc"),
        ("dalian-government", "liaoning-drc"),
    ],
)
def test_ambiguous_provincial_name_resolves_within_context(mechanism, within, expected):
    context = Region.objects.filter(code=within).first() or Unit.objects.get(code=within)
    assert [unit.code for unit in find_units("省发展改革委", within=context)] == [expected]


def test_ambiguous_name_without_context_returns_every_candidate(mechanism):
    assert {unit.code for unit in find_units("省发展改革委")} >= PROVINCIAL_COMMISSIONS


def test_context_does_not_override_an_unambiguous_name(mechanism):
    liaoning = Region.objects.get(code="210000")
    assert code_of(find_unit("国家发展改革委", within=liaoning)) == "ndrc"


@pytest.mark.parametrize(
    ("name", "on_date", "code"),
    [
        ("银保监会", BEFORE_REFORM, "cbirc"),
        ("中国银行保险监督管理委员会", BEFORE_REFORM, "cbirc"),
        ("银保监会", datetime.date(2023, 5, 17), "cbirc"),
        ("银保监会", datetime.date(2023, 5, 18), "nfra"),
        ("银保监会", AFTER_REFORM, "nfra"),
        ("银保监会", None, "nfra"),
        ("金融监管总局", AFTER_REFORM, "nfra"),
    ],
)
def test_dissolved_unit_names_resolve_by_date(mechanism, name, on_date, code):
    assert code_of(find_unit(name, on_date=on_date)) == code


def test_single_lookup_makes_at_most_three_queries(mechanism, django_assert_max_num_queries):
    liaoning = Region.objects.get(code="210000")
    jilin = Unit.objects.get(code="jilin-government")
    with django_assert_max_num_queries(3):
        find_units("国家发展改革委")
    with django_assert_max_num_queries(3):
        find_units("银保监会", on_date=AFTER_REFORM)
    with django_assert_max_num_queries(3):
        find_units("省发展改革委", within=liaoning)
    with django_assert_max_num_queries(3):
        find_units("省发展改革委", within=jilin)


def test_name_index_answers_from_memory(mechanism, django_assert_num_queries):
    index = UnitNameIndex()
    ndrc, mof, nfra, cbirc, liaoning_drc, jilin_drc = (
        Unit.objects.get(code=code).pk
        for code in ["ndrc", "mof", "nfra", "cbirc", "liaoning-drc", "jilin-drc"]
    )
    with django_assert_num_queries(0):
        assert index.resolve_ids("国家 发改委") == [ndrc]
        assert index.resolve_ids("ＭＯＦ") == [mof]
        assert index.resolve_ids("银保监会", on_date=AFTER_REFORM) == [nfra]
        assert index.resolve_ids("银保监会", on_date=BEFORE_REFORM) == [cbirc]
        assert index.resolve_ids("省发展改革委", region_code="210000") == [liaoning_drc]
        assert index.resolve_ids("省发展改革委", region_code="220000") == [jilin_drc]
        assert index.resolve_ids("发展改") == []


def test_api_lookup_route(personas):
    client = client_for(personas.secretariat)

    def lookup(**params):
        response = client.get("/api/v1/units/lookup", params)
        assert response.status_code == 200
        return [row["code"] for row in response.json()]

    assert lookup(name="国家 发改委") == ["ndrc"]
    assert lookup(name="ＮＤＲＣ") == ["ndrc"]
    assert lookup(name="发展改革") == []
    assert lookup(name="省发展改革委", within="210000") == ["liaoning-drc"]
    assert lookup(name="省发展改革委", within="jilin-government") == ["jilin-drc"]
    assert set(lookup(name="省发展改革委")) >= PROVINCIAL_COMMISSIONS
    assert lookup(name="银保监会", on_date="2022-01-01") == ["cbirc"]
    assert lookup(name="银保监会", on_date="2023-06-01") == ["nfra"]
    row = client.get("/api/v1/units/lookup", {"name": "中央财政"}).json()[0]
    assert (row["full_name"], row["kind"]) == ("财政部", Unit.Kind.CENTRAL_DEPARTMENT)
    assert client.get("/api/v1/units/lookup").status_code == 422

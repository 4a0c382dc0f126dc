"""The shipped registry of units (orgs/data/registry.json): file checks, loading, lookups."""

import datetime
import json
import re
from collections import defaultdict
from importlib import resources
from io import StringIO

import pytest
from django.core.management import call_command

from zhenxing.audit.models import ChangeRecord
from zhenxing.mechanisms.services import mechanism_load_shipped, shipped_mechanism_data
from zhenxing.orgs import access
from zhenxing.orgs.models import Region, Role, Unit, UnitAlias, User, normalize_name
from zhenxing.orgs.selectors import find_unit
from zhenxing.orgs.services import units_load_shipped

UNIT_KEYS = {
    "code",
    "full_name",
    "short_name",
    "english_name",
    "kind",
    "parent",
    "region",
    "aliases",
    "responsibilities",
    "valid_from",
    "valid_to",
    "succeeded_by",
    "sort_order",
}
REQUIRED_UNIT_KEYS = {"code", "full_name", "kind"}
MECHANISM_KINDS = {"leading_group", "internal_department", "local_department"}
GENERIC_PHRASES = {"发展", "建设", "改革", "推进", "支持", "加强", "政策", "工作"}
CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def shipped(name: str) -> dict:
    return json.loads(resources.files("zhenxing.orgs").joinpath("data", name).read_text("utf-8"))


REGISTRY = shipped("registry.json")
REGIONS = shipped("regions.json")
NORTHEAST = shipped_mechanism_data("northeast")
REGISTRY_CODES = [row["code"] for row in REGISTRY["units"]]


def names_of(row: dict) -> set[str]:
    names = [row["full_name"], row.get("short_name", ""), row.get("english_name", "")]
    return {normalize_name(name) for name in names + row.get("aliases", []) if name}


# The files ----------------------------------------------------------------------------------


def test_registry_file_has_source_version_and_valid_rows():
    assert REGISTRY["source"] and REGISTRY["version"]
    all_rows = REGISTRY["units"] + NORTHEAST["units"]
    codes = [row["code"] for row in all_rows]
    assert len(codes) == len(set(codes)), "a unit code is defined twice"
    region_codes = {row["code"] for row in REGIONS["regions"]}
    for row in all_rows:
        assert REQUIRED_UNIT_KEYS <= set(row) <= UNIT_KEYS, row["code"]
        assert CODE.match(row["code"]), row["code"]
        assert row["kind"] in Unit.Kind.values, row["code"]
        assert not row.get("region") or row["region"] in region_codes, row["code"]
        for key in ("parent", "succeeded_by"):
            assert not row.get(key) or row[key] in codes, (row["code"], key)
        valid_from = row.get("valid_from") and datetime.date.fromisoformat(row["valid_from"])
        valid_to = row.get("valid_to") and datetime.date.fromisoformat(row["valid_to"])
        if valid_from and valid_to:
            assert valid_to > valid_from, row["code"]
        assert bool(row.get("succeeded_by")) <= bool(valid_to), row["code"]
        assert isinstance(row.get("aliases", []), list)


def test_every_registry_unit_has_usable_responsibilities():
    for row in REGISTRY["units"]:
        phrases = row["responsibilities"].split("；")
        assert phrases and all(phrases), row["code"]
        for phrase in phrases:
            assert 2 <= len(phrase) <= 8 and phrase not in GENERIC_PHRASES, (row["code"], phrase)
        assert len(phrases) == len(set(phrases)), row["code"]


def test_mechanism_file_keeps_only_its_own_units():
    registry_codes = set(REGISTRY_CODES)
    for row in NORTHEAST["units"]:
        assert row["kind"] in MECHANISM_KINDS, row["code"]
        assert row["code"] not in registry_codes
    spec = NORTHEAST["mechanism"]
    known = registry_codes | {row["code"] for row in NORTHEAST["units"]}
    assert {member["unit"] for member in spec["members"]} <= known


def test_regions_file_is_valid_and_has_all_provinces():
    regions = REGIONS["regions"]
    codes = [row["code"] for row in regions]
    assert len(codes) == len(set(codes))
    seen = set()
    for row in regions:
        assert {"code", "name", "level", "parent", "tags"} <= set(row)
        assert re.match(r"^[1-8][0-9]{5}$", row["code"])
        assert row["level"] in Region.Level.values
        assert row["parent"] is None or row["parent"] in seen, "parents come first"
        seen.add(row["code"])
    provinces = [row for row in regions if row["level"] == "province"]
    assert len(provinces) == 31
    assert all(row["code"].endswith("0000") for row in provinces)


def test_aliases_unique_among_current_registry_units():
    owners = defaultdict(set)
    for row in REGISTRY["units"]:
        if not row.get("valid_to"):
            for name in names_of(row):
                owners[name].add(row["code"])
    assert {name: codes for name, codes in owners.items() if len(codes) > 1} == {}


def test_dissolved_units_share_no_name_with_their_successors():
    rows = {row["code"]: row for row in REGISTRY["units"] + NORTHEAST["units"]}
    for row in rows.values():
        successor = rows.get(row.get("succeeded_by") or "")
        while successor is not None:
            assert not names_of(row) & names_of(successor), (row["code"], successor["code"])
            successor = rows.get(successor.get("succeeded_by") or "")


# Loading ------------------------------------------------------------------------------------


def test_registry_loads_with_the_mechanism(mechanism):
    units = Unit.objects.filter(code__in=REGISTRY_CODES)
    assert units.count() == len(REGISTRY_CODES)
    current = units.current()
    assert current.filter(kind=Unit.Kind.CENTRAL_DEPARTMENT).count() >= 60
    governments = current.filter(kind=Unit.Kind.PROVINCIAL_GOVERNMENT).select_related("region")
    assert governments.count() == 31
    assert {unit.region.level for unit in governments} == {Region.Level.PROVINCE}
    assert len({unit.region_id for unit in governments}) == 31
    assert current.filter(kind=Unit.Kind.CENTRAL_ENTERPRISE, code="cdb").exists()


def test_loading_twice_changes_nothing(mechanism):
    before = ChangeRecord.objects.count()
    mechanism_load_shipped()
    units_load_shipped()
    assert ChangeRecord.objects.count() == before


def test_every_parent_and_successor_is_loaded(mechanism):
    rows = {row["code"]: row for row in REGISTRY["units"] + NORTHEAST["units"]}
    units = Unit.objects.select_related("parent", "succeeded_by").in_bulk(
        list(rows), field_name="code"
    )
    for code, row in rows.items():
        unit = units[code]
        assert (unit.parent.code if unit.parent else None) == row.get("parent"), code
        assert (unit.succeeded_by.code if unit.succeeded_by else None) == row.get("succeeded_by"), (
            code
        )


def test_loaded_aliases_unique_among_current_registry_units(mechanism):
    owners = defaultdict(set)
    aliases = UnitAlias.objects.filter(
        unit__in=Unit.objects.current().filter(code__in=REGISTRY_CODES)
    ).values_list("normalized_name", "unit__code")
    for name, code in aliases:
        owners[name].add(code)
    assert {name: codes for name, codes in owners.items() if len(codes) > 1} == {}


def test_reload_takes_a_former_name_off_the_successor(mechanism):
    """Databases loaded before the registry had 农业部 as an alias of 农业农村部."""
    moa = Unit.objects.get(code="moa")
    UnitAlias.objects.create(unit=moa, name="农业部", kind=UnitAlias.Kind.FORMER_NAME)
    units_load_shipped()
    assert not moa.aliases.filter(normalized_name="农业部").exists()
    assert find_unit("农业部", on_date=datetime.date(2016, 11, 1)).code == "moa-former"
    assert find_unit("农业部").code == "moa"


# Lookups ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, on_date, expected",
    [
        ("国土资源部", datetime.date(2016, 11, 1), "国土资源部"),
        ("国土资源部", None, "自然资源部"),
        ("中国铁路总公司", None, "中国国家铁路集团有限公司"),
        ("中国铁路总公司", datetime.date(2016, 11, 1), "中国铁路总公司"),
        ("中央财政", None, "财政部"),
        ("中央预算内投资", None, "国家发展和改革委员会"),
        ("国家开发银行", None, "国家开发银行"),
        ("中国银监会", datetime.date(2020, 1, 1), "中国银行保险监督管理委员会"),
        ("中国银监会", None, "国家金融监督管理总局"),
        ("国家卫生计生委", None, "国家卫生健康委员会"),
        ("国务院扶贫办", None, "农业农村部"),
        ("辽宁省", None, "辽宁省人民政府"),
        ("广西", None, "广西壮族自治区人民政府"),
        ("人力资源社会保障部", None, "人力资源和社会保障部"),
    ],
)
def test_lookup(mechanism, name, on_date, expected):
    assert find_unit(name, on_date=on_date).full_name == expected


def test_mechanism_show_still_lists_26_current_members(mechanism):
    out = StringIO()
    call_command("mechanism", "show", "--json", stdout=out)
    members = json.loads(out.getvalue())["members"]
    assert len(members) == 26
    sides = [member["side"] for member in members]
    assert sides.count("central") == 21 and sides.count("local") == 5


# Access: a state bureau is a unit of its own ----------------------------------------------------


def test_state_bureau_is_not_folded_into_its_ministry(mechanism):
    units = Unit.objects.in_bulk(["nea", "ndrc", "ndrc-regional-economy"], field_name="code")
    assert units["nea"].parent == units["ndrc"]
    assert units["nea"].top_unit() == units["nea"]
    assert units["ndrc-regional-economy"].top_unit() == units["ndrc"]
    liaison = User.objects.create(username="nea.liaison", unit=units["nea"], role=Role.UNIT_LIAISON)
    assert access.may_edit_unit_work(liaison, units["nea"])
    assert not access.may_edit_unit_work(liaison, units["ndrc"])


def test_provincial_departments_template_is_valid():
    spec = REGISTRY["provincial_departments"]
    assert set(spec["provinces"]) <= set(REGISTRY_CODES)
    assert len(spec["departments"]) >= 40
    codes = [row["code"] for row in spec["departments"]]
    assert len(codes) == len(set(codes))
    for row in spec["departments"]:
        assert CODE.match(row["code"]) and "{省}" in row["full_name"], row["code"]
        phrases = row["responsibilities"].split("；")
        for phrase in phrases:
            assert 2 <= len(phrase) <= 8 and phrase not in GENERIC_PHRASES, (row["code"], phrase)
        assert len(phrases) == len(set(phrases)), row["code"]


@pytest.mark.django_db
def test_each_listed_province_gets_its_departments_under_standard_names():
    units_load_shipped()
    finance = Unit.objects.get(code="liaoning-finance")
    assert finance.full_name == "辽宁省财政厅" and finance.parent.code == "liaoning-government"
    assert finance.region.code == "210000" and finance.kind == Unit.Kind.LOCAL_DEPARTMENT
    assert {alias.name for alias in finance.aliases.all()} >= {"辽宁省财政厅", "省财政厅"}
    assert Unit.objects.get(code="inner-mongolia-commerce").short_name == "内蒙古自治区商务厅"
    assert "自治区商务厅" in set(
        Unit.objects.get(code="inner-mongolia-commerce").aliases.values_list("name", flat=True)
    )
    assert Unit.objects.filter(parent__code="jilin-government").count() >= 40

"""Mechanisms at several levels: `zhenxing mechanism list --json`, and loading a mechanism
under another."""

import io
import json

from django.core.management import call_command

from zhenxing.mechanisms.models import Mechanism
from zhenxing.mechanisms.services import mechanism_load_shipped


def listed() -> list[dict]:
    out = io.StringIO()
    call_command("mechanism", "list", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_shipped_mechanism_is_national_with_no_parent(mechanism):
    [row] = listed()
    assert row["name"] == "东北振兴省部联席落实推进工作机制"
    assert row["level"] == "national"
    assert row["parent"] is None
    assert row["members"] == 26
    assert row["lead_unit"] == "国家发展和改革委员会"


def test_list_json_names_each_level_and_its_parent(mechanism):
    mechanism_load_shipped("fuxin")
    rows = {row["code"]: row for row in listed()}
    assert set(rows) == {"northeast", "liaoning", "fuxin"}
    assert {key: rows["liaoning"][key] for key in ("name", "level", "parent", "lead_unit")} == {
        "name": "辽宁省全面振兴工作推进机制",
        "level": "provincial",
        "parent": "东北振兴省部联席落实推进工作机制",
        "lead_unit": "辽宁省发展和改革委员会",
    }
    assert rows["liaoning"]["secretariat_unit"] == "辽宁省全面振兴领导小组办公室"
    assert rows["fuxin"]["level"] == "city"
    assert rows["fuxin"]["parent"] == "辽宁省全面振兴工作推进机制"
    assert rows["fuxin"]["region"] == "阜新市"
    assert (rows["liaoning"]["members"], rows["fuxin"]["members"]) == (9, 6)


def test_loading_a_city_mechanism_loads_its_province_once(mechanism):
    city = mechanism_load_shipped("fuxin")
    mechanism_load_shipped("fuxin")
    assert city.parent.code == "liaoning"
    assert city.parent.parent == mechanism
    assert Mechanism.objects.filter(code="liaoning").count() == 1
    members = {m.unit.full_name: m.side for m in city.parent.current_memberships()}
    assert members["阜新市人民政府"] == "local"
    assert members["辽宁省财政厅"] == "department"


def test_show_names_level_and_parent(mechanism):
    mechanism_load_shipped("fuxin")
    out = io.StringIO()
    call_command("mechanism", "show", "--code", "fuxin", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert (shown["level"], shown["parent"]) == ("city", "辽宁省全面振兴工作推进机制")

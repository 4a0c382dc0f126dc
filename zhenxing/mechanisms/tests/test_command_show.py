"""`zhenxing mechanism show`: the printed contract, as of today and as of a past date."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def show(*args) -> str:
    out = io.StringIO()
    call_command("mechanism", "show", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def shown(mechanism) -> dict:
    return json.loads(show("--json"))


def test_show_json_contract(shown):
    assert shown["name"] == "东北振兴省部联席落实推进工作机制"
    assert shown["code"] == "northeast"
    assert shown["lead_unit"] == "国家发展和改革委员会"
    assert shown["convener_unit"] == "国家发展和改革委员会"
    assert shown["secretariat_unit"] == "国家发展和改革委员会地区经济司"
    assert shown["secretariat_parent_unit"] == "国家发展和改革委员会"
    assert shown["leading_group"] == "国务院振兴东北地区等老工业基地领导小组"
    assert shown["established_on"] == "2021-02-19"
    members = shown["members"]
    assert len(members) == 26
    for member in members:
        assert {"name", "short_name", "kind", "role", "side"} <= set(member)
        assert member["name"] and member["kind"] and member["role"]
    sides = [member["side"] for member in members]
    assert (sides.count("central"), sides.count("local")) == (21, 5)
    assert [m["name"] for m in members if m["role"] == "lead_unit"] == ["国家发展和改革委员会"]
    names = {member["name"] for member in members}
    assert {"国家金融监督管理总局", "辽宁省人民政府", "大连市人民政府"} <= names
    assert "中国银行保险监督管理委员会" not in names
    assert len(shown["duties"]) == 5
    assert all(isinstance(duty, str) and duty for duty in shown["duties"])


def test_show_on_a_past_date_lists_the_unit_then_in_force(mechanism):
    members = {
        member["name"] for member in json.loads(show("--json", "--on", "2022-01-01"))["members"]
    }
    assert len(members) == 26
    assert "中国银行保险监督管理委员会" in members
    assert "国家金融监督管理总局" not in members


def test_show_as_text(mechanism):
    output = show()
    assert output.startswith(
        "东北振兴省部联席落实推进工作机制（国务院振兴东北地区等老工业基地领导小组）"
    )
    assert "牵头单位：国家发展和改革委员会；秘书处：国家发展和改革委员会地区经济司" in output
    assert len([line for line in output.splitlines() if line.startswith("  ")]) == 26


@pytest.mark.parametrize("args", [("--on", "2022/01/01"), ("--code", "nowhere")])
def test_show_refuses_bad_arguments(mechanism, args):
    with pytest.raises(CommandError):
        show(*args)

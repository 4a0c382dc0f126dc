"""Forms found in real copies of task-division documents (issue 18), one test per form.

The examples are written for the tests; the forms are those of the corpus (tests/data/corpus).
"""

import pytest

from zhenxing.policies.parser.annotations import split_names
from zhenxing.policies.parser.document import parse_document


def never_unit(name):
    return False


def tasks_of(text):
    document = parse_document("一、重点任务\n" + text)
    return [task for node in document.nodes for task in node.tasks]


@pytest.mark.parametrize(
    "written",
    [
        "〔牵头单位:区政府办公室,责任单位:区政府有关部门,各街道(功能区)〕",
        "[牵头单位:区政府办公室;责任单位:区政府有关部门、各街道(功能区)]",
        "［牵头单位：区政府办公室；责任单位：区政府有关部门、各街道（功能区）］",
    ],
)
def test_labels_inside_square_and_tortoise_shell_brackets(written):
    [task] = tasks_of(f"1.推进政务公开标准化建设。{written}\n")
    assert task.lead_units == ["区政府办公室"]
    assert [name.replace("（", "(").replace("）", ")") for name in task.participating_units] == [
        "区政府有关部门",
        "各街道(功能区)",
    ]


def test_responsible_label_alone_in_brackets_names_the_lead():
    [task] = tasks_of("(二)优化市场准入环境。实施证照分离改革。〔责任单位:省市场监管局〕\n")
    assert task.lead_units == ["省市场监管局"]


def test_label_value_ends_at_its_sentence():
    [task] = tasks_of(
        "(一)加强市场体系建设。〔责任单位:省发展改革委、省市场监管局、商务厅按职责分工负责。"
        "具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕\n"
    )
    assert task.lead_units == ["省发展改革委"]
    assert task.participating_units == ["省市场监管局", "商务厅"]


@pytest.mark.parametrize("colon", [":", "："])
def test_department_division_label_reads_like_a_parenthetical(colon):
    text = (
        "1.地区生产总值增长6%以上。\n"
        f"分管省领导{colon}某某\n"
        f"部门分工{colon}省发展改革委牵头,各地、各部门配合。\n"
        "2.地方一般公共预算收入增长5%左右。\n"
        f"部门分工{colon}省财政厅牵头，省税务局配合。\n"
    )
    first, second = tasks_of(text)
    assert first.lead_units == ["省发展改革委"]
    assert first.participating_units == ["各地", "各部门"]
    assert second.lead_units == ["省财政厅"] and second.participating_units == ["省税务局"]


def test_coordinating_label_and_the_leader_line():
    text = (
        "1. 财政收入增长8%左右。\n"
        "牵头负责领导:某某。\n"
        "牵头责任单位:市财政局。\n"
        "协同责任单位:市税务局、市人行等,各县、市、区政府。\n"
    )
    [task] = tasks_of(text)
    assert task.lead_units == ["市财政局"]
    assert task.participating_units == ["市税务局", "市人行", "各县、市、区政府"]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("各区、县(市)政府", ["各区、县(市)政府"]),
        ("各县、市、区政府", ["各县、市、区政府"]),
        ("省发改委、相关市、县政府", ["省发改委", "相关市、县政府"]),
        ("市发改委、各区、县（市）政府", ["市发改委", "各区、县（市）政府"]),
    ],
)
def test_collective_names_containing_the_list_comma_stay_whole(written, expected):
    assert split_names(written, never_unit) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "辽宁、吉林、黑龙江省人民政府",
            ["辽宁省人民政府", "吉林省人民政府", "黑龙江省人民政府"],
        ),
        (
            "哈爾濱機場擴建指揮部、哈爾濱、黑河、綏芬河市政府、省農墾總局",
            ["哈爾濱機場擴建指揮部", "哈爾濱市政府", "黑河市政府", "綏芬河市政府", "省農墾總局"],
        ),
        ("江苏、浙江省发展改革委", ["江苏省发展改革委", "浙江省发展改革委"]),
    ],
)
def test_elliptical_coordination_names_each_unit(written, expected):
    assert split_names(written, never_unit) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("財政部和三省人民政府", ["財政部", "三省人民政府"]),
        ("市級各有關部門及各縣市區政府", ["市級各有關部門", "各縣市區政府"]),
        ("省发展改革委。", ["省发展改革委"]),
        ("商务部等部门负责落实", ["商务部"]),
        ("工业和信息化部", ["工业和信息化部"]),
    ],
)
def test_conjunctions_punctuation_and_etc(written, expected):
    assert split_names(written, never_unit) == expected


@pytest.mark.parametrize(
    "annotation",
    [
        "(市政府辦公室、市行政審批制度改革工作領導小組辦公室牽頭,市級各有關部門及各縣市區政府按職責分工負責)",
        "（市政府办公室、市审改办牵头，市级各有关部门及各县市区政府按职责分工负责）",
    ],
)
def test_two_leads_before_qiantou_both_lead(annotation):
    [task] = tasks_of(f"1.全面实施行政许可事项清单管理。{annotation}\n")
    assert len(task.lead_units) == 2
    assert len(task.participating_units) == 2


def test_fengong_fuze_does_not_stay_in_the_name():
    [task] = tasks_of("(一)支持老工业基地调整改造。(财政部和三省人民政府分工负责)\n")
    assert task.lead_units == ["财政部", "三省人民政府"]

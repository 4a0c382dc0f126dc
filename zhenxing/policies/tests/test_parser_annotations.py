"""Responsibility annotations and deadlines, in every written form."""

import datetime

import pytest

from zhenxing.policies.parser.annotations import find_annotations, split_names
from zhenxing.policies.parser.deadlines import resolve_deadline
from zhenxing.policies.parser.document import parse_document

KNOWN = {
    "国家发展改革委",
    "财政部",
    "商务部",
    "工业和信息化部",
    "国务院国资委",
    "人力资源社会保障部",
}


def is_unit(name):
    return name in KNOWN


def tasks_of(text):
    document = parse_document("一、重点任务\n" + text)
    return [task for node in document.nodes for task in node.tasks]


FULL = "（一）推进改革。推进国有企业混合所有制改革（国家发展改革委牵头，财政部、商务部等按职责分工负责，2016年底前完成）。"
HALF = "(一)推进改革。推进国有企业混合所有制改革(国家发展改革委牵头,财政部、商务部等按职责分工负责,2016年底前完成)。"


@pytest.mark.parametrize("text", [FULL, HALF], ids=["full-width", "half-width"])
def test_lead_participants_and_deadline_in_parentheses(text):
    [task] = tasks_of(text)
    assert task.lead_units == ["国家发展改革委"]
    assert task.participating_units == ["财政部", "商务部"]
    assert task.deadline == "2016年底前完成"
    assert task.due_date == datetime.date(2016, 12, 31)
    assert task.responsibility_text.startswith(("（国家发展改革委牵头", "(国家发展改革委牵头"))
    assert task.text == "推进改革。推进国有企业混合所有制改革。"
    assert "牵头" not in task.text


@pytest.mark.parametrize(
    "annotation",
    ["（国务院各部门分别负责，年内持续推进）", "(国务院各部门分别负责,年内持续推进)"],
)
def test_each_department_responsible_with_standing_phrase(annotation):
    [task] = tasks_of(f"（一）简政放权。全面推行权力清单制度{annotation}。")
    assert task.lead_units == ["国务院各部门"]
    assert task.participating_units == []
    assert task.deadline == "年内持续推进"


def test_responsible_with_year_deadline_and_two_annotations_make_two_tasks():
    text = (
        "（一）深化国企改革。推进混合所有制改革（国务院国资委负责，2016年底前完成）。"
        "妥善解决厂办大集体问题（财政部、国务院国资委负责，长期坚持）。"
    )
    first, second = tasks_of(text)
    assert first.lead_units == ["国务院国资委"] and first.deadline == "2016年底前完成"
    assert first.text == "深化国企改革。推进混合所有制改革。"
    assert second.lead_units == ["财政部", "国务院国资委"]
    assert second.deadline == "长期坚持" and second.due_date is None
    assert second.text == "妥善解决厂办大集体问题。"


@pytest.mark.parametrize("colon", ["：", ":"])
def test_label_lines_belong_to_the_item_above(colon):
    text = (
        "（一）支持民营经济。\n1．开展民营企业对标行动。\n"
        f"牵头单位{colon}国家发展改革委\n责任单位{colon}工业和信息化部、商务部\n完成时限{colon}6月底前\n"
        "2．加大金融支持。\n"
    )
    document = parse_document(
        "国务院关于支持民营经济的意见\n（2017年3月1日）\n一、重点任务\n" + text
    )
    item_one = next(node for node in document.nodes if node.path == "一/(一)/1")
    [task] = item_one.tasks
    assert task.lead_units == ["国家发展改革委"]
    assert task.participating_units == ["工业和信息化部", "商务部"]
    assert task.deadline == "6月底前"
    assert task.due_date == datetime.date(2017, 6, 30)
    assert task.text == "开展民营企业对标行动。"
    assert [node.path for node in document.nodes] == ["一", "一/(一)", "一/(一)/1", "一/(一)/2"]


def test_responsible_units_alone_first_one_leads_and_leader_person_is_not_a_unit():
    text = "（一）推进项目建设。\n责任单位：财政部、商务部\n牵头领导：张副省长\n"
    [task] = tasks_of(text)
    assert task.lead_units == ["财政部"]
    assert task.participating_units == ["商务部"]
    assert "张副省长" not in task.lead_units + task.participating_units


def test_main_and_assisting_handlers():
    [task] = tasks_of("（一）优化营商环境。\n主办：国家发展改革委 协办：财政部、商务部\n")
    assert task.lead_units == ["国家发展改革委"]
    assert task.participating_units == ["财政部", "商务部"]


def test_inline_joint_responsibility():
    [task] = tasks_of(
        "（一）强化金融支持。由国家发展改革委会同财政部、商务部制定支持措施，2017年6月底前出台。"
    )
    assert task.lead_units == ["国家发展改革委"]
    assert task.participating_units == ["财政部", "商务部"]
    assert task.responsibility_text == "由国家发展改革委会同财政部、商务部"
    assert task.deadline.startswith("2017年6月底前")


def test_joint_inside_parentheses_and_ordinary_parentheses_ignored():
    [task] = tasks_of(
        "（一）推进资源型城市转型（城市）。制定转型方案（国家发展改革委会同财政部负责）。"
    )
    assert task.lead_units == ["国家发展改革委"]
    assert task.participating_units == ["财政部"]
    assert "（城市）" in task.text


def test_name_splitting_keeps_names_with_he_and_drops_deng():
    assert split_names("工业和信息化部、商务部等", is_unit) == ["工业和信息化部", "商务部"]
    assert split_names("财政部和商务部", is_unit) == ["财政部", "商务部"]
    assert split_names("人力资源社会保障部等有关部门", is_unit) == ["人力资源社会保障部"]


def test_annotations_found_in_order_with_positions():
    text = "甲（财政部负责）。乙（商务部牵头，2017年底前完成）。"
    annotations = find_annotations(text, is_unit)
    assert [a.lead_units for a in annotations] == [["财政部"], ["商务部"]]
    assert annotations[0].start < annotations[1].start


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2016年底前完成", datetime.date(2016, 12, 31)),
        ("6月底前", datetime.date(2016, 6, 30)),
        ("2017年6月底前", datetime.date(2017, 6, 30)),
        ("2016年10月前", datetime.date(2016, 9, 30)),
        ("2017年上半年", datetime.date(2017, 6, 30)),
        ("2017年第三季度", datetime.date(2017, 9, 30)),
        ("2016年12月15日前", datetime.date(2016, 12, 15)),
        ("2016—2018年", datetime.date(2018, 12, 31)),
        ("年内持续推进", datetime.date(2016, 12, 31)),
        ("明年3月底前", datetime.date(2017, 3, 31)),
        ("长期坚持", None),
        ("持续推进", None),
    ],
)
def test_deadline_resolution(phrase, expected):
    assert resolve_deadline(phrase, 2016) == expected


def test_labels_on_the_item_line_after_its_sentence():
    text = (
        "（一）培育新兴产业。\n1．发展集成电路产业。牵头单位：工业和信息化部\n"
        "配合单位：财政部、商务部\n完成时限：2023年12月底前\n2．发展生物医药。\n"
    )
    document = parse_document(
        "国务院关于培育新兴产业的意见\n（2023年2月10日）\n一、重点任务\n" + text
    )
    item_one = next(node for node in document.nodes if node.path == "一/(一)/1")
    [task] = item_one.tasks
    assert task.lead_units == ["工业和信息化部"]
    assert task.participating_units == ["财政部", "商务部"]
    assert task.deadline == "2023年12月底前"
    assert task.due_date == datetime.date(2023, 12, 31)
    assert task.text == "发展集成电路产业。"


def test_traditional_script_annotation_with_standing_phrase():
    [task] = tasks_of(
        "（一）優化營商環境。深化“放管服”改革（商務部牽頭，財政部等按職責分工負責，持續推進）。"
    )
    # A traditional-script copy names its units as the mainland original and the registry do;
    # the deadline phrase stays as written.
    assert task.lead_units == ["商务部"]
    assert task.participating_units == ["财政部"]
    assert task.deadline == "持續推進"
    assert task.due_date is None


PROVINCIAL = """吉林省人民政府关于印发吉林省优化营商环境重点任务分工方案的通知
吉政发〔2024〕3号
一、重点任务
（一）深化审批制度改革。
1.推行企业开办一网通办。责任单位：省政务服务和数字化局（牵头）、省市场监管厅、省税务局
完成时限：2024年9月30日前
2.压减审批时限。（责任单位：省发展改革委、省住房城乡建设厅，完成时限：2024年底）
3.建立项目审批绿色通道。（牵头单位：省发展改革委；配合单位：省自然资源厅、各市（州）政府）
（二）加强监管。
1.强化执法监督（省司法厅牵头，省直各有关部门配合，第三季度完成）。
"""


def test_provincial_division_forms():
    document = parse_document(PROVINCIAL)
    tasks = {node.path: node.tasks for node in document.nodes if node.tasks}
    [marked] = tasks["一/(一)/1"]  # a lead marked （牵头） inside the list of responsible units
    assert marked.lead_units == ["省政务服务和数字化局"]
    assert marked.participating_units == ["省市场监管厅", "省税务局"]
    assert marked.due_date == datetime.date(2024, 9, 30)
    [labelled] = tasks["一/(一)/2"]  # labels inside brackets
    assert labelled.lead_units == ["省发展改革委"]
    assert labelled.participating_units == ["省住房城乡建设厅"]
    assert labelled.deadline == "2024年底"
    [nested] = tasks["一/(一)/3"]  # a bracket inside the bracket
    assert nested.lead_units == ["省发展改革委"]
    assert nested.participating_units == ["省自然资源厅", "各市（州）政府"]
    assert nested.text == "建立项目审批绿色通道。"
    [quarter] = tasks["一/(二)/1"]  # a quarter without its year: the year of the document number
    assert quarter.lead_units == ["省司法厅"]
    assert quarter.participating_units == ["省直各有关部门"]
    assert quarter.deadline == "第三季度完成"
    assert quarter.due_date == datetime.date(2024, 9, 30)
    headings = {node.path: node.heading for node in document.nodes}
    assert headings["一/(二)/1"] == "强化执法监督"  # the annotation is not part of the heading


def test_deadline_in_the_tasks_own_words_when_the_annotation_has_none():
    [task] = tasks_of("（一）完善清单。2016年底前出台清单管理办法（国务院法制办牵头）。")
    assert task.deadline == "2016年底前"
    assert task.deadline_source == "text" and task.deadline_confidence == "likely"
    assert task.due_date == datetime.date(2016, 12, 31)


def test_deadline_of_the_annotation_is_certain_when_it_names_its_year():
    [task] = tasks_of("（一）推进改革（财政部牵头，2016年底前完成）。")
    assert task.deadline_source == "annotation" and task.deadline_confidence == "certain"


def test_vague_deadline_is_kept_as_written_inferred_and_asked_about():
    document = parse_document(
        "国务院关于某事的意见\n（2016年3月1日）\n一、任务\n（一）推进改革（财政部牵头，明年春天完成）。",
        reference_date=datetime.date(2016, 3, 1),
    )
    [task] = document.nodes[1].tasks
    assert task.deadline == "明年春天完成"
    assert task.due_date == datetime.date(2017, 5, 31)
    assert task.deadline_confidence == "unsure"
    assert any("不够明确" in warning for warning in task.warnings)
    assert task.as_dict()["warnings"] == task.warnings


def test_deadline_already_past_is_accepted_with_a_warning():
    document = parse_document(
        "一、任务\n（一）推进改革（财政部牵头，2016年底前完成）。",
        reference_date=datetime.date(2026, 12, 7),
    )
    [task] = document.nodes[1].tasks
    assert task.due_date == datetime.date(2016, 12, 31)
    assert task.warnings == ["完成时限2016-12-31已过，请确认"]


def test_deadline_without_a_date_is_asked_about():
    [task] = tasks_of("（一）推进改革（财政部负责，尽快出台）。")
    assert task.deadline == "尽快出台" and task.due_date is None
    assert task.deadline_confidence == "unsure" and task.warnings


def test_a_separator_inside_a_names_brackets_does_not_split_it():
    assert split_names("市卫生健康委等,各县(市、区)政府(管委会)", is_unit) == [
        "市卫生健康委",
        "各县(市、区)政府(管委会)",
    ]
    [task] = tasks_of(
        "（一）招商引资。\n责任单位：市双招双引办、市发改委，各县（市、区）政府、丽水开发区管委会"
    )
    assert task.lead_units == ["市双招双引办"]
    assert task.participating_units == ["市发改委", "各县（市、区）政府", "丽水开发区管委会"]


def test_responsible_units_that_each_lead_are_all_leads():
    [task] = tasks_of(
        "（一）城乡居民收入增速保持全省领先。\n责任单位：市人力社保局、市农业农村局分别牵头"
    )
    assert task.lead_units == ["市人力社保局", "市农业农村局"]
    assert task.participating_units == []


def test_joint_responsibility_in_traditional_script_drops_the_etc_clause():
    document = parse_document(
        "一、工作分工\n"
        "(一)關於“穩定外貿”的問題,由商務部會同稅務總局、海關總署等部門研究提出落實意見。\n"
        "(二)關於“擴大開放”的問題,由商務部會同外交部等部門負責落實。\n"
    )
    [first, second] = [node.tasks[0] for node in document.nodes[1:]]
    # Units in simplified form, as the mainland original names them (a traditional copy).
    assert (first.lead_units, first.participating_units) == (["商务部"], ["税务总局", "海关总署"])
    assert (second.lead_units, second.participating_units) == (["商务部"], ["外交部"])


def test_a_collective_with_its_own_separator_before_a_conjunction_stays_whole():
    assert split_names("省财政厅等有关部门,各市、县(区)政府及开发区管委会", lambda n: False) == [
        "省财政厅",
        "各市、县(区)政府",
        "开发区管委会",
    ]


def test_an_etc_clause_naming_a_kind_of_department_before_a_conjunction():
    assert split_names("省财政厅、省人事厅等省直有关部门和各市人民政府", lambda n: False) == [
        "省财政厅",
        "省人事厅",
        "各市人民政府",
    ]


def test_elliptical_places_that_carry_their_own_level_share_only_the_body():
    assert split_names("江宁区、溧水县、高淳县人民政府", lambda n: False) == [
        "江宁区人民政府",
        "溧水县人民政府",
        "高淳县人民政府",
    ]
    assert split_names("辽宁、吉林、黑龙江省人民政府", lambda n: False) == [
        "辽宁省人民政府",
        "吉林省人民政府",
        "黑龙江省人民政府",
    ]


def test_elliptical_places_the_registry_knows_as_units_are_still_expanded():
    known = {"辽宁", "吉林", "海关", "辽宁省人民政府", "吉林省人民政府", "黑龙江省人民政府"}
    assert split_names("辽宁、吉林、黑龙江省人民政府", known.__contains__) == [
        "辽宁省人民政府",
        "吉林省人民政府",
        "黑龙江省人民政府",
    ]
    # A unit whose name would not make a known unit stays as written.
    assert split_names("海关、大连市人民政府", known.__contains__) == ["海关", "大连市人民政府"]


@pytest.mark.parametrize("phrase", ["每季度", "每月底前", "每半年"])
def test_a_recurring_time_limit_is_a_standing_deadline(phrase):
    [task] = tasks_of_item(f"(三)召开经济运行分析会。(市发展改革委负责,{phrase})")
    assert task.lead_units == ["市发展改革委"]
    assert (task.deadline, task.due_date, task.deadline_confidence) == (phrase, None, "")
    assert task.warnings == []


def test_an_alias_defined_on_an_item_line_does_not_take_the_marker():
    [task] = tasks_of_item(
        "(二)省发展改革委、省财政厅(以下简称“两部门”)会同各市完善投融资机制。(两部门负责)"
    )
    assert task.lead_units == ["省发展改革委", "省财政厅"]


def tasks_of_item(line):
    document = parse_document("一、重点任务\n(一)做好准备工作。\n" + line + "\n")
    return document.nodes[-1].tasks


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("“十四五”期间", datetime.date(2025, 12, 31)),
        ('"十三五"末', datetime.date(2020, 12, 31)),
        ("“十五五”时期完成", datetime.date(2030, 12, 31)),
    ],
)
def test_a_five_year_plan_period_is_a_deadline_at_the_periods_end(phrase, due):
    [task] = tasks_of_item(f"(三)推进老工业基地调整改造。(国家发展改革委负责,{phrase})")
    assert task.lead_units == ["国家发展改革委"]
    assert (task.deadline, task.due_date, task.deadline_confidence) == (phrase, due, "likely")

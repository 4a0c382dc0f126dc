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


def parse(text, **options):
    return parse_document(text, **options)


def node(document, path):
    return next(node for node in document.nodes if node.path == path)


@pytest.mark.parametrize(
    "line",
    [
        "(一)地区生产总值增长7%左右。(省发展改革委负责)(二)一般公共预算收入增长5%。(省财政厅负责)"
        "(三)城镇新增就业50万人。(省人力资源社会保障厅负责)",
        "（一）地区生产总值增长7%左右（省发展改革委负责）。（二）一般公共预算收入增长5%（省财政厅负责）。"
        "（三）城镇新增就业50万人（省人力资源社会保障厅负责）。",
        "1.地区生产总值增长7%左右。(省发展改革委负责)2.一般公共预算收入增长5%。(省财政厅负责)"
        "3.城镇新增就业50万人。(省人力资源社会保障厅负责)",
    ],
)
def test_several_items_on_one_line(line):
    document = parse("一、主要预期目标\n" + line)
    leads = [task.lead_units for node in document.nodes for task in node.tasks]
    assert leads == [["省发展改革委"], ["省财政厅"], ["省人力资源社会保障厅"]]
    assert len([n for n in document.nodes if n.kind != "part"]) == 3


def test_a_marker_out_of_sequence_inside_a_line_stays_text():
    document = parse("一、目标\n(一)落实第(三)项要求。(二)推进改革。(省财政厅负责)")
    assert [n.path for n in document.nodes] == ["一", "一/(一)", "一/(二)"]
    assert "第(三)项" in node(document, "一/(一)").text


def test_column_prefix_before_an_item_and_a_title():
    document = parse(
        "【市政府重点工作|责任分解】某市人民政府关于2020年重点工作及责任分解的通知\n"
        "一、确保完成全年目标\n"
        "【重点工作】1.地区生产总值增长8%以上。(市发展改革委牵头)\n"
    )
    assert document.metadata.title == "某市人民政府关于2020年重点工作及责任分解的通知"
    assert node(document, "一/1").tasks[0].lead_units == ["市发展改革委"]


def test_spaces_around_punctuation():
    [task] = tasks_of("(一)推进 改革 , 加快 发展 。( 省发展改革委牵头 , 省财政厅配合 )\n")
    assert task.lead_units == ["省发展改革委"] and task.participating_units == ["省财政厅"]


def test_metadata_table_rows_become_metadata_not_text():
    document = parse(
        "某省人民政府关于印发2021年重点任务分工方案的通知\n"
        "发布单位 |\n某省人民政府\n|\n"
        "发布文号 | 某府〔2021〕22号 |\n"
        "发布日期 | 2021-03-29 | 生效日期 | 2021-03-29 |\n"
        "有效性状态 | 阶段性文件 | 废止日期 | 暂无 |\n"
        "一、主要预期目标\n1.地区生产总值增长6%以上。(省发展改革委牵头)\n"
    )
    assert document.metadata.document_number == "某府〔2021〕22号"
    assert str(document.metadata.date) == "2021-03-29"
    assert "|" not in document.preamble and "阶段性文件" not in document.preamble


@pytest.mark.parametrize(
    "annotation",
    [
        "〔省发展改革委、省财政厅等牵头，省（中）直有关单位按职责分工负责〕",
        "(省发展改革委、省财政厅牵头,省直有关单位按职责分工负责)",
    ],
)
def test_annotation_of_a_whole_part_goes_to_its_items(annotation):
    document = parse(
        f"一、扩大有效投资\n{annotation}\n"
        "1.加快重大项目建设。\n"
        "2.激发民间投资活力。(省工业和信息化厅牵头)\n"
        "二、扩大消费\n1.促进汽车消费。\n"
    )
    assert node(document, "一").tasks == []
    first = node(document, "一/1").tasks[0]
    assert first.lead_units == ["省发展改革委", "省财政厅"]
    assert first.inherited_from == "一"
    assert first.text == "加快重大项目建设。"
    assert node(document, "一/2").tasks[0].lead_units == ["省工业和信息化厅"]
    assert node(document, "二/1").tasks == []


def test_part_annotation_on_the_heading_line():
    document = parse(
        "一、扩大有效投资（省发展改革委牵头）\n1.加快重大项目建设。\n2.激发民间投资活力。\n"
    )
    assert [node(document, p).tasks[0].lead_units for p in ("一/1", "一/2")] == [
        ["省发展改革委"],
        ["省发展改革委"],
    ]


def test_an_alias_the_text_defines_stands_for_its_units():
    document = parse(
        "一、总体要求\n支持辽宁、吉林、黑龙江省人民政府（以下称三省人民政府）深化改革。\n"
        "二、重点任务\n(一)支持老工业基地调整改造。(财政部和三省人民政府分工负责)\n"
    )
    [task] = node(document, "二/(一)").tasks
    assert task.lead_units == ["财政部", "辽宁省人民政府", "吉林省人民政府", "黑龙江省人民政府"]


def test_units_listed_before_a_comma_share_the_next_verb():
    [task] = tasks_of(
        "1. 加强项目谋划储备。(区发改局牵头,区财政局、区交运局等部门,区国投公司、各街道办事处配合)\n"
    )
    assert task.lead_units == ["区发改局"]
    assert task.participating_units == ["区财政局", "区交运局", "区国投公司", "各街道办事处"]


@pytest.mark.parametrize(
    "remark", ["排在首位的为牵头单位,下同", "以下政策措施均需各县区人民政府落实,不再单独列出"]
)
def test_remarks_among_the_units_are_not_units(remark):
    [task] = tasks_of(f"1.降低企业税收负担。(责任单位:市税务局、市财政局,{remark})\n")
    assert task.lead_units == ["市税务局"]
    assert task.participating_units == ["市财政局"]


def test_a_bracketed_remark_after_the_units_is_not_a_unit():
    text = (
        "(一)推进完善PPP长效机制。\n"
        "责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)\n"
        "时限要求:持续推进\n"
    )
    [task] = tasks_of(text)
    assert task.lead_units == ["市发改委"] and task.participating_units == ["市财政局"]
    assert task.deadline == "持续推进"


# Forms of the second, unseen batch of the corpus (docs/performance.md).


def test_a_collective_level_before_a_unit_of_its_own_is_a_unit():
    [task] = tasks_of(
        "1.固定资产投资增长15%左右。\n牵头单位:区发改局\n责任单位:开发区,各街道、区直各部门\n"
    )
    assert task.participating_units == ["开发区", "各街道", "区直各部门"]


def test_the_lead_listed_again_among_the_responsible_units_does_not_also_take_part():
    [task] = tasks_of(
        "1.单位地区生产总值能耗降低17%。\n牵头单位:省发展改革委。\n"
        "责任单位:省发展改革委、省统计局等。\n"
    )
    assert task.lead_units == ["省发展改革委"]
    assert task.participating_units == ["省统计局"]


def test_host_and_assistant_in_brackets():
    [task] = tasks_of("(一)公共财政收入增长13%左右。(省财政厅主办,省国税局、地税局协办)\n")
    assert task.lead_units == ["省财政厅"]
    assert task.participating_units == ["省国税局", "地税局"]


def test_a_table_flattened_a_row_a_line_after_a_title():
    text = (
        "一、各有关部门要抓紧研究制定工作方案。\n2016年量化指标任务分工\n"
        "序号 工 作 任 务 牵头负责部门\n1 居民消费价格涨幅3%左右 发展改革委\n"
        "2 安排财政赤字2.18万亿元,赤字率提高到3% 财政部\n"
    )
    nodes = {node.path: node for node in parse_document(text).nodes}
    assert [task.lead_units for task in nodes["1"].tasks] == [["发展改革委"]]
    assert [task.text for task in nodes["2"].tasks] == ["安排财政赤字2.18万亿元,赤字率提高到3%"]
    assert [task.lead_units for task in nodes["2"].tasks] == [["财政部"]]


def test_a_table_flattened_a_cell_a_line_under_a_heading():
    text = (
        "一、未来五年主要工作任务\n\n序号\n\n主 要 工 作 任 务\n\n责任单位\n\n完成时限\n\n"
        "1\n\n地区生产总值突破1万亿元。\n\n市发展改革委\n\n2027年底前\n\n"
        "2\n\n规上工业总产值突破2万亿元。\n\n市经信局、市科技局\n\n长期坚持\n"
    )
    nodes = {node.path: node for node in parse_document(text).nodes}
    [first] = nodes["一/1"].tasks
    assert (first.lead_units, first.deadline) == (["市发展改革委"], "2027年底前")
    [second] = nodes["一/2"].tasks
    assert (second.lead_units, second.participating_units) == (["市经信局"], ["市科技局"])
    assert second.deadline == "长期坚持"


def test_a_table_flattened_a_cell_a_line_each_closed_by_a_bar():
    text = (
        "2025年重点工作及责任清单\n序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n全力服务重大项目落地见效。 |\n王某 |\n招商工作部、安商工作部 |\n全年 |\n"
        "2 |\n盘活存量土地400亩。 |\n李某 |\n改革办 |\n全年 |\n"
    )
    nodes = {node.path: node for node in parse_document(text).nodes}
    [first] = nodes["1"].tasks
    assert (first.lead_units, first.participating_units) == (["招商工作部"], ["安商工作部"])
    assert first.deadline == "全年"
    [second] = nodes["2"].tasks
    assert (second.lead_units, second.deadline) == (["改革办"], "全年")


def test_an_excerpt_quoting_a_document_from_its_middle():
    text = (
        "其中,科技部参与的工作如下:\n\n    二、加强供给侧结构性改革\n    (五)释放创业创新潜能。\n"
        "    强化企业创新主体地位。(科技部牵头,财政部、税务总局等按职责分工负责)\n"
    )
    nodes = {node.path: node for node in parse_document(text).nodes}
    task = next(task for task in nodes["二/(五)"].tasks if task.lead_units)
    assert (task.lead_units, task.participating_units) == (["科技部"], ["财政部", "税务总局"])
    text = (
        "大力实施乡村振兴战略\n\n"
        "(二十四)健全城乡融合发展体制机制。(国家发展改革委、农业农村部牵头,有关部门按职责分工负责)\n"
    )
    [node] = parse_document(text).nodes
    assert node.path == "(二十四)"
    assert node.tasks[0].lead_units == ["国家发展改革委", "农业农村部"]


def test_a_wrapped_line_starting_with_a_number_stays_text_before_any_marker_of_its_kind():
    text = "一、重点任务\n推进重大项目建设,年内新开工项目\n(三)个以上,总投资达到规划目标。\n"
    nodes = {node.path: node for node in parse_document(text).nodes}
    assert list(nodes) == ["一"]


def nodes_by_path(text):
    return {node.path: node for node in parse_document(text).nodes}


def test_an_item_whose_title_begins_with_digits_continues_the_numbering():
    by_path = nodes_by_path(
        "一、人才工程\n"
        "(一)引才育才。\n"
        "1.引才项目。(牵头单位:市人社局)\n"
        "2.育才项目。(牵头单位:市教育局)\n"
        "3.365工程项目。建设一批实训基地。(牵头单位:市科技局,配合单位:各区)\n"
        "4.留才项目。(牵头单位:市住建局)\n"
    )
    assert by_path["一/(一)/3"].tasks[0].lead_units == ["市科技局"]
    assert by_path["一/(一)/3"].text.startswith("365工程项目")
    assert by_path["一/(一)/4"].tasks[0].lead_units == ["市住建局"]


def test_a_wrapped_line_starting_with_a_decimal_stays_text_even_when_it_would_continue():
    by_path = nodes_by_path(
        "一、目标\n1.城镇新增就业达到\n2.5万人以上。(牵头单位:市人社局)\n2.物价稳定。\n"
    )
    assert "2.5万人以上。" in by_path["一/1"].text
    assert by_path["一/1"].tasks[0].lead_units == ["市人社局"]
    assert by_path["一/2"].text == "物价稳定。"


def test_the_lead_named_in_the_heading_of_a_group_of_items():
    by_path = nodes_by_path(
        "二、某某副省长负责的工作\n"
        "(一)省商务厅牵头的工作\n"
        "1.扩大消费。\n"
        "2.稳定外贸。\n"
        "协同单位:省财政厅和各市人民政府。\n"
        "(二)省交通运输厅负责的工作\n"
        "加快公路建设。\n"
    )
    [first] = by_path["二/(一)/1"].tasks
    [second] = by_path["二/(一)/2"].tasks
    [third] = by_path["二/(二)"].tasks
    assert (first.lead_units, first.participating_units) == (["省商务厅"], [])
    assert second.lead_units == ["省商务厅"]
    assert second.participating_units == ["省财政厅", "各市人民政府"]
    assert third.lead_units == ["省交通运输厅"]
    assert by_path["二"].tasks == []  # a vice-governor is a person, not a unit


def test_page_numbers_of_a_pasted_pdf_are_not_text():
    by_path = nodes_by_path(
        "一、基层党建\n"
        "1.完善领导体制。\n"
        "牵头单位:区委组织部\n"
        "协办单位:区委编办、各街道党\n"
        "工委\n"
        "— — — 5 —\n"
        "2.推进区域化党建。\n"
        "- 6 -\n"
    )
    assert by_path["一/1"].tasks[0].participating_units == ["区委编办", "各街道党工委"]
    assert by_path["一/2"].text == "推进区域化党建。"


def test_a_table_flattened_a_cell_a_line_whose_unit_cells_carry_no_label():
    by_path = nodes_by_path(
        "一、加大支持力度\n"
        "(一)加强财税支持\n"
        "1.减免小微企业房租。\n"
        "市财政局、市国资委等,各区政府\n"
        "2026年6月底前\n"
        "2.缓缴社会保险费。\n"
        "市人社局\n"
        "3.各区政府要加强统筹。\n"
        "有关部门要主动配合\n"
    )
    [first] = by_path["一/(一)/1"].tasks
    assert (first.lead_units, first.participating_units) == (["市财政局"], ["市国资委", "各区政府"])
    assert first.deadline == "2026年6月底前"
    assert by_path["一/(一)/2"].tasks[0].lead_units == ["市人社局"]
    assert by_path["一/(一)/3"].tasks == []  # a sentence about units is not a list of them


def test_a_bracket_of_units_alone_closing_an_item_names_its_responsible_units():
    by_path = nodes_by_path(
        "一、重点任务\n"
        "(一)完善要素市场。(国家发展改革委、自然资源部等部门)\n"
        "(二)扩大对外开放(含自由贸易试验区)。\n"
        "(三)推进区域合作,加强同各省区政府(含计划单列市)的协作。\n"
    )
    [task] = by_path["一/(一)"].tasks
    assert (task.lead_units, task.participating_units) == (["国家发展改革委"], ["自然资源部"])
    assert by_path["一/(二)"].tasks == [] and by_path["一/(三)"].tasks == []


# Issue 18, fifth round: forms of the fifth unseen batch.


@pytest.mark.parametrize(
    "note",
    [
        "列第一位的为牵头单位,下同",
        "排在第一位的为牵头单位",
        "第一个单位为牵头单位",
        "排名第一的為牽頭單位,下同",
        "牵头单位列第一位",
        "列第一位者为牵头单位",
        "由排名第一的单位牵头",
    ],
)
def test_a_documents_own_statement_that_the_first_listed_leads_is_applied(note):
    by_path = nodes_by_path(
        "一、激发市场活力\n"
        f"1.推进简政放权。(省发展改革委、省编办、省自然资源厅等负责,{note})\n"
        "2.支持企业境外并购。(人民银行沈阳分行、省财政厅负责)\n"
        "3.深化民营经济改革。(省工业和信息化厅、省市场监管局负责,2026年底前)\n"
    )
    [first] = by_path["一/1"].tasks
    assert (first.lead_units, first.participating_units) == (
        ["省发展改革委"],
        ["省编办", "省自然资源厅"],
    )
    [second] = by_path["一/2"].tasks
    assert (second.lead_units, second.participating_units) == (["人民银行沈阳分行"], ["省财政厅"])
    [third] = by_path["一/3"].tasks
    assert (third.lead_units, third.participating_units) == (["省工业和信息化厅"], ["省市场监管局"])
    assert third.deadline == "2026年底前"


def test_a_convention_stated_in_the_notice_applies_to_the_units_listed_later():
    by_path = nodes_by_path(
        "各区人民政府,市政府各部门:\n"
        "现将分工印发给你们。责任单位中,排名第一的责任单位为牵头单位,其他列入单位为参与单位。\n"
        "一、稳增长\n"
        "(一)地区生产总值增长6%。(市发改委、市统计局负责)\n"
    )
    [task] = by_path["一/(一)"].tasks
    assert (task.lead_units, task.participating_units) == (["市发改委"], ["市统计局"])


def test_units_that_each_lead_a_share_keep_leading_under_the_convention():
    by_path = nodes_by_path(
        "一、收入\n"
        "(一)城乡居民收入增长7%。(市发改委、市农委、市统计局分别负责,列第一位的为牵头单位)\n"
    )
    assert by_path["一/(一)"].tasks[0].lead_units == ["市发改委", "市农委", "市统计局"]


def test_without_a_stated_convention_a_list_of_responsible_units_reads_as_before():
    by_path = nodes_by_path(
        "一、基础设施\n"
        "1.加快铁路建设。(省发改委、铁路办、相关市、县政府负责)\n"
        "2.推进农村公路。\n责任单位:省交通运输厅、省财政厅\n"
    )
    assert by_path["一/1"].tasks[0].lead_units == ["省发改委", "铁路办", "相关市、县政府"]
    [second] = by_path["一/2"].tasks
    assert (second.lead_units, second.participating_units) == (["省交通运输厅"], ["省财政厅"])


def test_a_document_stating_that_every_responsible_unit_leads():
    by_path = nodes_by_path(
        "说明:表中责任单位均为牵头单位。\n"
        "一、重点任务\n"
        "1.推进老旧小区改造。\n责任单位:市住建局、市财政局\n"
    )
    [task] = by_path["一/1"].tasks
    assert (task.lead_units, task.participating_units) == (["市住建局", "市财政局"], [])


def test_an_item_closed_by_a_sentence_naming_its_lead_and_participants():
    by_path = nodes_by_path(
        "一、粮食产能工程\n"
        "1.农机化工程:新建现代农机合作社30个。省农委牵头,省发改委、农垦总局等单位配合。\n"
        "2.水利工程:省水利厅牵头抓好灌区建设,确保年底前开工。\n"
        "3.科技支撑:各地要加强配合。\n"
    )
    [first] = by_path["一/1"].tasks
    assert (first.lead_units, first.participating_units) == (["省农委"], ["省发改委", "农垦总局"])
    assert by_path["一/2"].tasks == []  # a sentence that does the work is not an annotation
    assert by_path["一/3"].tasks == []


def test_he_and_ji_join_the_last_units_of_a_list():
    assert split_names("自治区发展改革委、环保厅和内蒙古电力监管办及相关盟市", never_unit) == [
        "自治区发展改革委",
        "环保厅",
        "内蒙古电力监管办",
        "相关盟市",
    ]
    assert split_names("国土资源厅、环保厅及相关盟市", never_unit) == [
        "国土资源厅",
        "环保厅",
        "相关盟市",
    ]
    # A name that contains 和 stays whole.
    assert split_names("工业和信息化厅、人力资源和社会保障局", never_unit) == [
        "工业和信息化厅",
        "人力资源和社会保障局",
    ]


def test_units_alone_beside_the_convention_note_in_their_bracket():
    by_path = nodes_by_path(
        "一、明確糧食安全責任\n"
        "(一)增強糧食安全意識。(市發改委、市農委、各縣市區人民政府、中儲糧湘潭直屬庫。"
        "排名第一的為牽頭單位,下同)\n"
        "(二)落實儲備規模。(市商務糧食局、市財政局)\n"
    )
    [first] = by_path["一/(一)"].tasks
    # Named in simplified form, as the mainland original names them (a traditional copy).
    assert first.lead_units == ["市发改委"]
    assert first.participating_units == ["市农委", "各县市区人民政府", "中储粮湘潭直属库"]
    [second] = by_path["一/(二)"].tasks
    assert (second.lead_units, second.participating_units) == (["市商务粮食局"], ["市财政局"])


def test_a_column_headed_lead_slash_responsible_units_reads_its_first_unit_as_lead():
    by_path = nodes_by_path(
        "附件:重点任务分工表\n"
        "序号 重点任务 牵头单位/责任单位 完成时限\n"
        "一、稳定增长\n"
        "1.推进重大项目建设。(市发改委、市住建局、市自然资源局负责)\n"
    )
    [task] = by_path["一/1"].tasks
    assert (task.lead_units, task.participating_units) == (
        ["市发改委"],
        ["市住建局", "市自然资源局"],
    )


def test_a_table_a_cell_a_line_with_a_grouping_column_and_the_lead_column_last():
    by_path = nodes_by_path(
        "2023年重点工作责任分解\n\n分类\n\n序号\n\n事项\n\n责任单位\n\n牵头单位\n\n"
        "发展目标\n\n1\n\n地区生产总值增长6.5%以上。\n\n区农业农村局、区发改局、区交通局\n\n区发改局\n\n"
        "2\n\n农业增加值增长3.5%。\n\n区农业农村局\n\n区农业农村局\n\n"
        "激发市场活力\n\n3\n\n深化政务服务“一网通办”。\n\n区行政服务中心、区数据局\n\n区行政服务中心\n"
    )
    [first] = by_path["1"].tasks
    assert (first.lead_units, first.participating_units) == (
        ["区发改局"],
        ["区农业农村局", "区交通局"],
    )
    [second] = by_path["2"].tasks
    assert (second.lead_units, second.participating_units) == (["区农业农村局"], [])
    [third] = by_path["3"].tasks
    assert third.text == "深化政务服务“一网通办”。"
    assert (third.lead_units, third.participating_units) == (["区行政服务中心"], ["区数据局"])


def test_a_table_a_cell_a_line_cut_short_inside_its_last_row():
    by_path = nodes_by_path(
        "2024年政府工作报告重点工作责任分解\n\n序号\n\n主  要  工  作  任  务\n\n责 任 单 位\n\n"
        "1\n\n生产总值增长6%左右。\n\n发改局\n\n"
        "2\n\n社会消费品零售总额增长6%。\n\n商务局\n\n"
        "3\n\n城乡居民人均可支配收入增长与经济增长"
    )
    [second] = by_path["2"].tasks
    assert second.lead_units == ["商务局"]
    assert by_path["3"].text == "城乡居民人均可支配收入增长与经济增长"
    assert by_path["3"].tasks == []  # its unit cell is cut off: no unit is guessed


def test_pinyin_a_host_inserts_after_characters_is_dropped():
    by_path = nodes_by_path(
        "一、重點(diǎn)任務(wù)\n"
        "1. 加強(qiáng)規(guī)劃源頭管控。(牽頭單位:省自然資源廳;責(zé)任單位:省住房城鄉(xiāng)建設(shè)廳,"
        "各市、縣人民政府)\n"
    )
    [task] = by_path["一/1"].tasks
    assert task.text == "加強規劃源頭管控。"
    # Units in simplified form, as the mainland original names them (a traditional copy).
    assert task.lead_units == ["省自然资源厅"]
    assert task.participating_units == ["省住房城乡建设厅", "各市、县人民政府"]


def test_latin_in_brackets_without_a_tone_mark_stays():
    [task] = tasks_of("1.研究与试验发展(R&D)经费投入强度达到2.6%。(区科技局负责)\n")
    assert task.text == "研究与试验发展(R&D)经费投入强度达到2.6%。"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("省政府各部门、各直属机构", ["省政府各部门", "省政府各直属机构"]),
        ("區人民政府各部門、各直屬機構", ["區人民政府各部門", "區人民政府各直屬機構"]),
        ("国务院各部委、各直属机构", ["国务院各部委", "国务院各直属机构"]),
        # A collective of places after the organs is not theirs.
        ("省政府各部门、各市人民政府", ["省政府各部门", "各市人民政府"]),
        ("省发展改革委、各直属机构", ["省发展改革委", "各直属机构"]),
    ],
)
def test_organs_listed_after_their_government_share_it(written, expected):
    assert split_names(written, never_unit) == expected


def test_a_responsibility_line_closing_an_item_whose_measures_have_none_is_the_items():
    by_path = nodes_by_path(
        "(一)“一案三制”建设\n"
        "1.完善应急预案体系\n"
        "(1)加强应急预案管理,规范应急预案编制、审批和备案。\n"
        "(2)推进应急预案“精编化”,促进基层应急预案编制全覆盖。\n"
        "(3)加强应急预案演练,完善演练管理制度。\n"
        "(责任单位:市应急局、各县(市、区)人民政府、各开发区管委会)\n"
        "2.健全应急管理体制\n"
        "(1)完善应急管理领导机构。\n"
    )
    [task] = by_path["(一)/1"].tasks
    assert task.text == "完善应急预案体系"
    assert task.lead_units == ["市应急局"]
    assert task.participating_units == ["各县(市、区)人民政府", "各开发区管委会"]
    assert [by_path[f"(一)/1/({n})"].tasks for n in (1, 2, 3)] == [[], [], []]


def test_a_responsibility_line_after_measures_with_their_own_stays_with_the_last():
    by_path = nodes_by_path(
        "(一)“一案三制”建设\n"
        "1.完善应急预案体系\n"
        "(1)加强应急预案管理。(市应急局负责)\n"
        "(2)推进应急预案“精编化”。(市司法局负责)\n"
        "(3)加强应急预案演练,完善演练管理制度。\n"
        "(责任单位:市应急局、各县(市、区)人民政府)\n"
        "2.健全应急管理体制\n"
    )
    assert by_path["(一)/1"].tasks == []
    [last] = by_path["(一)/1/(3)"].tasks
    assert (last.lead_units, last.participating_units) == (["市应急局"], ["各县(市、区)人民政府"])
    assert [task.lead_units for task in by_path["(一)/1/(1)"].tasks] == [["市应急局"]]


def test_a_table_a_row_a_line_with_a_grouping_column():
    by_path = nodes_by_path(
        "2023年重点工作责任分解\n分类 序号 事项 责任单位 牵头单位\n"
        "发展目标 1 地区生产总值增长6.5%以上。 区农业农村局、区发改局 区发改局\n"
        "2 农业增加值增长3.5%。 区农业农村局 区农业农村局\n"
        "激发市场活力 3 深化政务服务一网通办。 区行政服务中心、区数据局 区行政服务中心\n"
    )
    [first] = by_path["1"].tasks
    assert (first.lead_units, first.participating_units) == (["区发改局"], ["区农业农村局"])
    [third] = by_path["3"].tasks
    assert (third.text, third.lead_units) == ("深化政务服务一网通办。", ["区行政服务中心"])


def test_a_table_a_cell_a_line_whose_row_has_an_empty_cell():
    by_path = nodes_by_path(
        "2023年重点工作责任分解\n\n序号\n\n事项\n\n牵头单位\n\n配合单位\n\n完成时限\n\n"
        "1\n\n地区生产总值增长6.5%以上。\n\n区发改局\n\n区统计局\n\n2023年底\n\n"
        "2\n\n农业增加值增长3.5%。\n\n区农业农村局\n\n2023年底\n\n"  # no 配合单位
        "3\n\n深化政务服务。\n\n区行政服务中心\n\n区数据局\n\n长期坚持\n"
    )
    [second] = by_path["2"].tasks
    assert (second.text, second.lead_units, second.participating_units) == (
        "农业增加值增长3.5%。",
        ["区农业农村局"],
        [],
    )
    assert second.deadline == "2023年底"
    [third] = by_path["3"].tasks
    assert (third.lead_units, third.participating_units) == (["区行政服务中心"], ["区数据局"])
    assert third.deadline == "长期坚持"


@pytest.mark.parametrize(
    ("written", "lead", "participants"),
    [
        ("(牵头:市发改委;配合:市财政局、市商务局)", ["市发改委"], ["市财政局", "市商务局"]),
        ("（牵头：市发改委；参与：市财政局）", ["市发改委"], ["市财政局"]),
        ("(责任主体:市发改委、市财政局)", ["市发改委"], ["市财政局"]),
        ("(市发改委负总责,市财政局配合)", ["市发改委"], ["市财政局"]),
    ],
)
def test_short_labels_and_fu_zong_ze(written, lead, participants):
    [task] = tasks_of(f"1.推进重大项目建设。{written}\n")
    assert (task.lead_units, task.participating_units) == (lead, participants)


def test_tables_flattened_to_text_in_traditional_script():
    by_path = nodes_by_path(
        "2023年重點工作責任分解\n\n分類\n\n序號\n\n事項\n\n責任單位\n\n牽頭單位\n\n發展目標\n\n"
        "1\n\n地區生產總值增長6.5%以上。\n\n區農業農村局、區發改局\n\n區發改局\n\n"
        "2\n\n農業增加值增長3.5%。\n\n區農業農村局\n\n區農業農村局\n"
    )
    [first] = by_path["1"].tasks
    assert (first.lead_units, first.participating_units) == (["区发改局"], ["区农业农村局"])
    rows = nodes_by_path(
        "量化指標任務分工\n序號 工 作 任 務 牽頭負責部門\n1 居民消費價格漲幅3%左右 發展改革委\n"
        "2 城鎮新增就業1000萬人以上 人力資源社會保障部\n"
    )
    assert [task.lead_units for task in rows["2"].tasks] == [["人力资源社会保障部"]]

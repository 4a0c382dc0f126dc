"""The same document in other forms (issue 18): each rule of the canonical form the parser
reads (layout.py, text.py) with the form it undoes, and the figures of
bench/parse_variants.py held."""

import pytest

from zhenxing.policies.parser.document import parse_document
from zhenxing.policies.parser.suggest import registry_from_database
from zhenxing.policies.parser.text import matching_form
from zhenxing.policies.tests.corpus import documents, parse_with
from zhenxing.policies.tests.variants import (
    TABLE_TRANSFORMATIONS,
    TRANSFORMATIONS,
    is_table,
    right_in_original,
    variant_scores,
)

# Items still exactly right in each form, of those right as written (bench/parse_variants.py:
# the achieved figure in the comment, the floor just under it).
FLOORS = {
    "half_width": 0.98,  # 201/201
    "full_width_punctuation": 0.98,  # 201/201
    "full_width": 0.98,  # 201/201 (171/201 before the fixes)
    "traditional": 0.98,  # 201/201 (171/201)
    "traditional_taiwan": 0.98,  # 201/201 (171/201)
    "one_line": 0.97,  # 199/201 (183/201)
    "hard_wrapped": 0.90,  # 184/201 (161/201)
    "host_noise": 0.98,  # 201/201
    "table_tabs": 0.96,  # 30/30
    "table_pipes": 0.96,  # 30/30 (0/30)
    "table_cells": 0.96,  # 30/30
}


# The share of documents each transformation changes: most are stored half-width already
# (half_width changes one), and only those with two items in a row can run them on one line.
CHANGED = {"half_width": 0.01, "one_line": 0.4}


def test_every_transformation_changes_the_documents_it_applies_to():
    corpus = documents()
    tables = [document for document in corpus if is_table(document["text"])]
    assert len(tables) >= 6
    for name, transform in TRANSFORMATIONS.items():
        subjects = tables if name in TABLE_TRANSFORMATIONS else corpus
        changed = [d for d in subjects if transform(d["text"]) != d["text"]]
        assert len(changed) >= len(subjects) * CHANGED.get(name, 0.8), name


def test_the_parser_holds_its_answers_in_every_form(mechanism):
    parse = parse_with(registry_from_database())
    held = right_in_original(parse)
    assert sum(len(items) for _, items in held) >= 195
    results = variant_scores(parse, held)
    assert {result.name for result in results} == set(FLOORS)
    for result in results:
        assert result.scores.items >= 30, result.name
        assert result.scores.exact_ratio >= FLOORS[result.name], (
            result.name,
            result.scores.misses,
        )


def leads_by_path(text):
    """Each item's lead units, as the corpus compares names (simplified, half-width)."""
    document = parse_document(text)
    return {
        node.path: [matching_form(name) for name in node.tasks[0].lead_units]
        for node in document.nodes
        if node.tasks
    }


def tasks_by_path(text):
    document = parse_document(text)
    return {node.path: node.tasks[0] for node in document.nodes if node.tasks}


@pytest.mark.parametrize(
    "table",
    [
        # A big5 gateway: the header and the labels in traditional script.
        "序號\n重點工作\n牽頭單位\n1\n地區生產總值增長6%\n市發展改革委\n2\n財政收入增長5%\n市財政局\n",
        # A gateway serving full-width: row numbers １, ２.
        "序号\n重点工作\n牵头单位\n１\n地区生产总值增长６％\n市发展改革委\n２\n财政收入增长５％\n市财政局\n",
        "序號 重點工作 牽頭單位\n1 地區生產總值增長6% 市發展改革委\n2 財政收入增長5% 市財政局\n",
    ],
)
def test_a_table_in_traditional_script_or_full_width_is_read(table):
    leads = leads_by_path("某市2022年重点工作责任分解表\n" + table)
    assert leads == {"1": ["市发展改革委"], "2": ["市财政局"]}


@pytest.mark.parametrize(("separator", "edge"), [(" | ", "| "), ("\t", ""), ("｜", "｜")])
def test_a_table_a_row_a_line_with_cells_set_apart_by_bars_or_tabs(separator, edge):
    def row(*cells):
        return edge + separator.join(cells) + edge[::-1] + "\n"

    table = row("序号", "重点工作", "进展情况", "牵头单位", "责任单位", "完成时限")
    table += row("1", "推进 政务公开 标准化", "已启动", "市政府办公室", "各区政府", "2022年底前")
    table += row("2", "优化营商环境", "进行中", "市发展改革委", "", "全年")
    tasks = tasks_by_path("某市2022年重点工作责任分解表\n" + table)
    assert tasks["1"].lead_units == ["市政府办公室"]
    assert tasks["1"].participating_units == ["各区政府"]
    assert tasks["1"].deadline == "2022年底前"
    assert tasks["2"].lead_units == ["市发展改革委"] and tasks["2"].participating_units == []
    assert tasks["2"].deadline == "全年"


def test_a_pdf_s_running_header_after_a_page_number_is_dropped():
    text = (
        "某市人民政府办公室关于印发重点工作分工的通知\n"
        "一、稳定经济增长\n"
        "(一)地区生产总值增长6%。(牵头单位:市发展改\n"
        "- 1 -\n"
        "\n"
        "某市人民政府办公室关于印发重点工作分工的通知\n"
        "革委;责任单位:市统计局)\n"
        "(二)财政收入增长5%。(牵头单位:市财政局)\n"
        "- 2 -\n"
        "某市人民政府办公室关于印发重点\n"  # the header cut to one printed line
        "(三)城镇新增就业5万人。(牵头单位:市人社局)\n"
    )
    tasks = tasks_by_path(text)
    assert tasks["一/(一)"].lead_units == ["市发展改革委"]
    assert tasks["一/(一)"].participating_units == ["市统计局"]
    assert "某市" not in tasks["一/(二)"].text + tasks["一/(三)"].text


def test_a_line_after_a_page_number_that_the_document_does_not_repeat_stays():
    text = "一、稳定经济增长\n(一)地区生产总值增长6%。\n- 1 -\n加快发展。(牵头单位:市发展改革委)\n"
    assert "加快发展" in tasks_by_path(text)["一/(一)"].text


def test_items_and_their_label_lines_run_together_on_one_line():
    text = (
        "一、主要预期目标\n"
        "1.地区生产总值增长5%以上。牵头领导:省政府分管领导同志 牵头单位:省发展改革委 "
        "责任单位:省工业和信息化厅、省商务厅等,各市人民政府2.一般公共预算收入增长5%左右。"
        "牵头领导:省政府分管领导同志 牵头单位:省财政厅 责任单位:省税务局3.规模以上工业增加值增长6%。"
    )
    tasks = tasks_by_path(text)
    assert tasks["一/1"].lead_units == ["省发展改革委"]
    assert tasks["一/1"].participating_units == ["省工业和信息化厅", "省商务厅", "各市人民政府"]
    assert tasks["一/2"].lead_units == ["省财政厅"]
    assert tasks["一/2"].participating_units == ["省税务局"]
    assert "一/3" in [node.path for node in parse_document(text).nodes]


def test_an_item_titled_with_digits_after_an_annotation_on_the_same_line():
    text = (
        "一、人才项目\n"
        "10.“羊城学者”特聘岗位项目。(牵头单位:市委组织部,配合单位:各有关单位)"
        "11.121人才梯队项目。重点培养后备人才。(牵头单位:市人力资源和社会保障局)\n"
    )
    tasks = tasks_by_path(text)
    assert tasks["一/11"].lead_units == ["市人力资源和社会保障局"]
    assert tasks["一/10"].lead_units == ["市委组织部"]


def test_a_wrapped_line_carrying_the_next_item_in_its_middle():
    text = (
        "一、产业项目\n"
        "1.抓好600个省级重点产业项目,确保年度投资达到2000亿元。(省发改委主办,省工信\n"
        "委、科技厅协办)2.重点抓好一批技术领先的项目,促\n"
        "进尽快落实、落地。(省工信委主办,省发改委协办)\n"
    )
    tasks = tasks_by_path(text)
    assert tasks["一/1"].participating_units == ["省工信委", "科技厅"]
    assert tasks["一/2"].lead_units == ["省工信委"]
    assert tasks["一/2"].participating_units == ["省发改委"]


@pytest.mark.parametrize(
    "line",
    [
        "完成目标。2.5万人次培训任务。(省人社厅负责)",  # a decimal, not item 2
        "完成第1、2季度任务。3.推进改革。(省人社厅负责)",  # 3 does not follow 1
    ],
)
def test_numbers_inside_a_line_without_its_own_marker_stay_text(line):
    document = parse_document(f"一、目标\n1.推进就业。\n{line}\n")
    assert [node.path for node in document.nodes] == ["一", "一/1"]


@pytest.mark.parametrize(
    "annotation",
    [
        "〔责任单位:\n省市场监管局、省商务厅〕",
        "(牵头单位:省市场监管局;\n责任单位:省商务厅)",
    ],
)
def test_an_annotation_broken_across_lines_inside_its_bracket(annotation):
    text = f"一、优化环境\n(一)优化市场准入环境。持续实施“歇业登记”等新制度。{annotation}\n(二)推进改革。\n"
    task = tasks_by_path(text)["一/(一)"]
    assert task.lead_units == ["省市场监管局"]
    assert task.participating_units == ["省商务厅"]


def test_an_item_titled_with_digits_after_a_line_that_fills_the_printed_width():
    lines = [
        "一、人才项目",
        "10.羊城学者特聘岗位项目。面向全市高校、科研机构和企事业单",
        "位选聘一批学科带头人、科技领军人才,促进学科专业发展。(牵头",
        "单位:市委组织部,配合单位:市教育局、市科技和信息化局)",
        "11.121人才梯队项目。重点培养不少于10名站在世界科技前沿的",
        "后备人才,不少于20名具有国内领先水平的国家级人选后备人才。",
        "(牵头单位:市人力资源和社会保障局,配合单位:各区、县级市)",
    ]
    # The rest of the page, wrapped at the same width (the parser finds the printed width).
    lines += ["围绕战略性主导产业重点学科和公共管理领域建设发展需要,面向全"] * 12
    tasks = tasks_by_path("\n".join(lines))
    assert tasks["一/10"].participating_units == ["市教育局", "市科技和信息化局"]
    assert tasks["一/11"].lead_units == ["市人力资源和社会保障局"]


def test_a_title_after_a_page_number_at_the_very_top_stays():
    document = parse_document(
        "- 2 -\n某市人民政府关于印发重点工作分工的通知\n一、目标\n1.推进改革。"
    )
    assert document.metadata.title == "某市人民政府关于印发重点工作分工的通知"

"""The structure parser on seed 003 and on messy copies of it."""

import re
import textwrap
from pathlib import Path

import pytest

from zhenxing.policies.parser.document import parse_document
from zhenxing.policies.parser.structure import chinese_number, find_marker
from zhenxing.policies.parser.text import clean_line, to_simplified

SEED = (Path(__file__).parent / "data" / "seed_003.txt").read_text("utf-8")
SEED_PARTS = [
    "重大意义和总体要求",
    "着力完善体制机制",
    "着力推进结构调整",
    "着力鼓励创新创业",
    "着力保障和改善民生",
    "切实抓好组织落实",
]
SEED_ARTICLES = [
    "面临形势", "重大意义", "总体思路", "发展目标", "加快转变政府职能", "进一步推进国资国企改革",
    "大力支持民营经济发展", "深入推进重点专项领域改革", "主动融入、积极参与“一带一路”建设战略",
    "对接京津冀等经济区构建区域合作新格局", "促进装备制造等优势产业提质增效", "积极培育新产业新业态",
    "大力发展以生产性服务业为重点的现代服务业", "加快发展现代化大农业", "不断提升基础设施水平",
    "完善区域创新体系", "促进科教机构与区域发展紧密结合", "加大人才培养和智力引进力度",
    "切实解决好社保、就业等重点民生问题", "全面实施棚户区、独立工矿区改造等重大民生工程",
    "推进城市更新改造和城乡公共服务均等化", "促进资源型城市可持续发展", "打造北方生态屏障和山青水绿的宜居家园",
    "明确主体责任", "加大政策支持", "强化组织协调",
]  # fmt: skip


def headings(document, kind):
    return [node.heading for node in document.nodes if node.kind == kind]


def test_seed_003_has_six_parts_and_twenty_six_articles_with_exact_headings():
    document = parse_document(SEED)
    assert headings(document, "part") == SEED_PARTS
    assert headings(document, "article") == SEED_ARTICLES
    assert document.metadata.title == "中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见"
    assert document.metadata.issuer == "中共中央 国务院"
    assert document.metadata.kind == "opinions"


def test_seed_003_paths_levels_and_text_without_spurious_spaces():
    document = parse_document(SEED)
    paths = [node.path for node in document.nodes]
    assert paths[:3] == ["一", "一/(一)", "一/(二)"]
    assert "六/(二十六)" in paths
    for node in document.nodes:
        assert node.level == node.path.count("/") + 1
        assert not re.search(
            r"[\u4e00-\u9fff，。、][ \u3000]|[ \u3000][\u4e00-\u9fff，。、]", node.text
        ), node.path
    article_15 = next(node for node in document.nodes if node.path == "三/(十五)")
    assert "尽早建成京沈高铁" in article_15.text
    assert article_15.text.startswith("不断提升基础设施水平。实施东北地区低标准铁路扩能改造工程")
    assert "为适应把握引领经济发展新常态" in document.preamble


def _wrap(text: str, width: int) -> str:
    lines = []
    for line in text.split("\n"):
        lines.extend(textwrap.wrap(clean_line(line), width) or [""])
    return "\n".join(lines)


@pytest.mark.parametrize("width", [24, 37, 52])
def test_hard_wrapped_copy_parses_like_the_original(width):
    original = parse_document(SEED)
    wrapped = parse_document(_wrap(SEED, width))
    assert headings(wrapped, "part") == SEED_PARTS
    assert headings(wrapped, "article") == SEED_ARTICLES
    for left, right in zip(original.nodes, wrapped.nodes, strict=True):
        assert left.path == right.path
        assert left.text.replace("\n", "") == right.text.replace("\n", "")


def test_full_width_markers_line_breaks_inside_words_and_site_noise():
    noisy = SEED.replace("(", "（").replace(")", "）")
    noisy = noisy.replace("加快转变政府职能。", "加快转变 政府\u3000职能。")
    noisy = (
        "首页 > 政策 > 政府信息公开\n【字体：大 中 小】 打印本页 关闭窗口\n"
        "标　　题：中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见\n"
        "发文字号：中发〔2016〕7号\n成文日期：2016年04月26日\n"
        + noisy
        + "\n扫一扫在手机打开当前页\n责任编辑：张三\n【我要纠错】\n版权所有：中国政府网 京ICP备05070218号\n"
    )
    document = parse_document(noisy)
    assert headings(document, "part") == SEED_PARTS
    assert headings(document, "article") == SEED_ARTICLES
    assert document.metadata.document_number == "中发〔2016〕7号"
    assert str(document.metadata.date) == "2016-04-26"
    last = document.nodes[-1].text
    assert "责任编辑" not in last and "扫一扫" not in last and "ICP" not in last
    first_article = document.nodes[1]
    assert first_article.marker == "（一）" and first_article.path == "一/(一)"


def test_traditional_script_copy():
    traditional = (
        "國務院關於深入推進東北振興的意見\n"
        "一、總體要求\n"
        "（一）加快轉變政府職能。進一步理順政府和市場關係（國家發展改革委牽頭，財政部等按職責分工負責）。\n"
        "二、重點任務\n"
        "（二）推進國有企業改革。深化國有企業改革。\n"
    )
    document = parse_document(traditional)
    assert headings(document, "part") == ["總體要求", "重點任務"]
    assert headings(document, "article") == ["加快轉變政府職能", "推進國有企業改革"]
    task = document.nodes[1].tasks[0]
    # Headings as written; units in simplified form, as the original and the registry name them.
    assert task.lead_units == ["国家发展改革委"]
    assert task.participating_units == ["财政部"]
    assert document.metadata.kind == "opinions"
    assert to_simplified("國務院國資委") == "国务院国资委"


def test_items_sub_items_and_circled_numbers_nest_under_articles():
    text = (
        "一、主要任务\n（一）推进改革。\n1．深化国企改革。\n（1）推进混改。\n⑵完善治理。\n①健全董事会。\n②规范监事会。\n"
        "2、优化营商环境。\n3.加强监管。\n（二）扩大开放。\n"
    )
    document = parse_document(text)
    paths = [node.path for node in document.nodes]
    assert paths == [
        "一", "一/(一)", "一/(一)/1", "一/(一)/1/(1)", "一/(一)/1/⑵", "一/(一)/1/⑵/①", "一/(一)/1/⑵/②",
        "一/(一)/2", "一/(一)/3", "一/(二)",
    ]  # fmt: skip
    assert [node.kind for node in document.nodes][:4] == ["part", "article", "item", "subitem"]


def test_numbers_out_of_sequence_stay_text():
    text = "一、总体要求\n（一）推进改革。实施以下措施\n2016年完成试点。\n(五)这不是条款而是正文中的括号\n（二）扩大开放。\n"
    document = parse_document(text)
    assert [node.path for node in document.nodes] == ["一", "一/(一)", "一/(二)"]
    assert "2016年完成试点" in document.nodes[1].text
    assert "(五)这不是条款" in document.nodes[1].text


def test_marker_recognition_and_chinese_numbers():
    assert (
        chinese_number("二十六") == 26
        and chinese_number("十五") == 15
        and chinese_number("一百零三") == 103
    )
    assert find_marker("（二十六）强化组织协调。").label == "(二十六)"
    assert find_marker("1．加强领导").label == "1"
    assert find_marker("1.5万亿元投资") is None
    assert find_marker("第三部分 重点任务").label == "第三部分"
    assert find_marker("⑶完善").label == "⑶"


def test_breadcrumb_above_an_unlabelled_title_is_not_part_of_it():
    copy = (
        "首页 > 政务公开 > 通知公告\n"
        "辽宁省人民政府办公厅关于印发重点任务分工方案的通知\n辽政办发〔2023〕5号\n"
        "一、加快建设现代化产业体系\n（一）推动传统产业转型升级。\n"
    )
    metadata = parse_document(copy).metadata
    assert metadata.title == "辽宁省人民政府办公厅关于印发重点任务分工方案的通知"
    assert metadata.issuer == "辽宁省人民政府办公厅"
    assert metadata.document_number == "辽政办发〔2023〕5号"


def test_title_wrapped_over_two_lines_is_joined():
    copy = (
        "国务院办公厅关于印发东北地区振兴三年行动\n实施方案的通知\n一、总体要求\n（一）指导思想。\n"
    )
    assert (
        parse_document(copy).metadata.title
        == "国务院办公厅关于印发东北地区振兴三年行动实施方案的通知"
    )


def test_a_simplified_document_keeps_its_names_as_written():
    """Characters that also have a traditional reading (乾安县, not 干安县) stay in a simplified
    document: only a document written in traditional script has its unit names simplified."""
    document = parse_document(
        "一、重点任务\n（一）推进乾安县盐碱地治理（乾安县人民政府牵头，松原市政府配合）。\n"
    )
    [task] = document.nodes[1].tasks
    assert task.lead_units == ["乾安县人民政府"]
    assert task.participating_units == ["松原市政府"]

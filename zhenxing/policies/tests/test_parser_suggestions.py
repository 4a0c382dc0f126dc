"""Lead-unit suggestions from the shipped registry, and the `policy parse` command contract."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhenxing.audit.models import ChangeRecord
from zhenxing.policies.parser.document import parse_document
from zhenxing.policies.parser.suggest import registry_from_database

SEED_PATH = Path(__file__).parent / "data" / "seed_003.txt"


@pytest.fixture
def parsed_seed(mechanism):
    return parse_document(SEED_PATH.read_text("utf-8"), registry=registry_from_database())


def suggested(document, path):
    node = next(node for node in document.nodes if node.path == path)
    return [suggestion.unit for suggestion in node.suggestions]


def test_article_26_ranks_ndrc_first(parsed_seed):
    assert suggested(parsed_seed, "六/(二十六)")[0] == "国家发展和改革委员会"


def test_article_15_infrastructure_suggests_railway_aviation_and_energy_units(parsed_seed):
    units = suggested(parsed_seed, "三/(十五)")
    assert {"国家铁路局", "中国国家铁路集团有限公司"} & set(units), units
    assert "中国民用航空局" in units
    assert "国家能源局" in units


def test_explicit_mentions_and_collective_names(parsed_seed):
    # 中央财政 is an explicit mention of 财政部. The article also names 中央预算内投资 four times
    # and 独立工矿区/采煤沉陷区 (NDRC's duties), so NDRC may rank above it; both lead the list.
    article_20 = next(node for node in parsed_seed.nodes if node.path == "五/(二十)")
    top_two = {suggestion.unit: suggestion for suggestion in article_20.suggestions[:2]}
    assert set(top_two) == {"财政部", "国家发展和改革委员会"}
    assert "提及：中央财政" in top_two["财政部"].reason
    assert "国家开发银行" in suggested(parsed_seed, "五/(二十)")
    provinces = set(suggested(parsed_seed, "六/(二十四)")[:4])
    assert provinces == {
        "辽宁省人民政府",
        "吉林省人民政府",
        "黑龙江省人民政府",
        "内蒙古自治区人民政府",
    }
    assert suggested(parsed_seed, "二/(六)")[0] == "国务院国有资产监督管理委员会"


def test_every_suggestion_carries_its_reason(parsed_seed):
    node = next(node for node in parsed_seed.nodes if node.path == "六/(二十六)")
    assert "国家发展改革委" in node.suggestions[0].reason
    for node in parsed_seed.nodes:
        for suggestion in node.suggestions:
            assert suggestion.reason and suggestion.score > 0


def test_leading_group_itself_is_never_suggested(parsed_seed):
    for node in parsed_seed.nodes:
        assert "国务院振兴东北地区等老工业基地领导小组" not in [s.unit for s in node.suggestions]


def test_province_documents_resolve_their_own_commission(mechanism):
    text = "辽宁省人民政府关于推进振兴的实施意见\n一、重点任务\n（一）优化营商环境（省发展改革委牵头，2017年底前完成）。\n"
    registry = registry_from_database(region_code="210000")
    document = parse_document(text, registry=registry)
    task = document.nodes[1].tasks[0]
    assert task.lead_units == ["省发展改革委"]
    [unit_id] = registry.resolve("省发展改革委")
    assert registry.units[unit_id].full_name == "辽宁省发展和改革委员会"
    jilin = registry_from_database(region_code="220000")
    assert jilin.units[jilin.resolve("省发展改革委")[0]].full_name == "吉林省发展和改革委员会"


def test_unresolved_names_stay_visible(mechanism):
    text = "一、任务\n（一）推进改革（省振兴办牵头，国家发展改革委配合）。\n"
    document = parse_document(text, registry=registry_from_database())
    task = document.nodes[1].tasks[0]
    assert task.lead_units == ["省振兴办"]
    assert task.participating_units == ["国家发展改革委"]


def test_policy_parse_command_prints_the_contract_json_and_writes_nothing(mechanism, tmp_path):
    before = ChangeRecord.objects.count()
    out = StringIO()
    call_command("policy", "parse", str(SEED_PATH), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert ChangeRecord.objects.count() == before
    assert {"title", "document_number", "issuer", "date", "nodes"} <= set(data)
    assert data["title"] == "中共中央 国务院关于全面振兴东北地区等老工业基地的若干意见"
    articles = [node for node in data["nodes"] if node["level"] == 2]
    assert len(articles) == 26 and len([n for n in data["nodes"] if n["level"] == 1]) == 6
    node = articles[-1]
    assert (
        node["path"] == "六/(二十六)"
        and node["marker"] == "(二十六)"
        and node["heading"] == "强化组织协调"
    )
    assert node["suggested_lead_units"][0] == {
        "unit": "国家发展和改革委员会",
        "score": node["suggested_lead_units"][0]["score"],
        "reason": node["suggested_lead_units"][0]["reason"],
    }
    assert node["tasks"] == []


def test_policy_parse_command_task_fields(mechanism, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "一、任务\n（一）推进改革。深化改革（国家发展改革委牵头，财政部等负责，2016年底前完成）。\n",
        "utf-8",
    )
    out = StringIO()
    call_command("policy", "parse", str(path), "--json", stdout=out)
    [task] = json.loads(out.getvalue())["nodes"][1]["tasks"]
    assert task["lead_units"] == ["国家发展改革委"]
    assert task["participating_units"] == ["财政部"]
    assert task["deadline"] == "2016年底前完成"
    assert task["responsibility_text"] == "（国家发展改革委牵头，财政部等负责，2016年底前完成）"
    assert task["text"] == "推进改革。深化改革。"
    assert isinstance(task["suggested_lead_units"], list)


def test_policy_parse_command_errors_are_clear(mechanism, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("policy", "parse", str(tmp_path / "missing.txt"))
    bad = tmp_path / "policy.xls"
    bad.write_bytes(b"x")
    with pytest.raises(CommandError, match="不支持的文件类型"):
        call_command("policy", "parse", str(bad))


def test_the_trie_pattern_finds_what_the_longest_first_alternation_finds():
    """The registry's patterns are tries for speed; they must find the same names as the plain
    alternation of the names sorted longest first, including names that begin other names."""
    import random
    import re

    from zhenxing.policies.parser.suggest import _alternation

    words = [
        "东北",
        "东北三省",
        "东北各省区",
        "辽宁",
        "辽宁省",
        "辽宁省政府",
        "大连",
        "大连市",
        "国家发展改革委",
        "国家发展和改革委员会",
        "发展改革委",
        "财政部",
        "商务部",
        "商务",
        "a+b",
        "(x)",
        "东北振兴",
        "振兴",
    ]
    reference = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = _alternation(words)
    rng = random.Random(20261206)
    pieces = [*words, "和", "的", "省", "、", "（", "）", "推进", "+", "x"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        found = [(m.start(), m.group(0)) for m in trie.finditer(text)]
        assert found == [(m.start(), m.group(0)) for m in reference.finditer(text)], text
    assert _alternation([]) is None and _alternation([""]) is None


def test_always_three_suggestions_each_with_its_reason(mechanism):
    registry = registry_from_database()
    for text in ["安排地方专项债券4000亿元", "做好各项工作", "推进5万个行政村通光纤"]:
        suggestions = registry.suggest(text)
        assert len(suggestions) >= 3, text
        assert all(suggestion.reason for suggestion in suggestions)
    fallback = registry.suggest("做好各项工作")
    assert "没有更具体的依据" in fallback[0].reason


def test_fiscal_and_industrial_tasks_get_their_departments(mechanism):
    registry = registry_from_database()
    assert "财政部" in [
        s.unit for s in registry.suggest("安排财政赤字2.18万亿元,赤字率提高到3%")[:3]
    ]
    assert "工业和信息化部" in [s.unit for s in registry.suggest("推进5万个行政村通光纤")[:3]]


def test_departments_rank_above_enterprises_on_subject_matter_alone(mechanism):
    registry = registry_from_database()
    [first, *_] = registry.suggest("推进5万个行政村通光纤")
    assert first.unit == "工业和信息化部"


def test_a_unit_that_led_a_similar_task_in_a_plan_held_is_suggested(world):
    from zhenxing.orgs.models import Unit
    from zhenxing.policies.models import Task

    unit = Unit.objects.get(full_name="国家统计局")
    plan = Task.objects.filter(plan__isnull=False).first().plan
    Task.objects.create(
        plan=plan,
        position=99,
        code="99",
        title="开展第五次全国经济普查",
        description="开展第五次全国经济普查，摸清各类单位基本情况",
        lead_unit=unit,
    )
    suggestions = registry_from_database().suggest(
        "组织开展第六次全国经济普查，摸清各类单位基本情况"
    )
    mine = next(s for s in suggestions if s.unit == "国家统计局")
    assert "曾牵头类似任务" in mine.reason
    assert suggestions.index(mine) < 3


@pytest.mark.parametrize("name", ["各省区政府", "各省(区、市)人民政府", "各省级人民政府"])
def test_collective_of_provincial_governments_resolves_to_each(mechanism, name):
    registry = registry_from_database()
    assert registry.is_unit(name)
    names = {registry.units[i].full_name for i in registry.resolve(name)}
    assert {"辽宁省人民政府", "吉林省人民政府", "广东省人民政府"} <= names


def test_province_list_without_the_province_prefix_resolves_in_its_province():
    from zhenxing.policies.parser.suggest import CandidateUnit, SuggestionRegistry

    units = [
        CandidateUnit(1, "辽宁省财政厅", "local_department", region_code="210000"),
        CandidateUnit(2, "吉林省财政厅", "local_department", region_code="220000"),
    ]
    names = {"省财政厅": [1, 2], "辽宁省财政厅": [1], "吉林省财政厅": [2]}
    liaoning = SuggestionRegistry(units, names, {}, region_code="210000")
    assert liaoning.resolve("财政厅") == [1]
    assert SuggestionRegistry(units, names, {}).resolve("财政厅") == []  # no province to read it in


def test_policy_parse_command_asks_about_vague_deadlines(mechanism, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("一、任务\n（一）推进改革（财政部牵头，明年春天完成）。\n", "utf-8")
    out = StringIO()
    call_command("policy", "parse", str(path), stdout=out)
    assert "！完成时限“明年春天完成”不够明确" in out.getvalue()
    out = StringIO()
    call_command("policy", "parse", str(path), "--json", stdout=out)
    [task] = json.loads(out.getvalue())["nodes"][1]["tasks"]
    assert task["deadline"] == "明年春天完成" and task["deadline_confidence"] == "unsure"
    assert task["due_date"] and task["warnings"]


# Issue 18, fourth round: duties of the State Council departments under their current names
# (registry.json), the coordinating units that fill the list, the ministry managing a bureau, and
# reasons that name duty phrases. The texts below are written for these tests, not taken from the
# corpus.
@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("做好传染病防治和慢性病防治工作", "国家卫生健康委员会"),
        ("加强青少年近视防治", "国家卫生健康委员会"),
        ("推进跨省异地就医结算", "国家医疗保障局"),
        ("加快办理留抵退税", "国家税务总局"),
        ("全面实行注册制", "中国证券监督管理委员会"),
        ("全面推行林长制", "国家林业和草原局"),
        ("强化质量基础设施建设", "国家市场监督管理总局"),
        ("推进数字政府建设", "国家数据局"),
        ("做好褒扬纪念工作", "退役军人事务部"),
        ("稳步推进碳达峰碳中和", "国家发展和改革委员会"),
        ("做好引进国外智力工作", "科学技术部"),
        # Fifth round: the 三定 of departments the corpus rarely sees, and the 工业和信息化部's
        # 应急通信 and 通信网 duties (two tuning misses).
        ("加强应急通信保障能力建设", "工业和信息化部"),
        ("推进专用通信网和公用通信网协同发展", "工业和信息化部"),
        ("加强农村留守儿童和困境儿童关爱保护", "民政部"),
        ("做好军队离退休干部服务管理", "退役军人事务部"),
        ("推进国家组织药品集中带量采购", "国家医疗保障局"),
        ("做好艾滋病和结核病监测预警", "国家疾病预防控制局"),
        ("实施三北工程攻坚战", "国家林业和草原局"),
        ("完善中央储备粮管理体制", "国家粮食和物资储备局"),
        ("深化体教融合，推进三大球振兴", "国家体育总局"),
        ("推动智慧广电建设", "国家广播电视总局"),
        ("推进大众创业万众创新", "国家发展和改革委员会"),
        ("降低企业用能成本和物流成本", "国家发展和改革委员会"),
        ("推进新型工业化", "工业和信息化部"),
        ("发展银发经济", "民政部"),
        ("加快建设全国统一大市场", "国家发展和改革委员会"),
        ("规范涉企执法", "司法部"),
        ("提高城乡居民基础养老金最低标准", "人力资源和社会保障部"),
        # Written probes of recent 政府工作报告 kinds that found nothing, or the wrong department.
        ("推进育儿补贴制度", "国家卫生健康委员会"),
        ("推进农业转移人口市民化", "国家发展和改革委员会"),
        ("推动外资企业在华投资", "商务部"),
        ("实施长江十年禁渔", "农业农村部"),
        ("完善防止返贫致贫监测帮扶机制", "农业农村部"),
        ("加快建设农业强国", "农业农村部"),
        ("推进生态环境分区管控", "生态环境部"),
        ("推进黄河流域生态保护和高质量发展", "国家发展和改革委员会"),
        ("稳住楼市", "住房和城乡建设部"),
        ("深化文化体制改革", "中共中央宣传部"),
        # 著作权 is 版权 by its legal name (a fifth-round held-out miss, looked at after measuring).
        ("完善著作权登记制度", "中共中央宣传部"),
        # Sixth round: 三定 duties that four tuning misses named only by their subject.
        ("推动中部地区崛起和西部大开发", "国家发展和改革委员会"),
        ("培育安全应急产业", "工业和信息化部"),
        ("控制地下水过量开采引发的地面沉降", "自然资源部"),
        ("规范网络音乐和网络表演经营活动", "文化和旅游部"),
        # A tuning task on credit information, its lead (发展改革委) second behind a filler.
        ("加强公共信用信息归集共享", "国家发展和改革委员会"),
        ("规范信用评级行业发展", "中国人民银行"),
        # Held-out misses, looked at after the held-out half was measured (not blind).
        ("培育一批国际知名展览业品牌", "商务部"),
        ("依法打击非法金融活动", "国家金融监督管理总局"),
        ("加强互联网域名管理", "工业和信息化部"),
        ("开展打击网络侵权盗版专项治理", "中共中央宣传部"),
    ],
)
def test_the_department_whose_duties_the_task_names_is_suggested_first(mechanism, text, unit):
    [first, *_] = registry_from_database().suggest(text)
    assert first.unit == unit and "职责匹配" in first.reason, (first.unit, first.reason)


def test_duty_phrases_match_whatever_the_letter_case():
    from zhenxing.policies.parser.suggest import CandidateUnit, SuggestionRegistry

    registry = SuggestionRegistry(
        [CandidateUnit(1, "工业和信息化部", "central_department", keywords=["5G"])], {}, {}
    )
    [first] = registry.suggest("加快5g网络建设")
    assert first.unit == "工业和信息化部" and first.reason == "职责匹配：5G"


def test_the_list_is_filled_with_coordinating_units_of_the_documents_level(mechanism):
    national = registry_from_database().suggest("做好各项工作")
    assert [s.unit for s in national[:2]] == ["国家发展和改革委员会", "国务院办公厅"]
    assert all("综合协调单位" in s.reason for s in national[:3])
    assert not any(s.unit.startswith(("辽宁省", "吉林省")) for s in national)
    liaoning = registry_from_database(region_code="210000").suggest("做好各项工作")
    assert liaoning[0].unit == "辽宁省人民政府办公厅"


def test_the_ministry_managing_a_bureau_follows_it(mechanism):
    suggestions = registry_from_database().suggest("推动中医药传承创新发展")
    units = [s.unit for s in suggestions]
    assert units[0] == "国家中医药管理局"
    ministry = next(s for s in suggestions[:3] if s.unit == "国家卫生健康委员会")
    assert "主管部门：管理国家中医药管理局" in ministry.reason
    # A province's department does not bring in its provincial government.
    liaoning = registry_from_database(region_code="210000").suggest("一般公共预算收入增长5%左右")
    assert not any("主管部门" in s.reason for s in liaoning)


def test_a_similarity_reason_names_the_unit_s_own_duty_phrases(mechanism):
    from zhenxing.orgs.models import Unit

    registry = registry_from_database()
    reasons = [
        (s.unit, s.reason)
        for text in ["抓好传染病、地方病防治", "推进国家粮食安全保障", "加强罕见病用药保障"]
        for s in registry.suggest(text)
        if "职责相近：" in s.reason
    ]
    assert reasons
    for unit, reason in reasons:
        duties = set(Unit.objects.get(full_name=unit).responsibilities.split("；"))
        named = reason.split("职责相近：")[1].split("；")[0].split("、")
        assert named and set(named) <= duties, (unit, reason)


def test_units_with_equal_evidence_follow_the_registry_s_order():
    from zhenxing.policies.parser.suggest import CandidateUnit, SuggestionRegistry

    registry = SuggestionRegistry(
        [
            CandidateUnit(
                1, "国家税务总局", "central_department", keywords=["减税降费"], sort_order=462
            ),
            CandidateUnit(2, "财政部", "central_department", keywords=["财政资金"], sort_order=40),
        ],
        {},
        {},
    )
    first, second = registry.suggest("用好财政资金，落实减税降费")
    assert first.score == second.score
    assert [first.unit, second.unit] == ["财政部", "国家税务总局"]


def test_an_artificial_intelligence_task_names_the_departments_of_its_duties(mechanism):
    units = [s.unit for s in registry_from_database().suggest("开展人工智能+行动")]
    assert {"工业和信息化部", "科学技术部"} <= set(units[:3]), units


def test_drafting_a_law_suggests_the_legislative_department_whatever_the_law_is_about(mechanism):
    # Sixth round: 推进修订著作权法、专利代理条例 was led by 法制办 (now 司法部), suggested to the
    # departments of 著作权 and 专利 only. Texts written for the test.
    registry = registry_from_database()
    top = registry.suggest("抓紧修订种子法和农作物种子管理条例")[:3]
    assert "司法部" in [s.unit for s in top], [(s.unit, s.reason) for s in top]
    [justice] = [s for s in top if s.unit == "司法部"]
    assert "职责匹配：立法" in justice.reason
    # 办法, 依法, 执法 are not laws being drafted.
    for text in ("制定种子质量抽查管理办法", "依法查处种子违法行为", "修订种子执法检查方案"):
        assert "司法部" not in [s.unit for s in registry.suggest(text)[:3]], text

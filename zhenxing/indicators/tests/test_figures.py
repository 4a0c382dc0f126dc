"""The extractor on each tricky form, on the annotated corpus, and through the command line."""

import json

import pytest
from django.core.management import call_command

from zhenxing.indicators.figures import extract_figures
from zhenxing.indicators.figures.scoring import CORPUS, score


def read(text, **options):
    return [(f.quantity, f.value, f.unit) for f in extract_figures(text, **options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("签约额84.563亿元。", [("84.563亿元", 8456300000, "CNY")]),
        ("地区生产总值2.7万亿元。", [("2.7万亿元", 2700000000000, "CNY")]),
        ("同比增长5.8%。", [("5.8%", 5.8, "percent")]),
        ("高于全国0.1个百分点。", [("0.1个百分点", 0.1, "percentage_points")]),
        ("签约224个项目。", [("224个项目", 224, "projects")]),
        ("投资三千五百万元。", [("三千五百万元", 35000000, "CNY")]),
        ("引资两亿元。", [("两亿元", 200000000, "CNY")]),
        ("新增市场主体1234户。", [("1234户", 1234, "市场主体")]),
        ("新增企业1,234家。", [("1,234家", 1234, "enterprises")]),
        ("It raised $1.5 billion.", [("$1.5 billion", 1500000000, "USD")]),
        ("It helped 3,000 households.", [("3,000 households", 3000, "households")]),
        (
            "Rates fell 1.5, 0.8 and 2.1 percentage points.",
            [
                ("1.5", 1.5, "percentage_points"),
                ("0.8", 0.8, "percentage_points"),
                ("2.1 percentage points", 2.1, "percentage_points"),
            ],
        ),
        (
            "增長５．３％，實現３，０００億元。",
            [("５．３％", 5.3, "percent"), ("３，０００億元", 300000000000, "CNY")],
        ),
        ("四平市、五常市、七台河市、双鸭山市、十堰市召开会议。", []),
        ("根据辽政发〔2023〕5号文件，2023年4月16日第三次会议，电话024-86891234。", []),
        ("In 2023, the 32nd fair opened on June 1. Call 13912345678.", []),
        ("阅读量:18110 中国500强企业", []),
        (
            "建成5G基站1.2万个，COVID-19以来，地区生产总值[2]2.9万亿元。",
            [
                ("1.2万个", 12000, "基站"),
                ("2.9万亿元", 2900000000000, "CNY"),
            ],
        ),
        ("（1）全年增长5%。\n2. 新增3%。\n85后干部", [("5%", 5, "percent"), ("3%", 3, "percent")]),
    ],
)
def test_tricky_forms(text, expected):
    assert read(text) == expected


def test_approximate_markers_are_kept_in_the_quantity_and_flagged():
    figures = extract_figures(
        "总投资约3700亿元，增长6%以上，签约35个项目。More than 100 households."
    )
    assert [(f.quantity, f.approximate) for f in figures] == [
        ("约3700亿元", True),
        ("6%以上", True),
        ("35个项目", False),
        ("More than 100 households", True),
    ]


def test_regions_and_periods_from_context_and_document_date():
    text = "吉林省商务厅\n发布时间：2023-10-20\n前三季度，全省地区生产总值增长6.3%。长春市二道区新开工项目12个。上半年长春市增长5%。"
    figures = extract_figures(text)
    assert [(f.region, f.period) for f in figures] == [
        ("吉林省", "2023-01/2023-09"),
        ("长春市二道区", "2023-01/2023-09"),
        ("长春市", "2023-01/2023-06"),
    ]
    assert figures[1].province == "吉林省"


def test_period_forms():
    text = "发布时间：2023-08-01\n1—7月增长3%。十四五期间增长5%。一季度增长2%。7月份增长1.5%。"
    assert [f.period for f in extract_figures(text)] == [
        "2023-01/2023-07",
        "2021/2025",
        "2023Q1",
        "2023-07",
    ]


def test_off_topic_tail_of_seed_001_is_left_out_or_flagged():
    seed = next(CORPUS.glob("seed_001_*.txt")).read_text(encoding="utf-8")
    kept = extract_figures(seed)
    everything = extract_figures(seed, include_off_topic=True)
    assert all("Mount Wuyi" not in f.sentence for f in kept)
    off_topic = [f for f in everything if f.off_topic]
    assert any("26.55 billion yuan" == f.quantity for f in off_topic)
    assert len(everything) == len(kept) + len(off_topic)


def test_offsets_index_the_original_text():
    text = "遼寧省地區生產總值增長５．３％。"
    figure = extract_figures(text)[0]
    assert text[figure.start : figure.end] == "５．３％"
    assert figure.region == "辽宁省"


def test_corpus_goals():
    totals = score(lambda text: [f.as_dict() for f in extract_figures(text)])
    assert totals["texts"] >= 15 and totals["expected"] >= 300
    assert totals["found"] <= totals["expected"] * 1.05  # not bought with extra figures
    assert totals["value_f1"] >= 0.95
    assert totals["full_f1"] >= 0.90


def test_command_prints_the_json_contract(capsys):
    path = next(CORPUS.glob("seed_001_*.txt"))
    call_command("figures", "extract", str(path), "--json")
    figures = json.loads(capsys.readouterr().out)
    keys = {"quantity", "value", "unit", "region", "period", "sentence", "start", "end"}
    assert all(keys <= set(figure) for figure in figures)
    signed = next(f for f in figures if f["quantity"] == "84.563 billion yuan")
    assert signed["value"] == 84563000000 and signed["region"] == "黑龙江省"
    text = path.read_text(encoding="utf-8")
    assert text[signed["start"] : signed["end"]] == "84.563 billion yuan"


def test_command_reads_docx_and_pdf_with_offsets_into_their_text(tmp_path, capsys):
    import docx
    from weasyprint import HTML

    from zhenxing.indicators.figures import read_document

    sentence = "2023年，沈阳市地区生产总值8122.1亿元，增长5.6%。"
    document = docx.Document()
    document.add_paragraph("沈阳市国民经济和社会发展统计公报")
    document.add_paragraph(sentence)
    word = tmp_path / "bulletin.docx"
    document.save(word)
    pdf = tmp_path / "bulletin.pdf"
    HTML(string=f"<p>{sentence}</p>").write_pdf(pdf)
    for path in (word, pdf):
        call_command("figures", "extract", str(path), "--json")
        figures = json.loads(capsys.readouterr().out)
        assert [(f["value"], f["unit"], f["region"], f["period"]) for f in figures] == [
            (812210000000, "CNY", "沈阳市", "2023"),
            (5.6, "percent", "沈阳市", "2023"),
        ], path.suffix
        text = read_document(path.name, path.read_bytes())
        assert text[figures[0]["start"] : figures[0]["end"]] == "8122.1亿元"


def test_the_dateline_city_is_not_the_figures_region():
    text = "新华社北京3月5日电 政府工作报告提出，今年国内生产总值增长5%左右。"
    assert [(f.quantity, f.region) for f in extract_figures(text)] == [("5%左右", None)]


def test_english_places_and_their_province():
    text = (
        "Chaoyang in Liaoning saw GDP grow 5 percent in 2023. "
        "Hohhot in Inner Mongolia autonomous region generated 290.35 billion yuan. "
        "Heilongjiang, China's northernmost province, saw trade grow 29.6 percent."
    )
    assert [(f.region, f.province) for f in extract_figures(text)] == [
        ("朝阳市", "辽宁省"),
        ("呼和浩特市", "内蒙古自治区"),
        ("黑龙江省", "黑龙江省"),
    ]

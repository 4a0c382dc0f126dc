"""Realistic synthetic project lists for benchmarks, demos and tests (`zhenxing projects generate`).

Valid national codes with real county codes of the three provinces and Inner Mongolia, Chinese
names, the headings provinces write (a merged title row and a note row above the header,
money in 万元), every stage, one to three funding sources. Deterministic for a given seed.

These are source files to import, written as a province would send them, not exports handed
to users: they keep their own small xlsxwriter writer (shared strings on request, no formula
guard, which would put apostrophes into the data being imported) instead of `lib.xlsx_export`.
"""

import csv
import datetime
import json
import random
from importlib import resources
from pathlib import Path

import xlsxwriter

HEADINGS = [
    "序号",
    "项目代码",
    "项目名称",
    "建设单位",
    "建设地点",
    "所属行业",
    "建设阶段",
    "总投资（万元）",
    "2026年计划投资（万元）",
    "本年完成投资（万元）",
    "累计完成投资（万元）",
    "资金来源",
    "计划开工时间",
    "实际开工时间",
    "责任单位",
]
PROVINCE_UNITS = {
    "21": "辽宁省发展和改革委员会",
    "22": "吉林省发展和改革委员会",
    "23": "黑龙江省发展和改革委员会",
    "15": "内蒙古自治区发展和改革委员会",
}
PROVINCE_NAMES = {"21": "辽宁省", "22": "吉林省", "23": "黑龙江省", "15": "内蒙古自治区"}
# (GB/T 4754 division, section label, name stems) — weighted towards what the lists hold.
SECTORS = [
    (36, "制造业", ["新能源汽车零部件", "汽车整车", "智能装备制造", "数控机床"]),
    (26, "制造业", ["精细化工", "石化一体化", "化工新材料"]),
    (39, "制造业", ["集成电路封装", "电子信息产业园", "光电显示"]),
    (44, "电力、热力、燃气及水生产和供应业", ["风电", "光伏发电", "抽水蓄能电站", "热电联产"]),
    (54, "交通运输、仓储和邮政业", ["高速公路", "国省干线公路改扩建", "城市快速路"]),
    (53, "交通运输、仓储和邮政业", ["铁路专用线", "城际铁路"]),
    (59, "交通运输、仓储和邮政业", ["冷链物流园", "综合物流枢纽"]),
    (76, "水利、环境和公共设施管理业", ["灌区续建配套", "水库除险加固", "河道综合治理"]),
    (77, "水利、环境和公共设施管理业", ["污水处理厂提标改造", "黑土地保护", "矿山生态修复"]),
    (13, "农、林、牧、渔业", ["粮食精深加工", "肉牛屠宰加工"]),
    (1, "农、林、牧、渔业", ["高标准农田建设", "现代农业产业园"]),
    (84, "卫生和社会工作", ["区域医疗中心", "县级医院能力提升"]),
    (83, "教育", ["职业教育实训基地", "中小学校舍改造"]),
    (87, "文化、体育和娱乐业", ["冰雪旅游度假区", "文化旅游综合体"]),
    (65, "信息传输、软件和信息技术服务业", ["数据中心", "工业互联网平台"]),
    (70, "房地产业", ["老旧小区改造", "保障性租赁住房"]),
]
STAGES = ["储备", "前期", "新开工", "续建", "竣工", "停缓建", "复工"]
STAGE_WEIGHTS = [6, 10, 25, 40, 12, 4, 3]
FUNDING = [
    "中央预算内投资",
    "地方政府专项债券",
    "超长期特别国债",
    "地方财政资金",
    "银行贷款",
    "企业自筹",
    "政策性开发性金融",
    "外资",
]
COMPANY_WORDS = ["实业", "能源", "建设投资", "交通投资", "城市发展", "产业投资", "环保科技", "装备"]


def _counties() -> list[tuple[str, str, str]]:
    data = json.loads(
        resources.files("zhenxing.projects").joinpath("data", "counties.json").read_text("utf-8")
    )
    return [(row["code"], row["name"], row["parent"]) for row in data["counties"]]


def generated_rows(count: int, *, seed: int = 2026, invalid_every: int = 0):
    """Rows (lists of cell values) in HEADINGS order; every `invalid_every`-th row is broken."""
    rng = random.Random(seed)  # nosec B311  # seeded generator for reproducible sample data, not security
    counties = _counties()
    prefecture_names = _prefecture_names()
    for index in range(count):
        county_code, county_name, prefecture = counties[rng.randrange(len(counties))]
        division, section, stems = SECTORS[rng.randrange(len(SECTORS))]
        year = 2016 + index // 1_000_000 + rng.randrange(0, 2)
        code = f"{year}-{county_code}-{division:02d}-{rng.choice(('01', '02', '03'))}-{index % 1_000_000:06d}"
        city = prefecture_names.get(prefecture, "")
        stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
        total = round(10 ** rng.uniform(2.7, 5.7), 2)
        annual = round(total * rng.uniform(0.1, 0.4), 2)
        this_year = round(annual * rng.uniform(0, 1.1), 2) if stage not in ("储备", "前期") else 0
        cumulative = round(this_year + total * rng.uniform(0, 0.5), 2) if this_year else 0
        planned = datetime.date(2025 + rng.randrange(0, 2), rng.randrange(1, 13), 1)
        started = planned if stage in ("新开工", "续建", "竣工", "复工", "停缓建") else None
        row = [
            index + 1,
            code,
            f"{city}{county_name}{rng.choice(stems)}项目",
            f"{city.removesuffix('市')}{rng.choice(COMPANY_WORDS)}有限公司",
            f"{PROVINCE_NAMES[county_code[:2]]}{city}{county_name}",
            section,
            stage,
            total,
            annual,
            this_year,
            cumulative,
            "、".join(rng.sample(FUNDING, rng.randrange(1, 4))),
            planned,
            started,
            PROVINCE_UNITS[county_code[:2]],
        ]
        if invalid_every and index % invalid_every == invalid_every - 1:
            row[1] = code.replace(f"-{county_code}-", "-999999-")
        yield row


def _prefecture_names() -> dict[str, str]:
    from zhenxing.orgs.services import REGIONS_FILE, _shipped_json

    return {row["code"]: row["name"] for row in _shipped_json(REGIONS_FILE)["regions"]}


def write_spreadsheet(
    path: Path, count: int, *, seed: int = 2026, invalid_every: int = 0, shared_strings=False
) -> Path:
    """Write `count` rows to .xlsx (xlsxwriter, constant memory) or .csv, by the suffix.

    `shared_strings=True` writes text the way Excel saves it, into one shared-strings table
    (xlsxwriter then holds the sheet in memory), instead of inline in each cell."""
    path = Path(path)
    rows = generated_rows(count, seed=seed, invalid_every=invalid_every)
    if path.suffix.lower() == ".csv":
        with open(path, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADINGS)
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
        return path
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": not shared_strings,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet("重点项目")
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    header = workbook.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    last = len(HEADINGS) - 1
    sheet.merge_range(0, 0, 0, last, "2026年东北地区重点项目建设情况调度表", title)
    sheet.merge_range(1, 0, 1, last, "填报单位：（盖章）          单位：万元", None)
    sheet.write_row(2, 0, HEADINGS, header)
    for line, row in enumerate(rows, start=3):
        for column, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    line, column, datetime.datetime.combine(value, datetime.time()), date_format
                )
            elif isinstance(value, str):
                sheet.write_string(line, column, value)
            else:
                sheet.write_number(line, column, value)
    workbook.close()
    return path

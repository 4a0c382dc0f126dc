"""Rebuild gazetteer.json from cpca's adcodes.csv (MIT) with English names from pypinyin (MIT).

Run by hand when the divisions change; neither package is a dependency of zhenxing:

    python -m venv /tmp/gaz && /tmp/gaz/bin/pip install cpca==0.5.5 pypinyin
    /tmp/gaz/bin/python zhenxing/indicators/figures/data/build_gazetteer.py

Each entry: [code, full name, province code, short forms, English names]. Short forms of counties
are left out on purpose: 城关, 平安, 新城 and the like are ordinary words far more often than places.
"""

import csv
import json
import re
from pathlib import Path

import cpca
from pypinyin import lazy_pinyin

SOURCE = Path(cpca.__file__).parent / "resources" / "adcodes.csv"
TARGET = Path(__file__).parent / "gazetteer.json"

PROVINCE_SHORT = {
    "北京市": ["北京", "京"],
    "天津市": ["天津", "津"],
    "河北省": ["河北", "冀"],
    "山西省": ["山西", "晋"],
    "内蒙古自治区": ["内蒙古", "蒙"],
    "辽宁省": ["辽宁", "辽"],
    "吉林省": ["吉林", "吉"],
    "黑龙江省": ["黑龙江", "黑"],
    "上海市": ["上海", "沪"],
    "江苏省": ["江苏", "苏"],
    "浙江省": ["浙江", "浙"],
    "安徽省": ["安徽", "皖"],
    "福建省": ["福建", "闽"],
    "江西省": ["江西", "赣"],
    "山东省": ["山东", "鲁"],
    "河南省": ["河南", "豫"],
    "湖北省": ["湖北", "鄂"],
    "湖南省": ["湖南", "湘"],
    "广东省": ["广东", "粤"],
    "广西壮族自治区": ["广西", "桂"],
    "海南省": ["海南", "琼"],
    "重庆市": ["重庆", "渝"],
    "四川省": ["四川", "川"],
    "贵州省": ["贵州", "黔"],
    "云南省": ["云南", "滇"],
    "西藏自治区": ["西藏", "藏"],
    "陕西省": ["陕西", "陕"],
    "甘肃省": ["甘肃", "甘"],
    "青海省": ["青海", "青"],
    "宁夏回族自治区": ["宁夏", "宁"],
    "新疆维吾尔自治区": ["新疆", "新"],
    "台湾省": ["台湾", "台"],
    "香港特别行政区": ["香港", "港"],
    "澳门特别行政区": ["澳门", "澳"],
}
PROVINCE_ENGLISH = {
    "内蒙古自治区": ["Inner Mongolia"],
    "西藏自治区": ["Tibet", "Xizang"],
    "陕西省": ["Shaanxi"],
    "香港特别行政区": ["Hong Kong"],
    "澳门特别行政区": ["Macao", "Macau"],
    "广西壮族自治区": ["Guangxi"],
    "宁夏回族自治区": ["Ningxia"],
    "新疆维吾尔自治区": ["Xinjiang"],
}
CITY_ENGLISH = {
    "哈尔滨市": ["Harbin"],
    "呼和浩特市": ["Hohhot"],
    "乌鲁木齐市": ["Urumqi"],
    "西安市": ["Xi'an", "Xian"],
    "包头市": ["Baotou"],
    "齐齐哈尔市": ["Qiqihar"],
    "佳木斯市": ["Jiamusi"],
    "牡丹江市": ["Mudanjiang"],
    "大庆市": ["Daqing"],
    "鄂尔多斯市": ["Ordos"],
    "呼伦贝尔市": ["Hulunbuir"],
    "锡林郭勒盟": ["Xilingol"],
    "巴彦淖尔市": ["Bayannur", "Bayannaoer"],
    "乌兰察布市": ["Ulanqab", "Wulanchabu"],
    "阿拉善盟": ["Alxa", "Alashan"],
    "兴安盟": ["Hinggan", "Xing'an"],
    "大兴安岭地区": ["Daxing'anling", "Greater Khingan", "Daxinganling"],
}
# pypinyin reads 朝 in 朝阳 as zhao (morning); the place is Chaoyang.
PINYIN_FIXES = {"Zhaoyang": "Chaoyang"}
SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "省",
    "市",
    "盟",
    "州",
    "县",
    "区",
    "旗",
)
NOT_A_CITY = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def pinyin_name(name: str) -> str:
    written = "".join(lazy_pinyin(name)).capitalize()
    return PINYIN_FIXES.get(written, written)


def short_form(name: str) -> str:
    # 延边朝鲜族自治州 → 延边: strip the ethnic part of autonomous names too.
    stripped = re.sub(r"(\w{2,}?)(\w{1,4}族)+自治[州县旗]$", r"\1", name)
    if stripped != name:
        return stripped
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def main():
    rows = {row["adcode"][:6]: row["name"] for row in csv.DictReader(SOURCE.open(encoding="utf-8"))}
    entries = []
    for code in sorted(rows):
        name = rows[code]
        province_code = code[:2] + "0000"
        if code.endswith("0000"):
            short = PROVINCE_SHORT[name]
            english = PROVINCE_ENGLISH.get(name, [pinyin_name(short[0])])
            entries.append([code, name, province_code, short, english])
        elif code.endswith("00"):
            if name in NOT_A_CITY:
                continue
            short = short_form(name)
            english = CITY_ENGLISH.get(name, [pinyin_name(short)])
            entries.append([code, name, province_code, [short] if short != name else [], english])
        else:
            if name in NOT_A_CITY or name.endswith("划"):
                continue
            parent = rows.get(code[:4] + "00", "")
            prefix = parent if parent and parent not in NOT_A_CITY else rows[province_code]
            full_name = name if name.startswith(prefix) else prefix + name
            kind = {"区": "District", "县": "County", "市": "City", "旗": "Banner"}.get(
                name[-1], ""
            )
            english = [f"{pinyin_name(short_form(name))} {kind}"] if kind else []
            entries.append([code, full_name, province_code, [name], english])
    TARGET.write_text(
        json.dumps(
            {
                "source": "cpca 0.5.5 resources/adcodes.csv (MIT licence); English by pypinyin (MIT)",
                "entries": entries,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    print(len(entries), "entries written to", TARGET)


if __name__ == "__main__":
    main()

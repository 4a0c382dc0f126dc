"""The national project code: structure, the region part (GB/T 2260 down to county), decoding."""

import datetime

import pytest

from zhenxing.projects.codes import CodeError, RegionDirectory, parse_national_code


@pytest.fixture
def directory(regions):
    return RegionDirectory()


@pytest.mark.parametrize(
    "code",
    [
        "2017-210102-65-03-012345",  # a county (沈阳市和平区)
        "2024-210200-44-02-000001",  # a prefecture (大连市)
        "2023-230000-54-01-999999",  # a province (黑龙江省)
        "2021-152921-01-03-000007",  # 阿拉善左旗
        " 2017-210102-65-03-012345 ",  # spaces around are forgiven
    ],
)
def test_valid_codes(directory, code):
    parsed = parse_national_code(code, directory=directory)
    assert parsed.text == code.strip()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2017-219999-65-03-012345", "行政区划代码 219999 不存在"),
        ("2017-210199-65-03-012345", "行政区划代码 210199 不存在"),
        ("2017-990000-65-03-012345", "不存在"),
    ],
)
def test_wrong_region(directory, code, message):
    with pytest.raises(CodeError, match=message):
        parse_national_code(code, directory=directory)


@pytest.mark.parametrize(
    "code",
    [
        "2017-210102-65-03-01234",  # serial too short
        "2017210102650301234 5",
        "17-210102-65-03-012345",
        "2017-210102-6A-03-012345",
        "2017/210102/65/03/012345",
        "",
        "项目代码",
    ],
)
def test_malformed(directory, code):
    with pytest.raises(CodeError, match="格式错误"):
        parse_national_code(code, directory=directory)


def test_implausible_year_and_division(directory):
    with pytest.raises(CodeError, match="年份"):
        parse_national_code("1998-210102-65-03-012345", directory=directory)
    next_year_plus = datetime.date.today().year + 2
    with pytest.raises(CodeError, match="年份"):
        parse_national_code(f"{next_year_plus}-210102-65-03-012345", directory=directory)
    with pytest.raises(CodeError, match="行业代码 98"):
        parse_national_code("2017-210102-98-03-012345", directory=directory)


def test_decode_for_display(directory):
    parts = parse_national_code("2017-210102-65-03-012345").describe(directory)
    assert parts == {
        "year": 2017,
        "region_code": "210102",
        "region": "辽宁省沈阳市和平区",
        "division": "65",
        "industry": "信息传输、软件和信息技术服务业",
        "project_type": "备案类",
        "serial": "012345",
    }


def test_region_names_resolve(directory):
    assert directory.find_name("辽宁省沈阳市和平区").code == "210102"
    assert directory.find_name("沈阳市和平区").code == "210102"
    assert directory.find_name("大连市").code == "210200"
    # 朝阳区 is also in Beijing and Changchun: the project's province decides.
    assert directory.find_name("朝阳区", within="220000").code == "220104"
    assert directory.find_name("不存在的地方") is None

"""Numbers as written: Arabic (1,234.5), Chinese (三千五百万, 两亿, 十二), with their multipliers
(万, 亿, 万亿, 千万, million, billion, trillion) turned into exact decimals."""

import re
from decimal import Decimal, InvalidOperation

import cn2an

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"
CHINESE = rf"[{CHINESE_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?"
# A number begins where no letter, digit or decimal point touches it on the left.
NUMBER = re.compile(rf"(?<![A-Za-z0-9.,])(?:(?P<arabic>{ARABIC})|(?P<chinese>{CHINESE}))")

CHINESE_MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
ENGLISH_MULTIPLIERS = {
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "bln": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
    "b": Decimal(10) ** 9,
    "hundred": Decimal(100),
}


def arabic_value(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def chinese_value(written: str) -> Decimal | None:
    """三千五百万 → 35000000; None when the characters are not one well-formed number."""
    if all(char in "零〇一二三四五六七八九" for char in written) and len(written) > 1:
        # 二〇二三 is read digit by digit (a year or a code, never a quantity).
        return Decimal(
            "".join(str("零一二三四五六七八九".index(c)) if c != "〇" else "0" for c in written)
        )
    try:
        # 千万, 百余: a leading unit character stands for one of it (cn2an wants 一千).
        if written[0] in "百千":
            written = "一" + written
        value = cn2an.cn2an(written.replace("两", "二"), "strict")
    except (ValueError, KeyError, IndexError):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def plain(value: Decimal) -> int | float:
    """An int when the value is integral, else a float (JSON has no decimals)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)

"""Title, document number, issuer, date and kind of a document, from its text."""

import datetime
import re
from dataclasses import dataclass

from zhenxing.policies.parser.text import half_width, to_simplified

KINDS = {
    "意见": "opinions",
    "实施意见": "opinions",
    "指导意见": "opinions",
    "若干意见": "opinions",
    "方案": "plan",
    "实施方案": "plan",
    "分工方案": "plan",
    "规划": "programme",
    "纲要": "programme",
    "通知": "notice",
    "决定": "decision",
    "办法": "measures",
    "措施": "measures",
    "若干措施": "measures",
    "要点": "work_points",
    "工作要点": "work_points",
    "报告": "report",
    "函": "letter",
    "通报": "circular",
}
_KIND_WORDS = sorted(KINDS, key=len, reverse=True)
TITLE = re.compile(
    rf"(?:关于|印发|转发).*(?:{'|'.join(_KIND_WORDS)})[》」]?$|.*(?:的(?:{'|'.join(_KIND_WORDS)}))$"
)
DOCUMENT_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12})\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号"
)
CHINESE_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_CHINESE_DIGITS = dict(zip("〇零一二三四五六七八九", "0012345678 9".replace(" ", ""), strict=False))
LABELS = {
    "title": re.compile(r"^(?:标\s*题|名\s*称|文件名称)[:：]\s*(.+)$"),
    "document_number": re.compile(r"^(?:发文字号|文\s*号|文件编号)[:：]\s*(.+)$"),
    "issuer": re.compile(r"^(?:发文机关|发布机构|发文单位|发布单位|来\s*源)[:：]\s*(.+)$"),
    "date": re.compile(r"^(?:成文日期|发布日期|发文日期|印发日期|发布时间|日\s*期)[:：]\s*(.+)$"),
}


@dataclass
class Metadata:
    title: str = ""
    document_number: str = ""
    issuer: str = ""
    date: datetime.date | None = None
    kind: str = ""


def parse_date(text: str) -> datetime.date | None:
    """A date written as 2016年4月26日, 二〇一六年四月二十六日 or 2016-04-26."""
    text = half_width(_chinese_date_digits(text))
    match = CHINESE_DATE.search(text) or ISO_DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _chinese_date_digits(text: str) -> str:
    """二〇一六年四月二十六日 → 2016年4月26日 (only inside such a date)."""

    def number(chars: str) -> str:
        if "十" not in chars:
            return "".join(_CHINESE_DIGITS.get(c, c) for c in chars)
        tens, _, units = chars.partition("十")
        return str(
            int(_CHINESE_DIGITS.get(tens, "1") if tens else 1) * 10
            + (int(_CHINESE_DIGITS[units]) if units else 0)
        )

    pattern = re.compile(
        r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日"
    )
    return pattern.sub(lambda m: f"{number(m[1])}年{number(m[2])}月{number(m[3])}日", text)


def normalise_document_number(match: re.Match) -> str:
    return f"{match[1]}〔{match[2]}〕{match[3]}号"


def kind_of(title: str) -> str:
    simplified = to_simplified(title).rstrip("》」")
    for word in _KIND_WORDS:
        if simplified.endswith(word):
            return KINDS[word]
    return "other"


def issuer_from_title(title: str) -> str:
    """关于 is preceded by the issuing bodies: 中共中央 国务院关于… → 中共中央 国务院."""
    simplified = to_simplified(title)
    position = simplified.find("关于")
    if position <= 0:
        return ""
    issuer = title[:position].strip()
    return issuer if 2 <= len(issuer) <= 40 else ""


def is_title(line: str) -> bool:
    simplified = to_simplified(line)
    return 6 <= len(simplified) <= 80 and bool(TITLE.match(simplified)) and "。" not in simplified

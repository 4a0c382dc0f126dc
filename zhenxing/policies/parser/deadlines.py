"""Deadline phrases (完成时限) and the due date they resolve to, where they have one."""

import calendar
import datetime
import re

from zhenxing.policies.parser.text import half_width, to_simplified

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
STANDING = re.compile(r"长期坚持|持续推进|长期推进|常态化|持续开展|长期|持续实施|持续|经常性")
DEADLINE_PHRASE = re.compile(
    r"(?:\d{4}\s*[-—–~至到]\s*)?\d{4}\s*年(?:\d{1,2}\s*月(?:\d{1,2}\s*日)?)?[^，,；;。）)]{0,8}?(?:前|底|末|内|起|完成|启动|出台|实现|基本完成|上半年|下半年|季度)[^，,；;。）)]{0,6}"
    r"|\d{1,2}\s*月(?:\d{1,2}\s*日)?(?:底|末)?前[^，,；;。）)]{0,6}"
    r"|(?:年内|今年|明年|年底前|年末前|本年度)[^，,；;。）)]{0,8}"
    r"|(?:第[一二三四1-4]|[一二三四])季度(?:末|底)?(?:前)?(?:完成)?|(?:上|下)半年(?:前)?(?:完成)?"
    r"|长期坚持|持续推进|长期推进|常态化推进|持续实施"
)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def resolve_deadline(phrase: str, reference_year: int) -> datetime.date | None:
    """The last day that satisfies `phrase`, or None for standing phrases (长期坚持)."""
    text = half_width(to_simplified(phrase)).replace(" ", "")
    years = [int(y) for y in re.findall(r"(\d{4})年", text)]
    range_match = re.search(r"(\d{4})[-—–~至到](\d{4})年", text)
    if range_match:
        years = [int(range_match.group(2))]
    year = years[-1] if years else reference_year
    if not years and "明年" in text:
        year = reference_year + 1
    if match := re.search(r"(\d{1,2})月(\d{1,2})日", text):
        try:
            return datetime.date(year, int(match[1]), int(match[2]))
        except ValueError:
            return None
    if match := re.search(r"(\d{1,2})月(底|末)?(前)?", text):
        month = int(match[1])
        if not 1 <= month <= 12:
            return None
        if match[3] and not match[2]:  # 10月前: before October begins
            return month_end(year - 1, 12) if month == 1 else month_end(year, month - 1)
        return month_end(year, month)
    if "上半年" in text:
        return datetime.date(year, 6, 30)
    if match := re.search(r"(?:第)?([一二三四1234])季度", text):
        return month_end(year, _CN_DIGITS[match[1]] * 3)
    if years and re.search(rf"{years[-1]}年前", text) and not re.search(r"年(底|末)前", text):
        return datetime.date(year - 1, 12, 31)
    if years or re.search(r"年内|今年|明年|年底|年末|本年度|下半年", text):
        return datetime.date(year, 12, 31)
    return None


def find_deadline(text: str) -> str:
    """The deadline phrase in `text` as written (traditional script too: 持續推進), or ""."""
    match = DEADLINE_PHRASE.search(to_simplified(text))  # same length, so offsets hold
    return text[match.start() : match.end()].strip() if match else ""

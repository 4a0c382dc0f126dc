"""Deadline phrases (完成时限), the due date they resolve to, and how sure that date is.

A phrase is kept as written; the date is inferred from it (the year of the document where the
phrase has none). `read_deadline` says how sure the inference is: "certain" when the phrase
names its year, "likely" when the year is the document's, "likely" also for a five-year plan's period (“十四五”期间: its last
year's end), "unsure" for vague phrases (明年春天,
近期, 适时) whose date is a guess or missing, and `deadline_warnings` asks about those and about
dates already past.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from zhenxing.policies.parser.text import half_width, to_simplified

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# Standing and recurring phrases name no single date: 长期坚持, 每季度, 每月底前.
RECURRING = r"每个?(?:月|季度|季|半年|年)(?:末|底)?(?:前)?"
STANDING = re.compile(
    rf"长期坚持|持续推进|长期推进|常态化|持续开展|长期|持续实施|持续|经常性|{RECURRING}"
)
# A five-year plan's period: “十四五”期间, "十三五"末 (十一五 ended in 2010, each five years on).
PLAN_PERIOD = r"[“\"「]?十([一二三四五六七八九])五[”\"」]?(?:期间|时期|末|内)?(?:前)?(?:完成)?"
DEADLINE_PHRASE = re.compile(
    rf"{PLAN_PERIOD}|"
    r"(?:\d{4}\s*[-—–~至到]\s*)?\d{4}\s*年(?:\d{1,2}\s*月(?:\d{1,2}\s*日)?)?[^，,；;。）)]{0,8}?(?:前|底|末|内|起|完成|启动|出台|实现|基本完成|上半年|下半年|季度)[^，,；;。）)]{0,6}"
    r"|\d{1,2}\s*月(?:\d{1,2}\s*日)?(?:底|末)?前[^，,；;。）)]{0,6}"
    r"|(?:年内|今年|明年|年底前|年末前|本年度)[^，,；;。）)]{0,8}"
    r"|(?:第[一二三四1-4]|[一二三四])季度(?:末|底)?(?:前)?(?:完成)?|(?:上|下)半年(?:前)?(?:完成)?"
    r"|长期坚持|持续推进|长期推进|常态化推进|持续实施"
    rf"|{RECURRING}"
)


# Seasons end with the last month of their quarter of the year: spring March–May, and so on.
SEASON_END = {"春": 5, "夏": 8, "秋": 11}
SEASON = re.compile(r"(春|夏|秋|冬)(?:天|季|节)?")
# A segment of an annotation that gives no date at all: （省财政厅负责，尽快出台）.
VAGUE_SEGMENT = re.compile(r"^(?:近期|尽快|适时|及早|抓紧)(?:完成|出台|启动|推进|实施)?$")
VAGUE = re.compile(r"近期|尽快|适时|及早|抓紧|逐步|下一步|一段时间|春|夏|秋|冬|年中|上旬|中旬|下旬")


@dataclass
class Deadline:
    """A deadline as written, the date inferred from it and how sure that date is."""

    phrase: str
    due_date: datetime.date | None
    confidence: str  # certain, likely, unsure; "" for standing phrases (长期坚持)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def resolve_deadline(phrase: str, reference_year: int) -> datetime.date | None:
    """The last day that satisfies `phrase`, or None for standing phrases (长期坚持)."""
    text = half_width(to_simplified(phrase)).replace(" ", "")
    if plan := re.fullmatch(PLAN_PERIOD, text):
        return datetime.date(2010 + 5 * ("一二三四五六七八九".index(plan[1])), 12, 31)
    years = [int(y) for y in re.findall(r"(\d{4})年", text)]
    range_match = re.search(r"(\d{4})[-—–~至到](\d{4})年", text)
    if range_match:
        years = [int(range_match.group(2))]
    year = years[-1] if years else reference_year
    if not years and "明年" in text:
        year = reference_year + 1
    if season := SEASON.search(text):
        if season[1] == "冬":  # winter runs into the next year's February
            return month_end(year + 1, 2)
        return month_end(year, SEASON_END[season[1]])
    if re.fullmatch(r"(?:近期|尽快|适时|及早|抓紧)\w{0,2}", text):
        return None
    if "年中" in text:
        return datetime.date(year, 6, 30)
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


def read_deadline(phrase: str, reference_year: int) -> Deadline:
    """The date `phrase` resolves to and how sure it is."""
    text = half_width(to_simplified(phrase)).replace(" ", "")
    due = resolve_deadline(phrase, reference_year)
    if VAGUE.search(text):
        confidence = "unsure"
    elif due is None:
        confidence = "" if STANDING.search(text) else "unsure"
    elif re.search(r"\d{4}年", text):
        confidence = "certain"
    else:
        confidence = "likely"
    return Deadline(phrase=phrase, due_date=due, confidence=confidence)


def deadline_warnings(deadline: Deadline, today: datetime.date) -> list[str]:
    """What to ask the secretariat about a deadline: a vague phrase, a date already past."""
    warnings = []
    if deadline.confidence == "unsure":
        if deadline.due_date:
            warnings.append(
                f"完成时限“{deadline.phrase}”不够明确，推定为{deadline.due_date.isoformat()}，请确认"
            )
        else:
            warnings.append(f"完成时限“{deadline.phrase}”没有明确日期，请确认")
    if deadline.due_date and deadline.due_date < today:
        warnings.append(f"完成时限{deadline.due_date.isoformat()}已过，请确认")
    return warnings


def deadline_in_text(text: str) -> str:
    """A due-by phrase inside a task's own text (2016年底前出台…) → 2016年底前; "" if none.
    Only phrases that name a date and end in 前; the words after 前 are the task's, not the date's."""
    for match in DEADLINE_PHRASE.finditer(to_simplified(text)):
        phrase = text[match.start() : match.end()]
        plain = to_simplified(phrase)
        end = plain.find("前")
        if end == -1 or not re.search(r"\d|年|月", plain[:end]):
            continue
        return phrase[: end + 1].strip()
    return ""

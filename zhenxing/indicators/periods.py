"""Observation periods: a year (2026), half (2026H1), quarter (2026Q3), month (2026-09), or a
year-to-date range (2026-01/2026-09, what 1—9月 figures cover)."""

import datetime
import re

from zhenxing.lib.periods import parse_period

_RANGE = re.compile(r"(\d{4})-(\d{1,2})\s*/\s*(\d{4})-(\d{1,2})")


def observation_period(label: str) -> tuple[str, datetime.date, datetime.date]:
    """(normalised label, first day, last day); ValueError with a message for anything else."""
    text = str(label).strip().upper().replace("－", "-").replace("／", "/")
    match = _RANGE.fullmatch(text)
    if match:
        first_year, first_month, last_year, last_month = (int(part) for part in match.groups())
        if not (1 <= first_month <= 12 and 1 <= last_month <= 12):
            raise ValueError(f"期间“{label}”的月份无效。")
        _kind, start, _ = parse_period(f"{first_year}-{first_month:02d}")
        _kind, _, end = parse_period(f"{last_year}-{last_month:02d}")
        if end < start:
            raise ValueError(f"期间“{label}”的起止颠倒。")
        if (first_year, first_month) == (last_year, last_month):
            return f"{first_year}-{first_month:02d}", start, end
        return f"{first_year}-{first_month:02d}/{last_year}-{last_month:02d}", start, end
    _kind, start, end = parse_period(text)
    if re.fullmatch(r"\d{4}-\d{1,2}", text):
        text = f"{start.year}-{start.month:02d}"
    return text, start, end


def same_period_last_year(label: str) -> str:
    """2026Q3 → 2025Q3, 2026-01/2026-09 → 2025-01/2025-09."""
    normalised, _start, _end = observation_period(label)
    return re.sub(r"\d{4}", lambda year: str(int(year.group()) - 1), normalised)


def period_caption(label: str) -> str:
    """How a period is written in Chinese prose: 2026-01/2026-09 → 2026年1—9月, 2026Q3 → 2026年第三季度."""
    normalised, start, end = observation_period(label)
    if "/" in normalised:
        if start.month == 1:
            return f"{start.year}年1—{end.month}月"
        return f"{start.year}年{start.month}—{end.month}月"
    if "Q" in normalised:
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if "H" in normalised:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    if "-" in normalised:
        return f"{start.year}年{start.month}月"
    return f"{start.year}年"

"""Reporting periods: 2026-10 (month), 2026Q3, 2026H1, 2026 — labels and their dates."""

import calendar
import datetime
import re


class PeriodKind:
    """The period kinds, as stored (rounds.models.PeriodKind offers them as choices)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    AD_HOC = "ad_hoc"


def period_bounds(kind: str, label: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period `label` of `kind`."""
    patterns = {
        PeriodKind.MONTH: r"(\d{4})-(\d{1,2})",
        PeriodKind.QUARTER: r"(\d{4})Q([1-4])",
        PeriodKind.HALF_YEAR: r"(\d{4})H([12])",
        PeriodKind.YEAR: r"(\d{4})",
    }
    match = re.fullmatch(patterns.get(kind, r"$^"), label.strip().upper())
    if not match:
        raise ValueError(f"期间“{label}”与周期不符（例：2026-10、2026Q3、2026H1、2026）。")
    year = int(match.group(1))
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    number = int(match.group(2))
    first_month, months = {
        PeriodKind.MONTH: (number, 1),
        PeriodKind.QUARTER: (3 * number - 2, 3),
        PeriodKind.HALF_YEAR: (6 * number - 5, 6),
    }[kind]
    if not 1 <= first_month <= 12:
        raise ValueError(f"期间“{label}”的月份无效。")
    last_month = first_month + months - 1
    return datetime.date(year, first_month, 1), datetime.date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def period_label(kind: str, day: datetime.date) -> str:
    """The label of the period of `kind` that contains `day`."""
    if kind == PeriodKind.MONTH:
        return f"{day.year}-{day.month:02d}"
    if kind == PeriodKind.QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if kind == PeriodKind.HALF_YEAR:
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    return str(day.year)


def previous_period_label(kind: str, day: datetime.date) -> str:
    """The label of the last complete period of `kind` before `day`'s period."""
    start, _end = period_bounds(kind, period_label(kind, day))
    return period_label(kind, start - datetime.timedelta(days=1))


def period_title(kind: str, label: str) -> str:
    """2026Q3 → 2026年第三季度, for titles and documents."""
    start, _end = period_bounds(kind, label)
    if kind == PeriodKind.MONTH:
        return f"{start.year}年{start.month}月"
    if kind == PeriodKind.QUARTER:
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    if kind == PeriodKind.HALF_YEAR:
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def parse_period(label: str) -> tuple[str, datetime.date, datetime.date]:
    """(kind, first day, last day) of a label of any kind: 2026-10, 2026Q3, 2026H1, 2026."""
    text = label.strip().upper()
    for kind, pattern in (
        (PeriodKind.QUARTER, r"\d{4}Q[1-4]"),
        (PeriodKind.HALF_YEAR, r"\d{4}H[12]"),
        (PeriodKind.MONTH, r"\d{4}-\d{1,2}"),
        (PeriodKind.YEAR, r"\d{4}"),
    ):
        if re.fullmatch(pattern, text):
            start, end = period_bounds(kind, text)
            return kind, start, end
    raise ValueError(f"无法识别的期间“{label}”（例：2026Q3、2026H1、2026、2026-10）。")

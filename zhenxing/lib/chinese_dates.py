"""Dates as official documents write them: 2026年1月5日 (no leading zeros)."""

import datetime


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"

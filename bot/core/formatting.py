"""Days and times as the bot writes them: 3月15日（周二） in Chinese, Tue 15 Mar in English."""

from __future__ import annotations

import datetime as dt

ZH_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: dt.date, lang: str, *, year: bool = False, weekday: bool = False) -> str:
    """A day for a reader: 3月15日, 2022年3月15日（周二）, 15 Mar, Tue 15 Mar 2022."""
    if lang == "en":
        text = f"{day.day} {EN_MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
        return f"{EN_WEEKDAYS[day.weekday()]} {text}" if weekday else text
    text = (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"
    return f"{text}（{ZH_WEEKDAYS[day.weekday()]}）" if weekday else text


def format_moment(moment: dt.datetime, lang: str) -> str:
    """A day with its weekday and the time: 2022年6月15日（周三）10:00."""
    day = format_day(moment.date(), lang, year=True, weekday=True)
    return f"{day} {moment:%H:%M}"


def names_list(names: list[str], lang: str, most: int = 12) -> str:
    """Names joined, the tail counted rather than listed."""
    joiner = "、" if lang != "en" else ", "
    shown = joiner.join(names[:most])
    if len(names) > most:
        shown += f" 等 {len(names)} 人" if lang != "en" else f" and {len(names) - most} more"
    return shown

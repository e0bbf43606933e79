"""The day an activity happened, read from a message: Chinese forms by hand, English via dateparser.

Chinese numerals are first turned into digits (cn2an), then the forms people write — 3月15日,
3月15号, 2022年3月15日, 2022-03-15, 2022/3/15, 2022.3.15, 3/15, 4.12, 上周五, 本周一, 周一,
上上周三, 昨天, 前天, 大前天, 两天前, 上个月20号, 本月3日, 去年12月28日 — are matched by the
patterns below. English spans (yesterday, last Friday, on March 3, 3 May, 2 days ago) are found
by pattern and read by dateparser, which does those well. Periods (上半年, 三季度) are not days
and are left alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from dataclasses import dataclass

import cn2an

FUTURE_MEANS_LAST_YEAR = dt.timedelta(days=180)


@dataclass(frozen=True)
class DayMatch:
    """A day found in a message."""

    day: dt.date
    text: str
    start: int
    # The bot must ask which day: "impossible" (2月30日: `day` is the first of that month, or
    # today), or "vague" (上个月, 去年年底, 前几天: `day` is the first of the month meant).
    unclear: str | None = None


WEEKDAY = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6, "日": 6, "天": 6}
RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨儿": -1,
    "昨个": -1,
    "前儿": -2,
    "今儿": 0,
    "今天": 0,
    "今日": 0,
    "今早": 0,
    "今晨": 0,
    "今晚": 0,
    "明早": 1,
    "明晚": 1,
    "明天": 1,
    "明日": 1,
    "后天": 2,
}

ZH_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "full",
        re.compile(
            r"(?<!\d)(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?(?!\d)|"
            r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)"
        ),
    ),
    ("year_rel", re.compile(r"(去年|今年|前年)(\d{1,2})月(\d{1,2})[日号]?(?!\d)")),
    ("month_rel", re.compile(r"(上上个?月|上个?月|本月|这个?月|下个?月)(\d{1,2})[日号]?(?!\d)")),
    ("month_last", re.compile(r"(上上个?月|上个?月|本月|这个?月)(?:的)?最后[1一]天")),
    ("month_day", re.compile(r"(?<![\d.])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?!\d)")),
    ("slash", re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/])")),
    (
        "dash",
        re.compile(
            r"(?<![\d\-.])(\d{1,2})-(\d{1,2})"
            r"(?![\d\-]|\s*(?:小时|点|名|人|个|天|次|分|万|家|位|项|条|%|岁|年))"
        ),
    ),
    ("dot", re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})(?![\d.%万亿元])")),
    ("relative", re.compile("|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)))),
    ("days_ago", re.compile(r"(\d{1,3}|两)\s*(天|日)(以|之)?前")),
    ("weeks_ago", re.compile(r"(\d{1,2}|两)\s*个?(周|星期|礼拜)(以|之)?前")),
    # 本月第一个周一, 上个月第2个星期五
    (
        "nth_weekday",
        re.compile(r"(上上个?月|上个?月|本月|这个?月)的?第(\d)个(?:周|星期|礼拜)([1-7日天])"),
    ),
    # 10号, 8日 alone: that day of this month (not 3号楼, 1号文件, 日常, 日报)
    (
        "day_only",
        re.compile(
            r"(?<![\d月./\-年第])(\d{1,2})\s*[号日](?![\d楼文令线院房子常报期记本志程会室])"
        ),
    ),
    ("week", re.compile(r"(上上个?|大上个?|上个?|本|这个?|下个?)?(周|星期|礼拜)([1-7日天])")),
    ("week_only", re.compile(r"(上上个?|大上个?|上个?)(周|星期|礼拜)(?![1-7日天末])")),
]

# A month, or a part of one, with no day: the activity's day is to be asked, the month is known.
ZH_VAGUE: list[tuple[str, re.Pattern[str]]] = [
    (
        "month_only",
        re.compile(
            r"(?:(\d{4})\s*年|(去年|今年|前年))?\s*(?<![\d.])(\d{1,2})\s*月"
            r"(?:份|初|中旬|上旬|下旬|底|末|中)?(?![\d日号])"
        ),
    ),
    ("month_rel_only", re.compile(r"(上上个?月|上个?月|本月|这个?月|下个?月)(?!\s*\d)")),
    ("year_part", re.compile(r"(去年|今年|前年)?(年底|年末|年初)")),
    # (not 最近, 之前, 上次: "最近一次支部会", "会议之前" name no time of the activity)
    # 端午前, 节后, 国庆期间: around a holiday, no day named
    (
        "holiday_near",
        re.compile(r"(?:端午|中秋|春节|国庆|五一|元旦|清明)节?(?:前夕|前|后|期间|假期)|节前|节后"),
    ),
    ("weekend", re.compile(r"(上上个?|上个?|这个?|本)?(?:周末|礼拜天?末)")),
    ("month_part", re.compile(r"(?<![\d月])(?:月初|月中|月底|月末|上旬|中旬|下旬)")),
    (
        "lately",
        re.compile(
            r"前几天|前两天|前2天|前些天|前些日子|前段时间|前阵子|日前|近日|0\.5个月前|半个?月前|几周前"
        ),
    ),
]
EN_VAGUE = re.compile(
    r"\b(last month|this month|earlier this month|a few days ago|the other day|recently|"
    r"lately|some days ago|a couple of days ago|couple of days ago|last weekend|a while ago|"
    r"earlier this week|this week|over the weekend|at the weekend|on the weekend|"
    r"(?:before|after|during) the (?:[a-z-]+ ){0,2}(?:holidays?|festival|break))\b",
    re.I,
)

EN_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
EN_DAYS = tuple(day[:3] for day in EN_WEEKDAYS)
EN_NUMBER = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
EN_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    (
        "en_rel",
        re.compile(
            r"\b(the day before yesterday|yesterday|today|tomorrow|this morning|"
            r"this afternoon|tonight|earlier today|last night)\b",
            re.I,
        ),
    ),
    ("en_last_week", re.compile(r"\b(last|past) week\b", re.I)),
    ("en_nth", re.compile(r"\bon the (\d{1,2})(?:st|nd|rd|th)\b", re.I)),
    (
        "en_ago",
        re.compile(
            r"\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)"
            r"\s+(day|week)s?\s+(?:ago|back|before today)\b",
            re.I,
        ),
    ),
    (
        "en_weekday",
        re.compile(
            r"\b(last|this|on|past|this past|next)?\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*"
            r"\b(?:\s+(?:of\s+)?(last|this) week\b)?",
            re.I,
        ),
    ),
    (
        "en_month_day",
        re.compile(rf"\b{EN_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b", re.I),
    ),
    (
        "en_day_month",
        re.compile(
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{EN_MONTH}\b\.?"
            r"(?:,?\s+\d{4})?",
            re.I,
        ),
    ),
    ("slash", re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(\d{4}))?(?![\d/])")),
]


_FULL_WIDTH = str.maketrans("０１２３４５６７８９／．－", "0123456789/.-")


# The words of days as pinyin input mistypes them, and not where they begin another word
# (坐天津的车, 做天然气, 这个约定)
DATE_SLIPS = {
    "作天": "昨天",
    "做天": "昨天",
    "坐天": "昨天",
    "钱天": "前天",
    "上个约": "上个月",
    "这个约": "这个月",
}
_DATE_SLIPS = re.compile("(?:" + "|".join(DATE_SLIPS) + ")(?![津然气化工定束会好])")
WEEKDAY_THEN_NUMBER = re.compile(
    r"((?:周|星期|礼拜)[一二三四五六日天])" r"(?=[\d一二三四五六七八九十])"
)


@functools.lru_cache(maxsize=1024)  # a report is read for its day and for its head count
def normalise(text: str) -> str:
    """Chinese numerals to digits, full-width digits and punctuation to ASCII."""
    text = text.translate(_FULL_WIDTH)
    if "天" in text or "约" in text:  # 作天: 昨天 mistyped
        text = _DATE_SLIPS.sub(lambda m: DATE_SLIPS[m.group(0)], text)
    text = WEEKDAY_THEN_NUMBER.sub(r"\1 ", text)  # 周四6月9日: not 周46月9日
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns about numerals it leaves alone (万)
        try:
            return str(cn2an.transform(text, "cn2an"))
        except (ValueError, KeyError, IndexError):
            return text


def find_day(text: str, today: dt.date) -> DayMatch | None:
    """The first day named in `text`, read relative to `today`; None if there is none.

    A date that cannot be (2月30日) is found as such, with `unclear="impossible"`; a date whose
    weekday in brackets says otherwise (4月28日（周五）) with `unclear="weekday"`; with no day
    at all, a month or a span the message names instead (上个月, 去年年底, 前几天) is found with
    `unclear="vague"`, so that the bot asks rather than take today.
    """
    days = find_days(text, today)
    if days:
        return days[0]
    return find_vague(text, today)


def as_written(text: str, span: str) -> str:
    """The part of `text` that reads as `span` once normalised: a date is quoted back as the
    member wrote it (四月二十八日（周五）, not 4月28日（周5）)."""
    if span in text:
        return span
    for i, char in enumerate(text):
        if normalise(char)[:1] != span[:1]:
            continue
        for j in range(i + 1, min(len(text), i + len(span) * 3) + 1):
            plain = normalise(text[i:j])
            if plain == span:
                return text[i:j]
            if len(plain) > len(span):
                break
    return span


def find_vague(text: str, today: dt.date) -> DayMatch | None:
    """The first month or span named instead of a day (上个月, 前几天), or None."""
    plain = normalise(text)
    latin = bool(re.search(r"[A-Za-z]", plain))
    vague = [m for m in _vague(plain, today, latin) if m is not None]
    return min(vague, key=lambda m: m.start) if vague else None


# A weekday written right after a date, to confirm it: 4月28日（周四）, 4月28日 星期四, May 3 (Tue)
WEEKDAY_AFTER = re.compile(
    r"\s*[（(]?\s*(?:周|星期|礼拜)([1-7日天])\s*[）)]?|"
    r"\s*[（(]\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*[）)]|"
    r",?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.I,
)


def find_days(text: str, today: dt.date) -> list[DayMatch]:
    """Every day named in `text`, in order, none inside another (2022年6月2日 is one day)."""
    plain = normalise(text)
    found: list[DayMatch] = []
    for name, pattern in ZH_PATTERNS:
        for match in pattern.finditer(plain):
            day = _zh_day(name, match, today)
            if day is not None:
                vague = "vague" if name == "week_only" else None  # 上周 alone: which day?
                found.append(DayMatch(day, match.group(0), match.start(), unclear=vague))
            elif (impossible := _impossible(name, match, today)) is not None:
                found.append(impossible)
    if re.search(r"[A-Za-z]", plain):
        for name, pattern in EN_PATTERNS:
            for match in pattern.finditer(plain):
                day = _en_day(name, match, today)
                if day is not None:
                    vague = "vague" if name == "en_last_week" else None
                    written = match.group(0).strip()
                    found.append(DayMatch(day, written, match.start(), unclear=vague))
                elif (impossible := _impossible(name, match, today)) is not None:
                    found.append(impossible)
    found += _festivals(text, today)
    kept: list[DayMatch] = []
    end = -1
    for day_match in sorted(found, key=lambda m: (m.start, -len(m.text))):
        if day_match.start >= end:
            kept.append(day_match)
            end = day_match.start + len(day_match.text)
    return _with_weekdays(kept, plain)


# Days people name by their holiday: fixed ones, and those of the lunar calendar (lunar month
# and day; 清明 is the solar term).
FIXED_HOLIDAYS = {
    "元旦": (1, 1),
    "三八": (3, 8),
    "妇女节": (3, 8),
    "五一": (5, 1),
    "劳动节": (5, 1),
    "六一": (6, 1),
    "儿童节": (6, 1),
    "七一": (7, 1),
    "建党节": (7, 1),
    "八一": (8, 1),
    "建军节": (8, 1),
    "国庆节": (10, 1),
    "国庆": (10, 1),
}
LUNAR_HOLIDAYS = {"春节": (1, 1), "清明": (0, 0), "端午": (5, 5), "中秋": (8, 15)}
# 七一讲话, 三八红旗手: names of set phrases unless "节", "那天" follow (六一 alone is a day)
SHORT_HOLIDAYS = frozenset({"三八", "五一", "七一", "八一"})
FESTIVAL = re.compile(
    r"(?<![\d一二三四五六七八九十])("
    + "|".join(sorted((*FIXED_HOLIDAYS, *LUNAR_HOLIDAYS), key=len, reverse=True))
    + r")(?:节)?(?:(那天|当天|当日)|(前一天|前1天|前一日)|(后一天|后1天|后一日)|"
    r"(?:假期?)?(后(?:的)?(?:第[一1]个工作日|第[一1]天上班|上班(?:的)?第[一1]天|第[一1]天|"
    r"(?:刚|一)?上班(?:那天|当天)?)))?"
    r"(?!前|后|期间|假期|以来|[\d一二三四五六七八九十])"
)


def _festivals(text: str, today: dt.date) -> list[DayMatch]:
    found = []
    for m in FESTIVAL.finditer(text):
        name = m.group(1)
        if m.group(0) == name and (name in LUNAR_HOLIDAYS or name in SHORT_HOLIDAYS):
            continue  # 端午慰问品, 五一劳动: a holiday's name, not a day
        day = None
        for year in (today.year, today.year - 1):  # a day still ahead: last year's
            day = _holiday_day(name, year, m)
            if day is not None and day <= today:
                break
        if day is not None:
            found.append(DayMatch(day, m.group(0), m.start()))
    return found


def _holiday_day(name: str, year: int, m: re.Match[str]) -> dt.date | None:
    """The day a holiday names in a year: the holiday itself, the day before or after it (端午
    前一天), or the first working day after its days off (国庆节后第一天上班)."""
    fixed = FIXED_HOLIDAYS.get(name)
    day = _date(year, *fixed) if fixed else _lunar_day(year, name)
    if day is None:
        return None
    if m.group(3):
        return day - dt.timedelta(days=1)
    if m.group(4):
        return day + dt.timedelta(days=1)
    if m.group(5):
        return _first_workday_after(day)
    return day


def _first_workday_after(day: dt.date) -> dt.date:
    """The first working day after a holiday's days off (the official calendar; Monday to
    Friday where it has no data)."""
    import chinese_calendar

    day += dt.timedelta(days=1)
    for _ in range(15):
        try:
            if chinese_calendar.is_workday(day):
                return day
        except NotImplementedError:
            if day.weekday() < 5:
                return day
        day += dt.timedelta(days=1)
    return day


@functools.lru_cache(maxsize=64)
def _lunar_day(year: int, name: str) -> dt.date:
    """The day of a holiday of the lunar calendar (清明 is a solar term) in a Gregorian year."""
    from lunar_python import Lunar

    if name == "清明":
        solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    else:
        month, day = LUNAR_HOLIDAYS[name]
        solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _with_weekdays(days: list[DayMatch], plain: str) -> list[DayMatch]:
    """A weekday written after a date is part of it: it confirms the date, or makes it a
    question when it says otherwise."""
    out: list[DayMatch] = []
    skip_from = -1
    for match in _weekday_first(days, plain):
        if match.start < skip_from:
            continue
        end = match.start + len(match.text)
        after = WEEKDAY_AFTER.match(plain, end)
        if match.unclear is None and after and after.group(0).strip():
            written = after.group(1) or after.group(2) or after.group(3)
            weekday = WEEKDAY[written] if after.group(1) else EN_DAYS.index(written[:3].lower())
            text = plain[match.start : after.end()].strip()
            skip_from = after.end()
            if is_weekday_word(match.text):
                pass  # 上周四（6月9日）: the bracket is a date, read on its own
            elif weekday != match.day.weekday():
                match = DayMatch(match.day, text, match.start, unclear="weekday")
            else:
                match = DayMatch(match.day, text, match.start)
        out.append(match)
    return out


# A weekday alone, as written before a date to confirm it: "Thursday, June 10", 周四 6月9日
BARE_WEEKDAY_WORD = re.compile(
    r"(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|wed|thu|fri|sat|sun)\.?|(?:周|星期|礼拜)([1-7日天])",
    re.I,
)


def _weekday_first(days: list[DayMatch], plain: str) -> list[DayMatch]:
    """A day written right before a date names the same day: a weekday ("Thursday, June 10",
    周四 6月9日, last Friday, June 9) or any day with the date in brackets (昨天（6月13日）). The
    date is kept; when the two disagree, it is a question."""
    out: list[DayMatch] = []
    for match in days:
        before = out[-1] if out else None
        if before is not None and before.unclear is None and not is_weekday_word(match.text):
            end = before.start + len(before.text)
            gap = plain[end : match.start]
            bracket = re.fullmatch(r"\s*[（(]\s*", gap)
            if bracket or (is_weekday_word(before.text) and re.fullmatch(r"[\s,，、]*", gap)):
                word = BARE_WEEKDAY_WORD.fullmatch(before.text)
                if word:  # Thursday, June 10: the weekday of the date
                    written = word.group(1) or word.group(2)
                    weekday = (
                        EN_DAYS.index(written[:3].lower()) if word.group(1) else WEEKDAY[written]
                    )
                    same = weekday == match.day.weekday()
                else:  # 上周三（6月9日）, 昨天（6月13日）: the very day
                    same = before.day == match.day
                close = re.match(r"\s*[）)]", plain[match.start + len(match.text) :])
                stop = match.start + len(match.text) + (close.end() if close and bracket else 0)
                unclear = match.unclear or (None if same else "weekday")
                out[-1] = DayMatch(match.day, plain[before.start : stop], before.start, unclear)
                continue
        out.append(match)
    return out


def is_weekday_word(text: str) -> bool:
    return bool(re.search(r"周|星期|礼拜|mon|tue|wed|thu|fri|sat|sun", text, re.I))


EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _impossible(name: str, m: re.Match[str], today: dt.date) -> DayMatch | None:
    """A date written as one that names no real day (2月30日, 13月1日, 4.31, Feb 30); None for
    a form that was not a date after all (3.75 is a number, 1/50 a fraction)."""
    text = m.group(0)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if name == "full" and len(numbers) == 1:  # 20220230: written without separators
        numbers = [numbers[0] // 10000, numbers[0] // 100 % 100, numbers[0] % 100]
    month: int | None
    year: int | None = None
    if name in ("full", "iso"):  # year, month, day
        year, month, day = numbers[0], numbers[1], numbers[2]
    elif name == "year_rel":  # 去年 month day
        year = today.year + {"去年": -1, "今年": 0, "前年": -2}[m.group(1)]
        month, day = numbers[0], numbers[1]
    elif name == "month_rel":  # 上个月 day
        month, day = None, numbers[0]
    elif name in ("month_day", "slash", "dot", "dash"):
        month, day = numbers[0], numbers[1]
        if name != "month_day" and not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if name != "month_day" and re.match(
            r"\s*(?:小时|分|倍|个|元|万|亿|%)", m.string[m.end() :]
        ):
            return None  # 2.30小时: a quantity
    elif name in ("en_month_day", "en_day_month"):
        word = re.search(EN_MONTH, text, re.I)
        if word is None or not numbers:
            return None
        month, day = EN_MONTHS.index(word.group(0)[:3].lower()) + 1, numbers[0]
        if _without_year(month, day, today) is not None:
            return None  # a real day dateparser did not read: not for us to call impossible
    else:
        return None
    anchor = None
    if month is not None and 1 <= month <= 12:
        anchor = _date(year, month, 1) if year else _without_year(month, 1, today)
    return DayMatch(anchor or today, text.strip(), m.start(), unclear="impossible")


def _vague(plain: str, today: dt.date, latin: bool) -> list[DayMatch | None]:
    """Months and spans named instead of a day, each with the first day of the month meant."""
    found: list[DayMatch | None] = []
    for name, pattern in ZH_VAGUE:
        for m in pattern.finditer(plain):
            found.append(_vague_match(name, m, today))
    if latin:
        for m in EN_VAGUE.finditer(plain):
            word = m.group(1).lower()
            months = -1 if word == "last month" else 0
            anchor = _month_shift(today, months, 1) if "month" in word else today.replace(day=1)
            found.append(DayMatch(anchor or today, m.group(0), m.start(), unclear="vague"))
    return found


def _vague_match(name: str, m: re.Match[str], today: dt.date) -> DayMatch | None:
    years = {"去年": -1, "今年": 0, "前年": -2}
    anchor: dt.date | None
    if name == "month_only":
        month = int(m.group(3))
        if not 1 <= month <= 12:
            return None
        if m.group(1):
            anchor = _date(int(m.group(1)), month, 1)
        elif m.group(2):
            anchor = _date(today.year + years[m.group(2)], month, 1)
        else:
            anchor = _without_year(month, 1, today)
    elif name == "month_rel_only":
        anchor = _month_shift(today, _months_back(m.group(1)), 1)
    elif name == "weekend":  # Saturday or Sunday: asked, in that week's month
        saturday = _monday(today, _weeks_back(m.group(1) or "")) + dt.timedelta(days=5)
        anchor = (saturday if saturday <= today else saturday - dt.timedelta(days=7)).replace(day=1)
    elif name == "year_part":
        year = today.year + years.get(m.group(1) or "今年", 0)
        anchor = _date(year, 1 if m.group(2) == "年初" else 12, 1)
    else:
        anchor = today.replace(day=1)
    if anchor is None:
        return None
    return DayMatch(anchor, m.group(0).strip(), m.start(), unclear="vague")


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _without_year(month: int, day: int, today: dt.date) -> dt.date | None:
    """A month and day in the year that makes sense: far in the future means last year."""
    found = _date(today.year, month, day)
    if found is not None and found - today > FUTURE_MEANS_LAST_YEAR:
        return _date(today.year - 1, month, day)
    return found


def _month_shift(today: dt.date, months: int, day: int) -> dt.date | None:
    index = today.year * 12 + today.month - 1 + months
    return _date(index // 12, index % 12 + 1, day)


def _months_back(prefix: str) -> int:
    """上上个月 -2, 上个月 -1, 本月 0, 下个月 +1."""
    if prefix.startswith("上上"):
        return -2
    return -1 if prefix.startswith("上") else 1 if prefix.startswith("下") else 0


def _monday(today: dt.date, weeks_back: int) -> dt.date:
    return today - dt.timedelta(days=today.weekday() + 7 * weeks_back)


def _weeks_back(prefix: str) -> int:
    if prefix.startswith(("上上", "大上")):
        return 2
    if prefix.startswith("上"):
        return 1
    if prefix.startswith("下"):
        return -1
    return 0


def _count(number: str) -> int:
    return 2 if number == "两" else int(number)


def _zh_day(name: str, m: re.Match[str], today: dt.date) -> dt.date | None:
    if name == "full":
        year, month, day = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.groups()[3:6]
        return _date(int(year), int(month), int(day))
    if name == "year_rel":
        offset = {"去年": -1, "今年": 0, "前年": -2}[m.group(1)]
        return _date(today.year + offset, int(m.group(2)), int(m.group(3)))
    if name == "month_rel":
        return _month_shift(today, _months_back(m.group(1)), int(m.group(2)))
    if name == "month_last":  # 上个月最后一天: the day before the next month's first
        following = _month_shift(today, _months_back(m.group(1)) + 1, 1)
        return following - dt.timedelta(days=1) if following else None
    if name in ("month_day", "slash", "dot", "dash"):
        first, second = int(m.group(1)), int(m.group(2))
        if name == "slash" and first > 12 >= second:  # 14/6: day first
            first, second = second, first
        return _without_year(first, second, today)
    if name == "nth_weekday":
        start = _month_shift(today, _months_back(m.group(1)), 1)
        if start is None:
            return None
        offset = (WEEKDAY[m.group(3)] - start.weekday()) % 7 + 7 * (int(m.group(2)) - 1)
        day = start + dt.timedelta(days=offset)
        return day if day.month == start.month else None
    if name == "day_only":
        return _date(today.year, today.month, int(m.group(1)))
    if name == "relative":
        return today + dt.timedelta(days=RELATIVE_DAYS[m.group(0)])
    if name == "days_ago":
        return today - dt.timedelta(days=_count(m.group(1)))
    if name == "weeks_ago":
        return today - dt.timedelta(weeks=_count(m.group(1)))
    if name == "week":
        weekday = WEEKDAY[m.group(3)]
        if m.group(1) is None:  # 周三: the latest Wednesday, today included
            return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
        return _monday(today, _weeks_back(m.group(1))) + dt.timedelta(days=weekday)
    if name == "week_only":
        return _monday(today, _weeks_back(m.group(1)))
    return None


def _en_day(name: str, m: re.Match[str], today: dt.date) -> dt.date | None:
    if name == "iso":
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if name == "slash":
        first, second = int(m.group(1)), int(m.group(2))
        if first > 12 >= second:  # 14/6: day first, as in most of the world
            first, second = second, first
        if m.group(3):
            return _date(int(m.group(3)), first, second)
        return _without_year(first, second, today)
    if name == "en_nth":  # on the 10th: this month
        return _date(today.year, today.month, int(m.group(1)))
    if name == "en_last_week":  # no weekday: asked, that week's Monday offered, as for 上周
        return _monday(today, 1)
    if name == "en_ago":
        count = m.group(1).lower()
        number = int(count) if count.isdigit() else EN_NUMBER[count]
        unit = 7 if m.group(2).lower() == "week" else 1
        return today - dt.timedelta(days=number * unit)
    if name == "en_rel":
        word = m.group(1).lower()
        return today - dt.timedelta(
            days={
                "yesterday": 1,
                "the day before yesterday": 2,
                "tomorrow": -1,
                "last night": 1,
            }.get(word, 0)
        )
    if name == "en_weekday":
        prefix = (m.group(1) or "").lower()
        weekday = EN_DAYS.index(m.group(2).lower())
        word = re.sub(r"\s+(?:of\s+)?(?:last|this) week$", "", m.group(0).strip().lower()).split()[
            -1
        ]
        if not any(full.startswith(word) for full in EN_WEEKDAYS) or len(word) < 3:
            return None
        tail = m.string[m.end() :].strip()
        if not prefix and word not in EN_WEEKDAYS and (tail and tail[0] not in ".,;:!)"):
            return None  # "sat down", "wed": a weekday is written out, "on Sat", or ", Fri." last
        week = (m.group(3) or "").lower()
        if prefix == "last" or week == "last":
            return _monday(today, 1) + dt.timedelta(days=weekday)
        if week == "this":
            return _monday(today, 0) + dt.timedelta(days=weekday)
        if prefix == "this":
            return _monday(today, 0) + dt.timedelta(days=weekday)
        if prefix == "next":
            return _monday(today, -1) + dt.timedelta(days=weekday)
        return today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    return _dateparser_day(m.group(0), today)


def _dateparser_day(span: str, today: dt.date) -> dt.date | None:
    import dateparser

    base = dt.datetime.combine(today, dt.time(12, 0))
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "MDY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(
            span.removeprefix("on ").strip(" ,."), languages=["en"], settings=settings
        )
    if parsed is None:
        return None
    if not re.search(r"\d{4}", span):  # no year written: the year that makes sense, as in Chinese
        return _without_year(parsed.month, parsed.day, today)
    return parsed.date()

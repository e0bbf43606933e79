"""When digests are due, and the holiday calendar's fallback."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest

from bot.core.digest import digest_moment, next_workday, week_of
from bot.outbox import china_workday
from tests.factories import make_member

ZONE = ZoneInfo("Asia/Shanghai")


def test_next_workday_skips_holidays() -> None:
    holidays = {dt.date(2022, 10, d) for d in range(1, 8)}
    assert next_workday(dt.date(2022, 10, 3), lambda d: d not in holidays) == dt.date(2022, 10, 8)
    assert next_workday(dt.date(2022, 10, 10), lambda d: True) == dt.date(2022, 10, 10)


def test_digest_moment_uses_the_members_day_and_hour() -> None:
    member = make_member(roles=("staff",))
    monday = digest_moment(member, dt.date(2022, 6, 22), ZONE, lambda d: d.weekday() < 5)
    assert monday == dt.datetime(2022, 6, 20, 9, 0, tzinfo=ZONE)
    later = dataclasses.replace(member, digest_weekday=2, digest_hour=14)
    wednesday = digest_moment(later, dt.date(2022, 6, 20), ZONE, lambda d: True)
    assert wednesday == dt.datetime(2022, 6, 22, 14, 0, tzinfo=ZONE)
    assert week_of(dt.date(2022, 1, 2)) == "2021-W52"


def test_the_china_calendar_knows_2022() -> None:
    assert not china_workday(dt.date(2022, 10, 3))  # 国庆节
    assert china_workday(dt.date(2022, 10, 8))  # a Saturday made a working day
    assert not china_workday(dt.date(2022, 1, 31))  # 春节 eve holiday


def test_an_unknown_year_falls_back_to_weekdays_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert china_workday(dt.date(2099, 3, 2))  # a Monday
        assert not china_workday(dt.date(2099, 3, 1))  # a Sunday
    assert "does not know 2099" in caplog.text

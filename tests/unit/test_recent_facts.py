"""The short-lived cache of facts behind a draft's card."""

from __future__ import annotations

import datetime as dt

from bot.core.progress import Fact
from bot.standing import RecentFacts
from storage.progress import CountsVersion

FACTS = [Fact("research_trip", dt.date(2022, 6, 1), None, None, 3)]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_kept_for_its_time_then_read_again() -> None:
    clock = Clock()
    recent = RecentFacts(ttl=2.0, monotonic=clock)
    recent.put("unit", FACTS)
    clock.now += 1.9
    assert recent.get("unit") == FACTS
    clock.now += 0.2
    assert recent.get("unit") is None
    assert recent.get("unit") is None  # and gone


def test_forgotten_when_this_process_changes_what_counts() -> None:
    recent = RecentFacts(monotonic=Clock())
    recent.put("unit", FACTS)
    CountsVersion.value += 1
    assert recent.get("unit") is None


def test_the_oldest_go_first_when_full() -> None:
    recent = RecentFacts(size=3, monotonic=Clock())
    for key in "abcd":
        recent.put(key, FACTS)
    assert [recent.get(k) is not None for k in "abcd"] == [False, True, True, True]
    recent.put("b", FACTS)  # put again: the newest now
    recent.put("e", FACTS)
    assert [recent.get(k) is not None for k in "bcde"] == [True, False, True, True]

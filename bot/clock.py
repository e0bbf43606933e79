"""Where "now" comes from: real time on Telegram, a settable clock in the sandbox and console."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Tells the time in the office's zone."""

    @property
    def zone(self) -> ZoneInfo: ...

    def now(self) -> dt.datetime: ...


class SystemClock:
    """The machine's clock, in the office's zone."""

    def __init__(self, zone: ZoneInfo) -> None:
        self.zone = zone

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.zone)


class SettableClock:
    """A clock that stands where it is put and moves only when told (sandbox, console, tests)."""

    def __init__(self, zone: ZoneInfo, start: dt.datetime) -> None:
        self.zone = zone
        self._now = start.astimezone(zone) if start.tzinfo else start.replace(tzinfo=zone)

    def now(self) -> dt.datetime:
        return self._now

    def set(self, moment: dt.datetime) -> None:
        self._now = (
            moment.astimezone(self.zone) if moment.tzinfo else moment.replace(tzinfo=self.zone)
        )

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta

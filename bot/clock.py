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


class RunningClock:
    """Real time, shifted so that it started at a chosen moment (demonstrations, tests)."""

    def __init__(self, zone: ZoneInfo, start: dt.datetime) -> None:
        self.zone = zone
        begin = start if start.tzinfo else start.replace(tzinfo=zone)
        self._offset = begin - dt.datetime.now(zone)

    def now(self) -> dt.datetime:
        return (dt.datetime.now(self.zone) + self._offset).astimezone(self.zone)


def clock_for(zone: ZoneInfo, start: str | None) -> Clock:
    """The bot's clock: the machine's, or one started at `start` (ISO) and running on."""
    if not start:
        return SystemClock(zone)
    return RunningClock(zone, dt.datetime.fromisoformat(start))

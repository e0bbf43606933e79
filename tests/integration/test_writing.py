"""Writers on SQLite take turns in this process instead of sleeping in SQLite's busy handler."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.clock import SettableClock
from bot.core.plan import load_plans
from bot.services import Services, WriterQueue, open_services
from bot.settings import load_settings
from storage.activities import adjust_tally
from storage.models import DayTally

DAY = dt.date(2022, 6, 1)


@pytest.fixture
async def services(monkeypatch: pytest.MonkeyPatch, tmp_path, fresh_sqlite_url: str):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACTIVITY_BOT_DATABASE_URL", fresh_sqlite_url)
    settings = load_settings()
    plans = load_plans(settings.plan_paths())
    clock = SettableClock(settings.zone, dt.datetime(2022, 6, 15, 10, 0))
    async with open_services(settings, plans, clock) as opened:
        yield opened


async def test_writers_take_turns_in_the_order_they_came(services: Services) -> None:
    inside: list[int] = []
    order: list[int] = []

    async def write(i: int) -> None:
        async with services.writing() as session:
            inside.append(i)
            assert inside == [i], "two writers at once"
            order.append(i)
            await adjust_tally(session, "research_trip", None, DAY, 1)
            await asyncio.sleep(0)  # others get to run, and must wait
            inside.remove(i)

    await asyncio.gather(*(write(i) for i in range(40)))
    assert order == list(range(40))
    async with services.sessions() as session:
        count = await session.scalar(select(DayTally.count).where(DayTally.day == DAY))
    assert count == 40


async def test_a_writer_that_calls_another_keeps_its_turn(services: Services) -> None:
    async def nested() -> None:
        async with services.writing() as outer:
            await adjust_tally(outer, "research_trip", None, DAY, 1)
            async with services.writing() as inner:  # same task: no wait for itself
                assert inner is not outer

    await asyncio.wait_for(nested(), 10)


async def test_a_failed_writer_gives_up_its_turn() -> None:
    queue = WriterQueue()
    with pytest.raises(RuntimeError):
        async with queue.turn():
            raise RuntimeError("the use case failed")

    async def next_writer() -> bool:
        async with queue.turn():
            return True

    assert await asyncio.wait_for(next_writer(), 5)

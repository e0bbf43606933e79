"""Chat tests: the real Application and handlers on an in-process sandbox and a real database.

Every request the bot makes and every answer the sandbox gives in a chat test is checked against
the Bot API description when the test ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import SettableClock
from bot.core.plan import PlanBook, load_plans
from bot.sandbox.driver import SandboxBot, VirtualTime
from bot.settings import Settings, load_settings
from tests import apispec

EXAMPLE_ROSTER = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_sqlite_url: str) -> Settings:
    monkeypatch.chdir(tmp_path)
    for name in (
        "TELEGRAM_BOT_TOKEN",
        "ACTIVITY_BOT_PLAN",
        "ACTIVITY_BOT_LANGUAGE",
        "ACTIVITY_BOT_TIMEZONE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ACTIVITY_BOT_DATABASE_URL", fresh_sqlite_url)
    return load_settings()


@pytest.fixture
def plans(settings: Settings) -> PlanBook:
    return load_plans(settings.plan_paths())


@pytest.fixture
def clock(settings: Settings) -> SettableClock:
    return SettableClock(settings.zone, dt.datetime(2022, 6, 15, 10, 0))


@pytest.fixture
async def chat(
    settings: Settings, plans: PlanBook, clock: SettableClock
) -> AsyncIterator[SandboxBot]:
    """The bot with the example roster; every member with a telegram_id has an account."""
    async with SandboxBot.open(settings, plans, clock, timer=VirtualTime()) as bot:
        services = bot.application.bot_data.services
        await services.import_roster(EXAMPLE_ROSTER.read_text(encoding="utf-8"), "roster.csv")
        for member in await services.members():
            if member.telegram_id is not None:
                bot.add_member(member)
        yield bot
    problems = [
        p for method, params in bot.sandbox.requests for p in apispec.check_request(method, params)
    ]
    problems += [
        p for method, result in bot.sandbox.responses for p in apispec.check_result(method, result)
    ]
    problems += [
        p for update in bot.sandbox.created_updates for p in apispec.check_object("Update", update)
    ]
    assert not problems, "\n".join(problems[:20])

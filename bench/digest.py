"""The weekly digest for 10,000 members: the time to compose them all, then sending them
through the sandbox at Telegram's flood limits (on virtual time) with no 429. The baseline is
the goal: 10 s to compose."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.common import FULL, database_urls, drop_database, emit, machine
from bench.data import populate
from bot.clock import SettableClock
from bot.core.plan import load_plans
from bot.sandbox.driver import SandboxBot, VirtualTime
from bot.settings import Settings

MEMBERS = 10_000 if FULL else 2_000
ACTIVITIES = 100_000 if FULL else 20_000
GOAL_S = 10.0


async def measure(url: str) -> dict[str, object]:
    settings = Settings(ACTIVITY_BOT_DATABASE_URL=url)  # type: ignore[call-arg]
    plans = load_plans(settings.plan_paths())
    clock = SettableClock(settings.zone, dt.datetime(2022, 6, 20, 9, 0))
    timer = VirtualTime()
    async with SandboxBot.open(settings, plans, clock, flood_limits=True, timer=timer) as bot:
        services = bot.application.bot_data.services
        await populate(services, MEMBERS, ACTIVITIES)
        for member in await services.members():
            bot.add_member(member)
        start = time.perf_counter()
        planned = await services.outbox.due(clock.now())
        compose_s = time.perf_counter() - start
        start = time.perf_counter()
        out = await bot.run_jobs()
        send_s = time.perf_counter() - start
        return {
            "members": MEMBERS,
            "messages": len(planned),
            "compose_s": round(compose_s, 2),
            "sent": len(out),
            "rejections_429": bot.sandbox.rejections,
            "last_rejection": bot.sandbox.last_rejection,
            "send_wall_s": round(send_s, 1),
            "send_virtual_s": round(timer.slept, 1),
            "messages_per_virtual_s": round(len(out) / timer.slept, 1),
        }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        urls = database_urls(Path(tmp))
        try:
            for backend, url in urls.items():
                figures = asyncio.run(measure(url))
                emit(
                    {
                        "name": "digest",
                        "database": backend,
                        **figures,
                        "baseline": {"goal_compose_s": GOAL_S},
                        "ratio": round(float(figures["compose_s"]) / GOAL_S, 3),  # type: ignore[arg-type]
                        "machine": machine(),
                    }
                )
        finally:
            for url in urls.values():
                drop_database(url)


if __name__ == "__main__":
    main()

"""Peak memory (VmHWM) of the bot process holding a large history while members ask what
remains and the unit view is drawn; the baseline is the bare echo bot's peak in the same run."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import FULL, ROOT, bot_env, database_urls, drop_database, emit, machine, stop
from bench.data import populate
from bot.clock import SettableClock
from bot.core.plan import load_plans
from bot.sandbox.model import TelegramSandbox
from bot.sandbox.server import SandboxServer
from bot.services import open_services
from bot.settings import Settings

ACTIVITIES = 1_000_000 if FULL else 50_000
MEMBERS = 2000
ASKS = 200


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


async def drive(
    command: list[str], env: dict[str, str] | None, cwd: Path, users: list[int], texts: list[str]
) -> int:
    zone = ZoneInfo("Asia/Shanghai")
    sandbox = TelegramSandbox(clock=SettableClock(zone, dt.datetime(2022, 6, 29, 10, 0)))
    for user in users:
        sandbox.add_user(user, str(user))
        sandbox.started.add(user)
    server = SandboxServer(sandbox)
    await server.start()
    args = [*command, server.url] if env is None else [*command, "--api-url", server.url]
    process = subprocess.Popen(  # noqa: ASYNC220 (quick to start; it runs on its own)
        args,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for i, user in enumerate(users):
            sandbox.send_text(user, texts[i % len(texts)])
        deadline = time.monotonic() + 600
        while len(sandbox.outgoing) < len(users) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        await asyncio.sleep(1)
        return peak_kib(process.pid)
    finally:
        stop(process)
        await server.stop()


async def fill(url: str) -> None:
    settings = Settings(ACTIVITY_BOT_DATABASE_URL=url)  # type: ignore[call-arg]
    plans = load_plans(settings.plan_paths())
    clock = SettableClock(settings.zone, dt.datetime(2022, 6, 15, 10, 0))
    async with open_services(settings, plans, clock) as services:
        await populate(services, MEMBERS, ACTIVITIES)


def main() -> None:
    users = [300000 + i for i in range(ASKS)]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        echo = asyncio.run(
            drive(
                [sys.executable, str(ROOT / "bench" / "echo_bot.py")], None, cwd, users, ["hello"]
            )
        )
        urls = database_urls(cwd)
        try:
            for backend, url in urls.items():
                asyncio.run(fill(url))
                texts = ["/remaining", "/progress", "我今年还剩什么", "6月1日到银行调研"]
                peak = asyncio.run(
                    drive(
                        [sys.executable, "-m", "bot", "--log-level", "WARNING", "run"],
                        bot_env(url),
                        cwd,
                        users,
                        texts,
                    )
                )
                emit(
                    {
                        "name": "memory",
                        "database": backend,
                        "activities": ACTIVITIES,
                        "members": MEMBERS,
                        "peak_rss_mib": round(peak / 1024, 1),
                        "baseline": {
                            "name": "python-telegram-bot echo bot",
                            "peak_rss_mib": round(echo / 1024, 1),
                        },
                        "ratio": round(peak / echo, 2),
                        "machine": machine(),
                    }
                )
        finally:
            for url in urls.values():
                drop_database(url)


if __name__ == "__main__":
    main()

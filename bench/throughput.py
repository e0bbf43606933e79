"""Throughput and latency: activity reports through the HTTP sandbox, the bot in its own
process, against a bare python-telegram-bot echo bot on the same sandbox in the same run.

Two loads per bot: as fast as possible (N reports queued at once: updates/s), and paced at
100 reports/s (p50/p99 from an update's arrival at the sandbox to the bot's reply).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
import tempfile
import time
from collections import defaultdict, deque
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import (
    FULL,
    ROOT,
    bot_env,
    database_urls,
    drop_database,
    emit,
    machine,
    run_cli,
    summary,
)
from bot.clock import SettableClock
from bot.sandbox.model import Outgoing, TelegramSandbox
from bot.sandbox.server import SandboxServer

USERS = 100
REPORTS = 5000 if FULL else 600
PACED_SECONDS = 20 if FULL else 6
RATE = 100


class Load:
    """Queues messages on the sandbox and times each reply against its message."""

    def __init__(self, sandbox: TelegramSandbox) -> None:
        self.sandbox = sandbox
        self.sent: dict[int, deque[float]] = defaultdict(deque)
        self.latencies: list[float] = []
        self.replies = 0
        self.last_reply = 0.0
        sandbox.listeners.append(self.on_reply)

    def on_reply(self, out: Outgoing) -> None:
        queue = self.sent.get(out.chat_id)
        if out.method != "sendMessage" or not queue:
            return
        now = time.perf_counter()
        self.latencies.append((now - queue.popleft()) * 1000)
        self.replies += 1
        self.last_reply = now

    def send(self, user: int, text: str) -> None:
        self.sent[user].append(time.perf_counter())
        self.sandbox.send_text(user, text)

    async def wait_for(self, count: int, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.replies < count:
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.01)
        return True


def report_text(i: int) -> str:
    return f"{1 + i % 28}日到第{i}家银行调研"


async def measure(command: list[str], env: dict[str, str] | None, cwd: Path) -> dict[str, float]:
    zone = ZoneInfo("Asia/Shanghai")
    sandbox = TelegramSandbox(clock=SettableClock(zone, dt.datetime(2022, 6, 29, 10, 0)))
    for user in range(1, USERS + 1):
        sandbox.add_user(100000 + user, f"成员{user}")
        sandbox.started.add(100000 + user)
    server = SandboxServer(sandbox)
    await server.start()
    process = subprocess.Popen(  # noqa: ASYNC220 (quick to start; it runs on its own)
        [*command, server.url] if env is None else [*command, "--api-url", server.url],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    load = Load(sandbox)
    try:
        for i in range(20):  # warm up: the bot is up and has answered
            load.send(100001 + i % USERS, report_text(i))
        if not await load.wait_for(20, 60):
            raise RuntimeError("the bot did not answer")
        load.latencies.clear()
        start_replies = load.replies
        start = time.perf_counter()
        for i in range(REPORTS):
            load.send(100001 + i % USERS, report_text(i))
        await load.wait_for(start_replies + REPORTS, 600)
        throughput = REPORTS / (load.last_reply - start)
        load.latencies.clear()
        base = load.replies
        count = RATE * PACED_SECONDS
        begin = time.perf_counter()
        for i in range(count):
            delay = begin + i / RATE - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            load.send(100001 + i % USERS, report_text(REPORTS + i))
        await load.wait_for(base + count, 120)
        return {"updates_per_s": round(throughput, 1), **summary(load.latencies)}
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        await server.stop()


def prepare(url: str, cwd: Path) -> dict[str, str]:
    env = bot_env(url)
    lines = ["name,telegram_id,roles,department,supervises,lang"]
    lines += [f"成员{u},{100000 + u},staff,综合科,,zh" for u in range(1, USERS + 1)]
    roster = cwd / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_cli(env, "roster", "import", str(roster), cwd=cwd)
    return env


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        echo = asyncio.run(
            measure([sys.executable, str(ROOT / "bench" / "echo_bot.py")], None, cwd)
        )
        for backend, url in database_urls(cwd).items():
            try:
                env = prepare(url, cwd)
                figures = asyncio.run(
                    measure(
                        [sys.executable, "-m", "bot", "--log-level", "WARNING", "run"], env, cwd
                    )
                )
            finally:
                drop_database(url)
            emit(
                {
                    "name": "throughput",
                    "database": backend,
                    "reports": REPORTS,
                    **figures,
                    "paced_rate": RATE,
                    "baseline": {"name": "python-telegram-bot echo bot", **echo},
                    "ratio": round(figures["updates_per_s"] / echo["updates_per_s"], 3),
                    "machine": machine(),
                }
            )


if __name__ == "__main__":
    main()

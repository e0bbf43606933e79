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
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import (
    FULL,
    ROOT,
    backends,
    bot_env,
    cpu_seconds,
    drop_database,
    emit,
    fresh_database,
    machine,
    run_cli,
    stop,
    summary,
)
from bot.clock import SettableClock
from bot.sandbox.model import Outgoing, TelegramSandbox
from bot.sandbox.server import SandboxServer

USERS = 100
REPORTS = 5000 if FULL else 400
PACED_SECONDS = 20 if FULL else 4
RATE = 100
ROUNDS = 2 if FULL else 1


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
        cpu_before = cpu_seconds(process.pid)
        for i in range(REPORTS):
            load.send(100001 + i % USERS, report_text(i))
        await load.wait_for(start_replies + REPORTS, 600)
        throughput = REPORTS / (load.last_reply - start)
        cpu_ms = (cpu_seconds(process.pid) - cpu_before) * 1000 / REPORTS
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
        return {
            "updates_per_s": round(throughput, 1),
            "cpu_ms_per_update": round(cpu_ms, 2),
            **summary(load.latencies),
        }
    finally:
        stop(process)
        await server.stop()


def prepare(url: str, cwd: Path) -> dict[str, str]:
    env = bot_env(url)
    lines = ["name,telegram_id,roles,department,supervises,lang"]
    lines += [f"成员{u},{100000 + u},staff,综合科,,zh" for u in range(1, USERS + 1)]
    roster = cwd / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_cli(env, "roster", "import", str(roster), cwd=cwd)
    return env


def worst(rounds: Iterable[dict[str, float]]) -> dict[str, float]:
    """Throughput as the rounds' mean, latencies as the worst round's."""
    taken = list(rounds)
    return {
        "updates_per_s": round(sum(r["updates_per_s"] for r in taken) / len(taken), 1),
        "cpu_ms_per_update": round(sum(r["cpu_ms_per_update"] for r in taken) / len(taken), 2),
        "p50_ms": max(r["p50_ms"] for r in taken),
        "p99_ms": max(r["p99_ms"] for r in taken),
    }


def main() -> None:
    """Each backend in ROUNDS rounds, the echo bot just before the bot in each round (these
    shared machines drift over minutes): the ratio is the mean of the rounds' ratios."""
    echo_command = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
    bot_command = [sys.executable, "-m", "bot", "--log-level", "WARNING", "run"]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        for backend in backends():
            rounds = []
            for number in range(ROUNDS):
                # A fresh database each round: each round's sandbox numbers its updates from 1.
                url = fresh_database(backend, cwd, f"_{number}")
                try:
                    env = prepare(url, cwd)
                    echo = asyncio.run(measure(echo_command, None, cwd))
                    figures = asyncio.run(measure(bot_command, env, cwd))
                    rounds.append((figures, echo))
                finally:
                    drop_database(url)
            ratios = [f["updates_per_s"] / e["updates_per_s"] for f, e in rounds]
            emit(
                {
                    "name": "throughput",
                    "database": backend,
                    "reports": REPORTS,
                    **worst(r[0] for r in rounds),
                    "paced_rate": RATE,
                    "baseline": {
                        "name": "python-telegram-bot echo bot",
                        **worst(r[1] for r in rounds),
                    },
                    "ratio": round(sum(ratios) / len(ratios), 3),  # each round against its own echo
                    "rounds": [
                        {
                            "updates_per_s": f["updates_per_s"],
                            "p99_ms": f["p99_ms"],
                            "cpu_ms_per_update": f["cpu_ms_per_update"],
                            "echo_updates_per_s": e["updates_per_s"],
                            "echo_cpu_ms_per_update": e["cpu_ms_per_update"],
                        }
                        for f, e in rounds
                    ],
                    "machine": machine(),
                }
            )


if __name__ == "__main__":
    main()

"""Shared pieces of the benchmarks: sizes, percentiles, processes, the machine."""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FULL = os.environ.get("BENCH_SIZE", "small") == "full"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(values), 3) if values else float("nan"),
        "p99_ms": round(percentile(values, 0.99), 3),
    }


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a running process has used so far (Linux: /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(terse=True),
    }


def emit(result: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def backends() -> list[str]:
    """SQLite always; PostgreSQL when ACTIVITY_BOT_TEST_DATABASE_URL points at a server."""
    return (
        ["sqlite", "postgresql"] if os.environ.get("ACTIVITY_BOT_TEST_DATABASE_URL") else ["sqlite"]
    )


def fresh_database(backend: str, tmp: Path, suffix: str = "") -> str:
    """An empty database of the run's own (`suffix` tells several apart): a SQLite file in
    `tmp`, or a database on the PostgreSQL server, dropped by `drop_database`."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp / f'bench{suffix}.sqlite3'}"
    server = os.environ["ACTIVITY_BOT_TEST_DATABASE_URL"]
    name = f"activity_bot_bench_{os.getpid()}{suffix}"
    admin(server, f'CREATE DATABASE "{name}"')
    return server.rsplit("/", 1)[0] + f"/{name}"


def database_urls(tmp: Path) -> dict[str, str]:
    """A fresh database on each backend."""
    return {backend: fresh_database(backend, tmp) for backend in backends()}


def drop_database(url: str) -> None:
    server = os.environ.get("ACTIVITY_BOT_TEST_DATABASE_URL")
    if server and url.startswith("postgresql"):
        name = url.rsplit("/", 1)[1]
        admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def admin(url: str, statement: str) -> None:
    import asyncio

    from sqlalchemy.ext.asyncio import create_async_engine

    async def run() -> None:
        engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
        await engine.dispose()

    asyncio.run(run())


def bot_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    env.update(
        {"ACTIVITY_BOT_DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": "4242:BENCH-token"}
    )
    return env


def run_cli(env: dict[str, str], *args: str, cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot", "--log-level", "WARNING", *args],
        env=env,
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def wait_until(check, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def stop(process: subprocess.Popen[bytes], grace: float = 20) -> None:
    """Ask a bot process to stop (SIGTERM); kill it if it has not stopped after `grace` s."""
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()

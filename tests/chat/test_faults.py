"""Faults: a bot killed mid-load, two webhook instances on one PostgreSQL, a database outage.

These start real bot processes against the HTTP sandbox; they are slow, so they carry the
`slow` marker and `.ci/run` runs them separately.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import tornado.web
from sqlalchemy import func, select, text
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from bot.clock import SettableClock
from bot.intake import LANES
from bot.sandbox.model import TelegramSandbox
from bot.sandbox.server import SandboxServer
from storage.db import make_engine
from storage.models import ActivityRow, Delivery, InboxUpdate

pytestmark = pytest.mark.slow
TOKEN = "4242:SANDBOX-faults"
USERS = [500000 + i for i in range(100)]


def roster(path: Path) -> Path:
    lines = ["name,telegram_id,roles,department,supervises,lang"]
    lines += [f"成员{u},{u},staff,综合科,,zh" for u in USERS]
    lines.append("书记,499999,secretary,,,zh")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIVITY_BOT_", "TELEGRAM"))}
    env.update({"ACTIVITY_BOT_DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": TOKEN, **extra})
    return env


def import_roster(env: dict[str, str], cwd: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot", "roster", "import", str(roster(cwd / "r.csv"))],
        env=env,
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def start_bot(env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--log-level", "WARNING", "run", *args],
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def until(check, seconds: float) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[TelegramSandbox, SandboxServer]]:
    box = TelegramSandbox(
        clock=SettableClock(ZoneInfo("Asia/Shanghai"), dt.datetime(2022, 6, 29, 10, 0))
    )
    for user in [*USERS, 499999]:
        box.add_user(user, str(user))
        box.started.add(user)
    server = SandboxServer(box)
    await server.start()
    yield box, server
    await server.stop()


def cards(box: TelegramSandbox) -> Counter[int]:
    return Counter(o.chat_id for o in box.outgoing if o.text.startswith("📝"))


async def count_rows(url: str, table: type) -> int:  # type: ignore[type-arg]
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(table)) or 0)
    finally:
        await engine.dispose()


async def test_sigkill_in_the_middle_of_2000_reports(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    box, server = sandbox
    url = f"sqlite+aiosqlite:///{tmp_path / 'kill.sqlite3'}"
    env = environment(url)
    import_roster(env, tmp_path)
    bot = start_bot(env, tmp_path, "--api-url", server.url)
    reports = 2000
    for i in range(reports):
        box.send_text(USERS[i % len(USERS)], f"{1 + i % 28}日到第{i}家银行调研了")
        if i % 100 == 99:
            await asyncio.sleep(0.05)
    await until(lambda: sum(cards(box).values()) >= 700, 120)
    bot.send_signal(signal.SIGKILL)
    bot.wait()
    killed_at = sum(cards(box).values())
    assert killed_at < reports
    bot = start_bot(env, tmp_path, "--api-url", server.url)
    try:
        await until_async(lambda: all_done(url, reports), 240)
    finally:
        bot.terminate()
        bot.wait(30)
    assert await count_rows(url, ActivityRow) == reports  # every report stored exactly once
    # A card for each. A card already shown when the bot died, whose update was not yet marked
    # done, is shown again (never lost): those in the lanes' hands and those finished while
    # the marker was writing.
    assert min(cards(box).values()) >= reports // len(USERS)
    assert sum(cards(box).values()) - reports <= 3 * LANES


async def until_async(check, seconds: float) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def all_done(url: str, updates: int) -> bool:
    """Every update kept and marked done."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            done = await connection.scalar(
                select(func.count())
                .select_from(InboxUpdate)
                .where(InboxUpdate.done_at.is_not(None))
            )
    finally:
        await engine.dispose()
    return done == updates


async def test_two_webhook_instances_on_postgresql(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server_url = os.environ.get("ACTIVITY_BOT_TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("needs ACTIVITY_BOT_TEST_DATABASE_URL (PostgreSQL)")
    box, server = sandbox
    name = f"activity_bot_faults_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    ports = [bind_sockets(0, "127.0.0.1") for _ in range(3)]
    numbers = [p[0].getsockname()[1] for p in ports]
    for sockets in ports[:2]:
        for sock in sockets:
            sock.close()
    targets = [f"http://127.0.0.1:{n}/hook" for n in numbers[:2]]
    turn = {"next": 0}

    class Balance(tornado.web.RequestHandler):
        async def post(self) -> None:
            target = targets[turn["next"] % 2]
            turn["next"] += 1
            async with httpx.AsyncClient() as client:
                answer = await client.post(
                    target, content=self.request.body, headers=dict(self.request.headers)
                )
            self.set_status(answer.status_code)
            self.finish(answer.content)

    balancer = HTTPServer(tornado.web.Application([(r"/hook", Balance)]))
    balancer.add_sockets(ports[2])
    env = environment(
        url, ACTIVITY_BOT_CLOCK_START="2022-06-20T08:59:57", ACTIVITY_BOT_JOBS_EVERY="1"
    )
    bots = []
    try:
        import_roster(env, tmp_path)
        for port in numbers[:2]:
            bots.append(
                start_bot(
                    env,
                    tmp_path,
                    "--api-url",
                    server.url,
                    "--webhook",
                    f"http://127.0.0.1:{numbers[2]}/hook",
                    "--listen",
                    f"127.0.0.1:{port}",
                )
            )
            await asyncio.sleep(2)
        await until(lambda: box.webhook["url"].endswith(f"{numbers[2]}/hook"), 30)
        for i in range(300):
            box.send_text(USERS[i % len(USERS)], f"6月{1 + i % 19}日到第{i}家企业调研")
        await until(lambda: sum(cards(box).values()) >= 300 and not box.updates, 120)
        await until(
            lambda: (
                len([o for o in box.outgoing if o.text.startswith("本周提示")]) >= len(USERS) + 1
            ),
            120,
        )
        await asyncio.sleep(3)  # both instances' jobs ran again: nothing more may go out
        assert turn["next"] >= 300  # both instances took updates
        assert await count_rows(url, ActivityRow) == 300
        assert await count_rows(url, InboxUpdate) == 300
        assert sum(cards(box).values()) == 300
        digests = Counter(o.chat_id for o in box.outgoing if o.text.startswith("本周提示"))
        assert set(digests.values()) == {1} and len(digests) == len(USERS) + 1
        assert await count_rows(url, Delivery) >= len(USERS) + 1
    finally:
        for bot in bots:
            bot.terminate()
        for bot in bots:
            try:
                bot.wait(30)
            except subprocess.TimeoutExpired:
                bot.kill()
        balancer.stop()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def _cluster() -> list[str] | None:
    versions = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").exists() else []
    if not versions or os.geteuid() != 0:
        return None
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1].name, "main"]


async def test_postgresql_restarted_under_load(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server_url = os.environ.get("ACTIVITY_BOT_TEST_DATABASE_URL")
    cluster = _cluster()
    if not server_url or cluster is None:
        pytest.skip("needs ACTIVITY_BOT_TEST_DATABASE_URL and the local cluster (as root)")
    box, server = sandbox
    name = f"activity_bot_outage_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    env = environment(url)
    import_roster(env, tmp_path)
    bot = start_bot(env, tmp_path, "--api-url", server.url)
    sent = 0
    try:
        for i in range(100):
            box.send_text(USERS[i], f"6月{1 + i % 19}日到第{i}家企业调研")
            sent += 1
        await until(lambda: sum(cards(box).values()) >= 100, 60)
        await asyncio.to_thread(
            subprocess.run, [*cluster, "stop", "-m", "fast"], check=True, capture_output=True
        )
        try:
            for i in range(100):
                box.send_text(USERS[i], f"6月{1 + i % 19}日到第{100 + i}家银行调研")
                sent += 1
            await until(
                lambda: len([o for o in box.outgoing if o.text.startswith("服务暂时繁忙")]) >= 1, 60
            )
        finally:
            await asyncio.to_thread(
                subprocess.run, [*cluster, "start"], check=True, capture_output=True
            )
        await until(lambda: sum(cards(box).values()) >= sent, 180)
        busy = [o for o in box.outgoing if o.text.startswith("服务暂时繁忙")]
        assert busy and len({o.chat_id for o in busy}) == len(busy)  # told once each
        assert bot.poll() is None  # recovered without a restart
        assert await count_rows(url, ActivityRow) == sent  # nothing lost, nothing twice
    finally:
        bot.terminate()
        try:
            bot.wait(30)
        except subprocess.TimeoutExpired:
            bot.kill()
        admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()

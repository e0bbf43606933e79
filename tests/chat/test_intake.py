"""Durable intake: the inbox between Telegram and the handlers, and the jobs lease."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from sqlalchemy import select
from telegram import Update

from bot.clock import SettableClock
from bot.core.plan import PlanBook
from bot.intake import SECRET_HEADER, Intake, webhook_secret
from bot.sandbox.driver import SANDBOX_TOKEN, SandboxBot
from bot.sandbox.model import TelegramSandbox
from bot.settings import Settings
from storage.inbox import InboxRepository, LeaseRepository
from storage.models import InboxUpdate
from tests.chat.conftest import EXAMPLE_ROSTER
from tests.chat.helpers import activities

STAFF = 100009
USERS = [100001, 100002, 100003, 100004, 100005, 100006, 100007, 100008, 100009, 100010]


@asynccontextmanager
async def running(
    settings: Settings,
    plans: PlanBook,
    clock: SettableClock,
    sandbox: TelegramSandbox,
    *,
    poll: bool = True,
    work: bool = True,
) -> AsyncIterator[Intake]:
    """The bot with the durable intake on an in-process sandbox, like `activity-bot run`."""
    async with SandboxBot.open(settings, plans, clock, sandbox=sandbox, updater=False) as bot:
        intake = Intake(bot.application, "test-instance")
        tasks = []
        if poll:
            tasks.append(asyncio.create_task(intake.poll()))
        if work:
            tasks.append(asyncio.create_task(intake.work()))
        try:
            yield intake
        finally:
            await intake.finish(tasks)


def sandbox_with_people(clock: SettableClock) -> TelegramSandbox:
    sandbox = TelegramSandbox(clock=clock)
    for user in USERS:
        sandbox.add_user(user, f"u{user}")
        sandbox.started.add(user)
    return sandbox


async def until(check, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def inbox_counts(intake: Intake) -> dict[str, int]:
    async with intake.services.sessions() as session:
        return await InboxRepository(session).counts()


@pytest.fixture
async def roster(settings: Settings, plans: PlanBook, clock: SettableClock) -> None:
    from bot.services import open_services

    async with open_services(settings, plans, clock) as services:
        await services.import_roster(EXAMPLE_ROSTER.read_text(encoding="utf-8"), "roster.csv")


async def test_polled_reports_are_kept_then_handled(settings, plans, clock, roster) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_with_people(clock)
    async with running(settings, plans, clock, sandbox) as intake:
        for i, user in enumerate(USERS * 3):
            sandbox.send_text(user, f"6月{1 + i % 9}日到银行调研（第{i}次）")

        async def all_done() -> bool:
            counts = await inbox_counts(intake)
            return counts == {"total": 30, "open": 0}

        await until(all_done)
    cards = [o for o in sandbox.outgoing if o.text.startswith("📝")]
    assert len(cards) == 30
    assert sorted(o.chat_id for o in cards) == sorted(USERS * 3)


async def test_a_reply_to_an_earlier_card_attaches_to_that_card(
    settings, plans, clock, roster
) -> None:  # type: ignore[no-untyped-def]
    """Where a card was shown is written when its update is marked done: a file sent in
    reply to the first of two cards goes to the first report, not to the latest."""
    sandbox = sandbox_with_people(clock)
    async with running(settings, plans, clock, sandbox) as intake:
        sandbox.send_text(STAFF, "6月1日到银行调研")
        sandbox.send_text(STAFF, "6月2日讲廉政党课")
        await until(lambda: _open_zero_of(intake, 2))
        first = next(o for o in sandbox.outgoing if o.text.startswith("📝") and "6月1日" in o.text)
        update = sandbox.send_file(STAFF, "签到表.pdf", b"%PDF", mime_type="application/pdf")
        update["message"]["reply_to_message"] = sandbox.messages[(STAFF, first.message_id)]
        await until(lambda: _open_zero_of(intake, 3))
        stored = {a.happened_on.day: a for a in await _activities(intake)}
    assert [o.text for o in sandbox.outgoing][-1] == "已作为佐证附在 6月1日 调研 上（共 1 份）。"
    assert stored[1].card_message_id == first.message_id
    assert (stored[1].attachments, stored[2].attachments) == (1, 0)
    assert stored[2].card_message_id not in (None, first.message_id)


async def test_an_update_that_breaks_the_application_does_not_stop_its_lane(
    settings, plans, clock, roster, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_with_people(clock)
    async with running(settings, plans, clock, sandbox, poll=False) as intake:
        original = intake.application.process_update

        async def breaks_on_the_first(update: Update) -> None:
            if update.update_id == 1:
                raise RuntimeError("broken")
            await original(update)

        monkeypatch.setattr(intake.application, "process_update", breaks_on_the_first)
        first = sandbox.send_text(STAFF, "6月1日到银行调研")
        second = sandbox.send_text(STAFF, "6月2日到银行调研")  # same chat: the same lane
        for update in (first, second):
            sandbox.take(update["update_id"])
        await intake.keep([as_update(intake, first), as_update(intake, second)])
        await until(lambda: _open_zero_of(intake, 2))
        async with intake.services.sessions() as session:
            errors = await session.scalars(
                select(InboxUpdate.error).order_by(InboxUpdate.update_id)
            )
            assert [e and e.split("(")[0] for e in errors] == ["RuntimeError", None]
    assert [o.text.splitlines()[2] for o in sandbox.outgoing if o.text.startswith("📝")] == [
        "日期：6月2日（周四）"
    ]


async def _open_zero_of(intake: Intake, total: int) -> bool:
    return await inbox_counts(intake) == {"total": total, "open": 0}


async def test_kept_but_unhandled_updates_are_handled_after_a_restart(
    settings, plans, clock, roster
) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_with_people(clock)
    async with running(settings, plans, clock, sandbox, work=False) as intake:
        for user in USERS:
            sandbox.send_text(user, "6月1日到银行调研")

        async def kept() -> bool:
            return (await inbox_counts(intake))["total"] == 10

        await until(kept)
        await until(lambda: asyncio.sleep(0, result=not sandbox.updates))  # confirmed
    assert [o for o in sandbox.outgoing if o.text.startswith("📝")] == []  # "killed" here
    async with running(settings, plans, clock, sandbox) as intake:

        async def handled() -> bool:
            return (await inbox_counts(intake))["open"] == 0

        await until(handled)
    assert len([o for o in sandbox.outgoing if o.text.startswith("📝")]) == 10


async def test_updates_delivered_twice_count_once(settings, plans, clock, roster) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_with_people(clock)
    async with running(settings, plans, clock, sandbox, poll=False) as intake:
        update = sandbox.send_text(STAFF, "6月1日到银行调研")
        sandbox.take(update["update_id"])
        await intake.keep([as_update(intake, update)])
        await intake.keep([as_update(intake, update)])
        await until(lambda: _open_zero(intake))
        [card] = [o for o in sandbox.outgoing if o.text.startswith("📝")]
        press = sandbox.press(STAFF, STAFF, card.message_id, card.button_list()[0].callback_data)
        sandbox.take(press["update_id"])
        twice = dict(press, update_id=press["update_id"] + 1000)
        await intake.keep([as_update(intake, press)])
        await intake.keep([as_update(intake, press), as_update(intake, twice)])
        await until(lambda: _open_zero(intake))
        stored = await _activities(intake)
    assert len(stored) == 1 and stored[0].counts
    assert len([o for o in sandbox.outgoing if o.text.startswith("📝")]) == 1


def as_update(intake: Intake, payload: dict[str, object]) -> Update:
    return Update.de_json(payload, intake.application.bot)


async def _open_zero(intake: Intake) -> bool:
    return (await inbox_counts(intake))["open"] == 0


async def _activities(intake: Intake):  # type: ignore[no-untyped-def]
    class Shim:
        application = intake.application

    return await activities(Shim())  # type: ignore[arg-type]


async def test_the_webhook_keeps_before_it_answers(settings, plans, clock, roster) -> None:  # type: ignore[no-untyped-def]
    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets

    sandbox = sandbox_with_people(clock)
    async with running(settings, plans, clock, sandbox, poll=False) as intake:
        secret = webhook_secret(SANDBOX_TOKEN, None)
        sockets = bind_sockets(0, "127.0.0.1")
        port = sockets[0].getsockname()[1]
        server = HTTPServer(intake.webhook_app("/hook", secret))
        server.add_sockets(sockets)
        try:
            update = sandbox.send_text(STAFF, "6月1日到银行调研")
            sandbox.take(update["update_id"])
            url = f"http://127.0.0.1:{port}/hook"
            async with httpx.AsyncClient() as client:
                refused = await client.post(
                    url, content=json.dumps(update), headers={SECRET_HEADER: "wrong"}
                )
                assert refused.status_code == 403
                assert (await inbox_counts(intake))["total"] == 0
                for _ in range(2):
                    answer = await client.post(
                        url, content=json.dumps(update), headers={SECRET_HEADER: secret}
                    )
                    assert answer.status_code == 200
                    assert (await inbox_counts(intake))["total"] == 1  # kept before the 200
                bad = await client.post(url, content=b"{not json", headers={SECRET_HEADER: secret})
                assert bad.status_code == 400
            await until(lambda: _open_zero(intake))
            assert len(await _activities(intake)) == 1
        finally:
            server.stop()


async def test_one_instance_holds_the_jobs_lease(settings, plans, clock, roster) -> None:  # type: ignore[no-untyped-def]
    from bot.services import open_services

    now = dt.datetime(2022, 6, 20, 1, 0, tzinfo=dt.UTC)
    ttl = dt.timedelta(seconds=90)
    async with open_services(settings, plans, clock) as services:

        async def hold(who: str, at: dt.datetime) -> bool:
            async with services.sessions() as session, session.begin():
                return await LeaseRepository(session).hold("jobs", who, at, ttl)

        assert await hold("a", now)
        assert not await hold("b", now)
        assert await hold("a", now + dt.timedelta(seconds=60))  # renewed
        assert not await hold("b", now + dt.timedelta(seconds=120))
        assert await hold("b", now + dt.timedelta(seconds=151))  # a died: b takes over
        assert not await hold("a", now + dt.timedelta(seconds=160))

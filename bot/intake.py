"""Durable intake: nothing a member sent is lost, nothing is handled twice.

python-telegram-bot confirms a batch to Telegram before its handlers run, and its webhook
server answers 200 before handling. Here every update is written to the inbox and committed
first: by polling, before the next getUpdates (which confirms the batch); by webhook, before
the 200. A worker claims each update from the inbox, hands it to the Application, and marks it
done when its effects are committed; at start, what is left is handled first. Several instances
may share one PostgreSQL: claims keep an update to one worker, and a lease keeps the scheduled
jobs to one instance.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import secrets
import signal
import socket
from typing import Any

import tornado.web
from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Update
from telegram.error import TelegramError
from tornado.httpserver import HTTPServer

from bot.app import BotApplication
from bot.i18n import t
from bot.jobs import run_deliveries
from handlers.errors import is_transient
from storage.inbox import InboxRepository, LeaseRepository

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
POLL_TIMEOUT = 25
LANES = 4
JOBS_EVERY = 60.0
LEASE = dt.timedelta(seconds=90)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def chat_of(payload: str) -> int:
    """The chat an update belongs to (for keeping one chat's updates in order)."""
    try:
        update = json.loads(payload)
    except ValueError:
        return 0
    for key in ("message", "edited_message", "my_chat_member"):
        chat = (update.get(key) or {}).get("chat") or {}
        if isinstance(chat.get("id"), int):
            return abs(int(chat["id"]))
    sender = (update.get("callback_query") or {}).get("from") or {}
    return abs(int(sender.get("id", 0))) if isinstance(sender.get("id"), int) else 0


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def webhook_secret(token: str, configured: str | None) -> str:
    """The secret Telegram sends with each webhook POST: configured, or derived from the token
    so that every instance of one bot agrees without sharing another setting."""
    if configured:
        return configured
    return hashlib.sha256(f"activity-bot webhook {token}".encode()).hexdigest()[:48]


class Intake:
    """The inbox, its worker, and the two ways in (polling, webhook)."""

    def __init__(self, application: BotApplication, instance: str | None = None) -> None:
        self.application = application
        self.instance = instance or instance_name()
        self.wake = asyncio.Event()
        self.stopping = asyncio.Event()
        self._told_busy: set[int] = set()

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.application.bot_data.services

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    async def keep(self, updates: list[dict[str, Any]]) -> list[int]:
        """Write updates to the inbox and commit; returns the new ids."""
        async with self.services.sessions() as session, session.begin():
            fresh = await InboxRepository(session).add(updates, self.now())
        if fresh:
            self.wake.set()
        self._told_busy.clear()
        return fresh

    async def finish(self, tasks: list[asyncio.Task[None]], grace: float = 15.0) -> None:
        """Stop: let the worker and the jobs end what they are doing; cut the long poll."""
        self.stopping.set()
        self.wake.set()
        polling = [task for task in tasks if task.get_coro().__name__ == "poll"]  # type: ignore[union-attr]
        for task in polling:
            task.cancel()
        await asyncio.wait(tasks, timeout=grace)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # The worker ------------------------------------------------------------------------------

    async def work(self) -> None:
        """Handle what is in the inbox, oldest first, until stopped."""
        while not self.stopping.is_set():
            try:
                async with self.services.sessions() as session:
                    waiting = await InboxRepository(session).waiting(self.now())
            except (OperationalError, DBAPIError, OSError):
                log.warning("inbox unreachable; retrying")
                await self._pause(1.0)
                continue
            if not waiting:
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), 1.0)
                continue
            await self._handle_batch(waiting)

    async def _handle_batch(self, waiting: list[tuple[int, str]]) -> None:
        """Claim a batch in one statement, handle it in LANES lanes (one chat's updates stay in
        one lane, in order), and mark what succeeded done in one statement."""
        try:
            async with self.services.sessions() as session, session.begin():
                claimed = await InboxRepository(session).claim_many(
                    [update_id for update_id, _ in waiting], self.instance, self.now()
                )
        except (OperationalError, DBAPIError, OSError):
            await self._pause(1.0)
            return
        lanes: list[list[int]] = [[] for _ in range(LANES)]
        for update_id, payload in waiting:
            if update_id in claimed:
                lanes[chat_of(payload) % LANES].append(update_id)
        finished: list[int] = []
        failed: dict[int, BaseException] = {}

        async def run(lane: list[int]) -> None:
            for update_id in lane:
                if self.stopping.is_set():
                    return
                failure = await self._process(update_id, claimed[update_id])
                if failure is None:
                    finished.append(update_id)
                else:
                    failed[update_id] = failure

        await asyncio.gather(*(run(lane) for lane in lanes if lane))
        try:
            async with self.services.sessions() as session, session.begin():
                inbox = InboxRepository(session)
                await inbox.done_many(finished, self.now())
                for update_id, failure in failed.items():
                    if is_transient(failure):
                        await inbox.release(update_id)
                    else:
                        await inbox.done(update_id, self.now(), repr(failure)[:200])
        except (OperationalError, DBAPIError, OSError):
            log.warning(
                "could not mark %s updates done; they will be handled again",
                len(finished) + len(failed),
            )

    async def _process(self, update_id: int, payload: dict[str, Any]) -> BaseException | None:
        """Hand one update to the Application; what its handler raised, if anything."""
        failures = self.application.bot_data.failures
        failures.pop(update_id, None)
        await self.application.process_update(Update.de_json(payload, self.application.bot))
        return failures.pop(update_id, None)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    # Polling ---------------------------------------------------------------------------------

    async def poll(self) -> None:
        """Fetch updates and keep them; the next getUpdates confirms only what was kept."""
        bot = self.application.bot
        await bot.delete_webhook()
        async with self.services.sessions() as session:
            offset = await InboxRepository(session).next_offset()
        backoff = 1.0
        while not self.stopping.is_set():
            try:
                fetched = await bot.get_updates(
                    offset=offset,
                    timeout=POLL_TIMEOUT,
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=POLL_TIMEOUT + 10,
                )
            except TelegramError as exc:
                log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            updates = [u.to_dict() for u in fetched]
            if not updates:
                backoff = 1.0
                continue
            try:
                await self.keep(updates)
            except (OperationalError, DBAPIError, OSError):
                log.warning("cannot keep %s updates: database unreachable", len(updates))
                await self._tell_busy(updates)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            offset = max(int(u["update_id"]) for u in updates) + 1

    async def _tell_busy(self, updates: list[dict[str, Any]]) -> None:
        """During an outage, tell each writer once that it will take a moment."""
        for update in updates:
            message = update.get("message") or {}
            chat = message.get("chat") or {}
            sender = message.get("from") or {}
            chat_id = chat.get("id")
            if (
                chat.get("type") != "private"
                or not isinstance(chat_id, int)
                or chat_id in self._told_busy
            ):
                continue
            self._told_busy.add(chat_id)
            lang = "en" if str(sender.get("language_code", "")).startswith("en") else "zh"
            with contextlib.suppress(TelegramError):
                await self.application.bot.send_message(chat_id, t(lang, "busy"))

    # Webhook ---------------------------------------------------------------------------------

    def webhook_app(self, path: str, secret: str) -> tornado.web.Application:
        intake = self

        class Receive(tornado.web.RequestHandler):
            async def post(self) -> None:
                given = self.request.headers.get(SECRET_HEADER, "")
                if not hmac.compare_digest(given.encode(), secret.encode()):
                    raise tornado.web.HTTPError(403)
                try:
                    update = json.loads(self.request.body)
                    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                        raise ValueError("not an update")
                except ValueError as exc:
                    raise tornado.web.HTTPError(400) from exc
                try:
                    await intake.keep([update])
                except (OperationalError, DBAPIError, OSError):
                    await intake._tell_busy([update])
                    raise tornado.web.HTTPError(503) from None  # Telegram will send it again
                self.set_status(200)
                self.finish()

        return tornado.web.Application([(f"/{path.strip('/')}", Receive)])

    # Scheduled jobs ---------------------------------------------------------------------------

    async def jobs(self, every: float = JOBS_EVERY) -> None:
        """Every minute: if this instance holds the lease, send what is due."""
        last_expiry = 0.0
        loop = asyncio.get_running_loop()
        while not self.stopping.is_set():
            try:
                async with self.services.sessions() as session, session.begin():
                    held = await LeaseRepository(session).hold(
                        "jobs", self.instance, self.now(), LEASE
                    )
                if held:
                    await run_deliveries(self.application)
                    if loop.time() - last_expiry > 3600:
                        await self.services.reports.expire_drafts()
                        last_expiry = loop.time()
            except (OperationalError, DBAPIError, OSError, TelegramError) as exc:
                log.warning("scheduled jobs skipped this minute: %s", type(exc).__name__)
            await self._pause(every)


async def serve(
    application: BotApplication,
    *,
    webhook: str | None = None,
    listen: tuple[str, int] = ("127.0.0.1", 8443),
    secret: str | None = None,
    run_jobs: bool = True,
    jobs_every: float = JOBS_EVERY,
) -> None:
    """Run the bot until SIGINT or SIGTERM: the worker, the way in, and the scheduled jobs."""
    from urllib.parse import urlsplit

    # Telegram serves getUpdates to one consumer, so a polling bot is one instance: its name
    # is stable, and after a crash it takes back its own claims at once.
    intake = Intake(application, None if webhook else f"poll@{socket.gethostname()}")
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, intake.stopping.set)
    await application.initialize()
    server: HTTPServer | None = None
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        tasks = [asyncio.create_task(intake.work())]
        if webhook:
            token = application.bot.token
            key = webhook_secret(token, secret)
            server = HTTPServer(intake.webhook_app(urlsplit(webhook).path or "/", key))
            server.listen(listen[1], listen[0])
            await application.bot.set_webhook(
                webhook, secret_token=key, allowed_updates=ALLOWED_UPDATES
            )
            log.info("instance %s takes updates by webhook at %s", intake.instance, webhook)
        else:
            tasks.append(asyncio.create_task(intake.poll()))
            log.info("instance %s takes updates by long polling", intake.instance)
        if run_jobs:
            tasks.append(asyncio.create_task(intake.jobs(jobs_every)))
        await intake.stopping.wait()
        await intake.finish(tasks)
    finally:
        if server is not None:
            server.stop()
        if application.running:
            await application.stop()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        await application.shutdown()

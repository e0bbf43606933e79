"""Durable intake: nothing a member sent is lost, nothing is handled twice.

python-telegram-bot confirms a batch to Telegram before its handlers run, and its webhook
server answers 200 before handling. Here every update is written to the inbox and committed
first: by polling, before the next getUpdates (which confirms the batch); by webhook, before
the 200. The instance that keeps an update claims it in the same statement and hands it to one
of its lanes; the marker writes it done once its effects are committed; at start, what is left
is handled first. Several instances may share one PostgreSQL: claims keep an update to one
instance (a dead instance's claims lapse and a sweeper takes them up), and a lease keeps the
scheduled jobs to one instance.
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

import tornado.web
from sqlalchemy.exc import DBAPIError, OperationalError
from telegram import Update
from telegram.error import TelegramError
from tornado.httpserver import HTTPServer

from bot import deferred
from bot.app import BotApplication
from bot.i18n import t
from bot.jobs import run_deliveries
from bot.logs import described
from bot.reach import Reach, Stopped, unreachable
from handlers.errors import is_transient
from storage.inbox import InboxRepository, LeaseRepository

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
POLL_TIMEOUT = 25
LANES = 4
HELD_AT_MOST = 1000  # updates taken and not finished; beyond, polling waits and others sweep
SWEEP_EVERY = 1.0
KEEP_DONE = dt.timedelta(days=7)
MARK_GATHER = 0.01  # seconds the marker waits for more to finish before it writes
JOBS_EVERY = 60.0
LEASE = dt.timedelta(seconds=90)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def lane_of(update: Update) -> int:
    """The lane an update is handled in: one chat's updates stay in one lane, in order."""
    chat = update.effective_chat
    if chat is not None:
        return abs(chat.id) % LANES
    user = update.effective_user
    return user.id % LANES if user is not None else 0


def instance_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def webhook_secret(token: str, configured: str | None) -> str:
    """The secret Telegram sends with each webhook POST: configured, or derived from the token
    so that every instance of one bot agrees without sharing another setting."""
    if configured:
        return configured
    return hashlib.sha256(f"activity-bot webhook {token}".encode()).hexdigest()[:48]


class Intake:
    """The inbox, its worker, and the two ways in (polling, webhook).

    What this instance keeps, it claims as it keeps it and hands straight to its lanes; the
    sweeper takes up what nobody holds (given back after a passing failure, left by a stopped
    or dead instance). Each lane handles its updates one after another; the marker writes
    what is finished, in one statement for all that finished meanwhile.
    """

    def __init__(self, application: BotApplication, instance: str | None = None) -> None:
        self.application = application
        self.instance = instance or instance_name()
        self.wake = asyncio.Event()
        self.stopping = asyncio.Event()
        self.api = Reach(application.bot.base_url, self.stopping)
        self._told_busy: set[int] = set()
        self._lanes: list[asyncio.Queue[tuple[int, Update | None]]] = [
            asyncio.Queue() for _ in range(LANES)
        ]
        self._held: set[int] = set()  # queued here or being handled here
        self._finished: list[int] = []
        self._failed: dict[int, BaseException] = {}
        self._writes: list[deferred.Write] = []
        self._to_mark = asyncio.Event()
        self._room = asyncio.Event()  # the lanes have room for more
        self._room.set()
        self._lanes_closed = False
        self._probing = asyncio.Lock()  # one lane at a time waits for the Bot API to answer

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.application.bot_data.services

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)

    async def keep(self, updates: list[Update]) -> list[int]:
        """Write updates to the inbox and commit, claimed by this instance, then hand the new
        ones to the lanes; returns the new ids."""
        mine = self._room.is_set()  # else left unclaimed, for whichever instance has room
        async with self.services.writing() as session:
            fresh = await InboxRepository(session).add(
                [u.to_dict() for u in updates], self.now(), self.instance if mine else None
            )
        self._told_busy.clear()
        if mine:
            new = set(fresh)
            self._take([(u.update_id, u) for u in updates if u.update_id in new])
        return fresh

    def _take(self, updates: list[tuple[int, Update]]) -> None:
        for update_id, update in updates:
            if update_id in self._held:
                continue
            self._held.add(update_id)
            self._lanes[lane_of(update)].put_nowait((update_id, update))
        if len(self._held) >= HELD_AT_MOST:
            self._room.clear()

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
        """Run the lanes and the marker, and sweep the inbox, until stopped; then let the lanes
        finish the update in hand and mark what is finished."""
        lanes = [asyncio.create_task(self._lane(queue)) for queue in self._lanes]
        marker = asyncio.create_task(self._marker())
        try:
            mine: str | None = self.instance  # the first sweep takes back what it left
            while not self.stopping.is_set():
                if await self._sweep(mine):
                    mine = None
                self.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), SWEEP_EVERY)
        finally:
            for queue in self._lanes:
                queue.put_nowait((0, None))
            await asyncio.gather(*lanes, return_exceptions=True)
            self._lanes_closed = True
            self._to_mark.set()
            await asyncio.gather(marker, return_exceptions=True)

    async def _sweep(self, mine: str | None) -> bool:
        """Claim what nobody holds (and, at start, what this instance left) for the lanes."""
        if len(self._held) >= HELD_AT_MOST:
            return False
        try:
            async with self.services.sessions() as session:
                waiting = await InboxRepository(session).waiting(self.now(), mine)
            waiting = [(i, payload) for i, payload in waiting if i not in self._held]
            if not waiting:
                return True
            async with self.services.writing() as session:
                claimed = await InboxRepository(session).claim_many(
                    [update_id for update_id, _ in waiting], self.instance, self.now()
                )
        except (OperationalError, DBAPIError, OSError):
            log.warning("inbox unreachable; retrying")
            return False
        bot = self.application.bot
        self._take([(i, Update.de_json(claimed[i], bot)) for i, _ in waiting if i in claimed])
        return True

    async def _lane(self, queue: asyncio.Queue[tuple[int, Update | None]]) -> None:
        while True:
            update_id, update = await queue.get()
            if update is None or self.stopping.is_set():
                return  # what is left stays claimed by this instance: taken back at start
            with deferred.collected() as writes:
                try:
                    failure = await self._process(update_id, update)
                except Exception as exc:  # the lane must live on whatever one update does
                    log.exception("update %s could not be handled", update_id)
                    failure = exc
            self._writes += writes  # the card was shown even if the update failed after
            if failure is None:
                self._finished.append(update_id)
            else:
                self._failed[update_id] = failure
            self._to_mark.set()
            if failure is not None and unreachable(failure):
                await self._wait_for_the_api(update_id, failure)

    async def _wait_for_the_api(self, update_id: int, failure: BaseException) -> None:
        """An update met the Bot API unreachable (it is given back, and handled again): wait
        until the Bot API answers again, with backoff, before handling more. By webhook,
        updates keep coming in while the way out (a proxy) is down."""
        recoveries = self.api.recoveries
        async with self._probing:
            if self.api.recoveries != recoveries:  # another lane saw it come back meanwhile
                return
            await self.api.wait_after(f"update {update_id}", failure)
            with contextlib.suppress(Stopped):
                await self.api.call("getMe", self.application.bot.get_me)

    async def _marker(self) -> None:
        """Mark finished updates done (and give back those that failed for a passing reason),
        everything finished since the last write in one transaction."""
        while True:
            await self._to_mark.wait()
            if not self._lanes_closed:  # let a few more finish: one write for all of them
                await asyncio.sleep(MARK_GATHER)
            self._to_mark.clear()
            finished, self._finished = self._finished, []
            failed, self._failed = self._failed, {}
            writes, self._writes = self._writes, []
            if finished or failed:
                await self._mark(finished, failed, writes)
                self._held.difference_update(finished)
                self._held.difference_update(failed)
                if len(self._held) < HELD_AT_MOST:
                    self._room.set()
            if self._lanes_closed:
                return

    async def _mark(
        self,
        finished: list[int],
        failed: dict[int, BaseException],
        writes: list[deferred.Write],
    ) -> None:
        try:
            async with self.services.writing() as session:
                await deferred.execute(session, writes)
                inbox = InboxRepository(session)
                await inbox.done_many(finished, self.now())
                for update_id, failure in failed.items():
                    if is_transient(failure) or unreachable(failure):
                        await inbox.release(update_id)
                    else:
                        await inbox.done(update_id, self.now(), repr(failure)[:200])
        except (OperationalError, DBAPIError, OSError):
            log.warning(
                "could not mark %s updates done; they will be handled again",
                len(finished) + len(failed),
            )

    async def _process(self, update_id: int, update: Update) -> BaseException | None:
        """Hand one update to the Application; what its handler raised, if anything."""
        failures = self.application.bot_data.failures
        failures.pop(update_id, None)
        log.debug("update %s: %s", update_id, described(update))
        await self.application.process_update(update)
        return failures.pop(update_id, None)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.stopping.wait(), seconds)

    # Polling ---------------------------------------------------------------------------------

    async def poll(self) -> None:
        """Fetch updates and keep them; the next getUpdates confirms only what was kept."""
        bot = self.application.bot
        try:
            await self.api.call("deleteWebhook", bot.delete_webhook)
        except Stopped:
            return
        async with self.services.sessions() as session:
            offset = await InboxRepository(session).next_offset()
        backoff = 1.0
        while not self.stopping.is_set():
            if not self._room.is_set():  # the lanes are far behind: confirm no more for now
                await self._room.wait()
            try:
                updates = await bot.get_updates(
                    offset=offset,
                    timeout=POLL_TIMEOUT,
                    allowed_updates=ALLOWED_UPDATES,
                    read_timeout=POLL_TIMEOUT + 10,
                )
            except TelegramError as exc:
                if unreachable(exc):
                    await self.api.wait_after("getUpdates", exc)
                    continue
                log.warning("getUpdates failed (%s); retrying", type(exc).__name__)
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            self.api.reached()
            if not updates:
                backoff = 1.0
                continue
            try:
                await self.keep(list(updates))
            except (OperationalError, DBAPIError, OSError):
                log.warning("cannot keep %s updates: database unreachable", len(updates))
                await self._tell_busy(list(updates))
                await self._pause(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            backoff = 1.0
            offset = max(u.update_id for u in updates) + 1

    async def _tell_busy(self, updates: list[Update]) -> None:
        """During an outage, tell each writer once that it will take a moment."""
        for update in updates:
            message = update.message
            if message is None or message.chat.type != "private":
                continue
            chat_id = message.chat.id
            if chat_id in self._told_busy:
                continue
            self._told_busy.add(chat_id)
            code = message.from_user.language_code if message.from_user else None
            lang = "en" if (code or "").startswith("en") else "zh"
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
                    body = json.loads(self.request.body)
                    if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
                        raise ValueError("not an update")
                    update = Update.de_json(body, intake.application.bot)
                except (ValueError, TypeError, KeyError) as exc:
                    raise tornado.web.HTTPError(400) from exc
                try:
                    await intake.keep([update])
                except (OperationalError, DBAPIError, OSError):
                    await intake._tell_busy([update])
                    raise tornado.web.HTTPError(503) from None  # Telegram will send it again
                self.set_status(200)
                self.finish()

        return tornado.web.Application([(f"/{path.strip('/')}", Receive)])

    async def prune(self) -> int:
        """Forget updates done more than a week ago (their effects are in the records); the
        inbox stays small, and Telegram, which numbers updates afresh after a week of silence,
        cannot meet an old number there."""
        async with self.services.writing() as session:
            return await InboxRepository(session).prune(self.now() - KEEP_DONE)

    # Scheduled jobs ---------------------------------------------------------------------------

    async def jobs(self, every: float = JOBS_EVERY) -> None:
        """Every minute: if this instance holds the lease, send what is due."""
        last_expiry = 0.0
        loop = asyncio.get_running_loop()
        while not self.stopping.is_set():
            try:
                async with self.services.writing() as session:
                    held = await LeaseRepository(session).hold(
                        "jobs", self.instance, self.now(), LEASE
                    )
                if held:
                    await run_deliveries(self.application)
                    if loop.time() - last_expiry > 3600:
                        await self.services.reports.expire_drafts()
                        await self.prune()
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
    server: HTTPServer | None = None
    try:
        # Each start-up call waits while the Bot API cannot be reached (post_init, which sets
        # the commands, can be made again: it opens the services once).
        await intake.api.call("getMe", application.bot.initialize)
        await application.initialize()
        post_init = application.post_init
        if post_init is not None:
            await intake.api.call("setMyCommands", lambda: post_init(application))
        await application.start()
        tasks = [asyncio.create_task(intake.work())]
        if webhook:
            token = application.bot.token
            key = webhook_secret(token, secret)
            server = HTTPServer(intake.webhook_app(urlsplit(webhook).path or "/", key))
            server.listen(listen[1], listen[0])
            await intake.api.call(
                "setWebhook",
                lambda: application.bot.set_webhook(
                    webhook, secret_token=key, allowed_updates=ALLOWED_UPDATES
                ),
            )
            log.info("instance %s takes updates by webhook at %s", intake.instance, webhook)
        else:
            tasks.append(asyncio.create_task(intake.poll()))
            log.info("instance %s takes updates by long polling", intake.instance)
        if run_jobs:
            tasks.append(asyncio.create_task(intake.jobs(jobs_every)))
        await intake.stopping.wait()
        await intake.finish(tasks)
    except Stopped:
        log.info("stopped before the Bot API could be reached")
    finally:
        if server is not None:
            server.stop()
        if application.running:
            await application.stop()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        await application.shutdown()
        # Stopped before getMe succeeded, the Application was never initialized and its
        # shutdown leaves the bot's connections open.
        await application.bot.shutdown()

"""The real bot on an in-process sandbox: people write and press, the bot answers.

Used by the chat tests and the console. Each update is the JSON Telegram would send, decoded by
python-telegram-bot and handled by the real Application; the bot's answers travel the real
request path into the sandbox.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from telegram import Update

from bot.app import BotApplication, build_application
from bot.clock import Clock
from bot.core.people import Member
from bot.core.plan import PlanBook
from bot.limiter import Limiter
from bot.sandbox.model import JSON, Button, Outgoing, TelegramSandbox
from bot.sandbox.request import BASE_URL, SandboxRequest
from bot.settings import Settings

SANDBOX_TOKEN = "4242424242:SANDBOX-not-a-real-token"


class Timer(Protocol):
    """Time for pacing: real, or virtual in tests (sleeping moves it forward at once)."""

    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class VirtualTime:
    """A monotonic clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        self.slept += max(0.0, seconds)
        await asyncio.sleep(0)


class SandboxBot:
    """One bot, one sandbox, and the people who talk to it."""

    def __init__(self, application: BotApplication, sandbox: TelegramSandbox) -> None:
        self.application = application
        self.sandbox = sandbox

    @classmethod
    @asynccontextmanager
    async def open(
        cls,
        settings: Settings,
        plans: PlanBook,
        clock: Clock,
        *,
        flood_limits: bool = False,
        timer: Timer | None = None,
        schedule: bool = False,
        sandbox: TelegramSandbox | None = None,
        updater: bool = True,
    ) -> AsyncIterator[SandboxBot]:
        """Start the real Application against a fresh sandbox; stop it afterwards.

        Args:
            settings: the bot's settings.
            plans: the plans in force.
            clock: the bot's and the sandbox's "now".
            flood_limits: make the sandbox answer 429 past Telegram's limits.
            timer: virtual time for the flood limits and the bot's pacing (tests).
            schedule: run the minute job on real time (off: deliveries run on demand).
            sandbox: an existing sandbox (a bot restarted on the same Telegram).
            updater: python-telegram-bot's Updater (off: for `bot.intake`, as `run` does).
        """
        monotonic = timer.monotonic if timer else time.monotonic
        if sandbox is None:
            sandbox = TelegramSandbox(clock=clock, flood_limits=flood_limits, monotonic=monotonic)
        limiter = Limiter(monotonic=timer.monotonic, sleep=timer.sleep) if timer else None
        application = build_application(
            settings,
            plans,
            clock,
            token=SANDBOX_TOKEN,
            request=SandboxRequest(sandbox),
            updates_request=SandboxRequest(sandbox),
            base_url=BASE_URL,
            schedule=schedule,
            limiter=limiter,
            sleep=timer.sleep if timer else None,
            updater=updater,
        )
        await application.initialize()
        try:
            if application.post_init is not None:
                await application.post_init(application)
            await application.start()
            try:
                yield cls(application, sandbox)
            finally:
                await application.stop()
                if application.post_shutdown is not None:
                    await application.post_shutdown(application)
        finally:
            await application.shutdown()

    def add_member(self, member: Member, *, started: bool = True) -> JSON:
        """Give a roster member a Telegram account in the sandbox (they must have a
        telegram_id); a joined member has a private chat with the bot unless `started` is off."""
        if member.telegram_id is None:
            raise ValueError(f"{member.name} has no telegram_id")
        user = self.add_user(member.telegram_id, member.name, lang=member.lang)
        if started:
            self.sandbox.started.add(member.telegram_id)
        return user

    def add_user(self, user_id: int, name: str, *, lang: str = "zh") -> JSON:
        return self.sandbox.add_user(
            user_id, name, language_code="en" if lang == "en" else "zh-hans"
        )

    async def send(self, user_id: int, text: str, *, chat_id: int | None = None) -> list[Outgoing]:
        """The user writes `text`; returns what the bot showed in answer."""
        return await self._deliver(self.sandbox.send_text(user_id, text, chat_id=chat_id))

    async def send_file(
        self,
        user_id: int,
        name: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> list[Outgoing]:
        update = self.sandbox.send_file(
            user_id, name, content, mime_type=mime_type, caption=caption, chat_id=chat_id
        )
        return await self._deliver(update)

    async def send_photo(
        self,
        user_id: int,
        content: bytes,
        *,
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> list[Outgoing]:
        update = self.sandbox.send_photo(user_id, content, caption=caption, chat_id=chat_id)
        return await self._deliver(update)

    async def press(
        self, user_id: int, choice: int | str, *, chat_id: int | None = None
    ) -> list[Outgoing]:
        """Press a button of the last keyboard in the chat: by number (int, from 1) or label."""
        chat = chat_id if chat_id is not None else user_id
        shown = self.last_keyboard(chat)
        if shown is None:
            raise LookupError("no keyboard in that chat")
        button = pick_button(shown.button_list(), choice)
        if button.callback_data is None or shown.message_id is None:
            raise LookupError(f"button {button.text!r} opens a link, it cannot be pressed")
        update = self.sandbox.press(user_id, chat, shown.message_id, button.callback_data)
        return await self._deliver(update)

    async def run_jobs(self) -> list[Outgoing]:
        """Run the minute job now (digests, reminders, group posts due by the clock)."""
        from bot.jobs import run_deliveries

        mark = len(self.sandbox.outgoing)
        await run_deliveries(self.application)
        return self.sandbox.outgoing[mark:]

    async def add_to_group(self, chat_id: int, title: str, by_user: int) -> None:
        """A member adds the bot to a group."""
        update = self.sandbox.bot_joins_group(chat_id, title, by_user)
        await self._deliver(update)

    def last_keyboard(self, chat_id: int) -> Outgoing | None:
        """The latest message in the chat that still shows buttons."""
        for out in reversed(self.sandbox.outgoing):
            if out.chat_id != chat_id or out.message_id is None:
                continue
            message = self.sandbox.messages.get((chat_id, out.message_id))
            if message and message.get("reply_markup"):
                latest = [
                    o
                    for o in self.sandbox.outgoing
                    if o.message_id == out.message_id and o.chat_id == chat_id
                ]
                return latest[-1]
        return None

    async def deliver(self, update: JSON) -> list[Outgoing]:
        """Hand an update to the bot again, as Telegram does after a lost confirmation."""
        mark = len(self.sandbox.outgoing)
        payload = json.loads(json.dumps(update))
        await self.application.process_update(Update.de_json(payload, self.application.bot))
        return self.sandbox.outgoing[mark:]

    async def _deliver(self, update: JSON) -> list[Outgoing]:
        mark = len(self.sandbox.outgoing)
        self.sandbox.take(update["update_id"])
        payload = json.loads(json.dumps(update))
        await self.application.process_update(Update.de_json(payload, self.application.bot))
        return self.sandbox.outgoing[mark:]


def pick_button(buttons: list[Button], choice: int | str) -> Button:
    """The button numbered `choice` (an int, from 1), or the one labelled `choice` (exactly,
    else the first label that contains it)."""
    if isinstance(choice, int):
        if not 1 <= choice <= len(buttons):
            raise LookupError(f"there is no button {choice}")
        return buttons[choice - 1]
    for button in buttons:
        if button.text == choice:
            return button
    for button in buttons:
        if choice in button.text:
            return button
    raise LookupError(f"no button says {choice!r}")

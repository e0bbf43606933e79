"""The composition root: one place that assembles the python-telegram-bot Application."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

from telegram import BotCommand
from telegram.ext import Application, ApplicationBuilder, CallbackContext, ContextTypes, ExtBot
from telegram.request import BaseRequest

from bot.clock import Clock
from bot.core.plan import PlanBook
from bot.i18n import t
from bot.jobs import TICK_SECONDS, tick
from bot.limiter import Limiter
from bot.services import Services, open_services
from bot.settings import Settings
from bot.transport import AiohttpRequest


class BotData:
    """Shared state: the services, opened in post_init and closed in post_shutdown."""

    def __init__(self) -> None:
        self._services: Services | None = None
        self.exit_stack = AsyncExitStack()
        self.limiter = Limiter()
        self.sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
        self.delivery_lock = asyncio.Lock()
        self.failures: dict[int, BaseException] = {}  # update_id → what its handler raised

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are opened in post_init")
        return self._services

    @property
    def attached(self) -> bool:
        return self._services is not None

    def attach(self, services: Services) -> None:
        self._services = services


BotContext = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
BotApplication = Application[ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]

COMMANDS = (
    "remaining",
    "progress",
    "log",
    "history",
    "undo",
    "summary",
    "chart",
    "export",
    "settings",
    "mute",
    "start",
    "help",
    "join",
)


async def expire_drafts(context: BotContext) -> None:
    """Close drafts nobody confirmed within a day."""
    await context.bot_data.services.reports.expire_drafts()


def build_application(
    settings: Settings,
    plans: PlanBook,
    clock: Clock,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    base_url: str | None = None,
    schedule: bool = True,
    limiter: Limiter | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    updater: bool = True,
) -> BotApplication:
    """Assemble the bot: handlers, services and lifecycle hooks.

    Args:
        settings: the operator's settings.
        plans: the plans in force.
        clock: where "now" comes from.
        token: the bot token; defaults to TELEGRAM_BOT_TOKEN.
        request: a request object to use instead of HTTP to Telegram (the sandbox).
        updates_request: the same, for getUpdates.
        base_url: another Bot API server, e.g. the HTTP sandbox.
        schedule: run the minute and hourly jobs (digests, reminders, draft expiry); the
            sandbox and the console run them on demand instead.
        limiter: pacing for the bot's own messages (a test's can run on virtual time).
        sleep: how to wait out a 429 (likewise).
        updater: use python-telegram-bot's Updater (off: `bot.intake` takes updates in).
    """
    # python-telegram-bot 22 reports retry_after as a timedelta when asked to; we ask.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    from handlers import register

    secret = token or (
        settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    )
    if not secret:
        raise ValueError("a token is needed to build the application")

    async def post_init(application: BotApplication) -> None:
        data = application.bot_data
        if not data.attached:  # once: it is made again while the Bot API cannot be reached
            services = await data.exit_stack.enter_async_context(
                open_services(settings, plans, clock)
            )
            data.attach(services)
            if schedule and application.job_queue is not None:
                application.job_queue.run_repeating(expire_drafts, interval=3600, first=60)
                application.job_queue.run_repeating(tick, interval=TICK_SECONDS, first=5)
        for lang in ("zh", "en"):
            commands = [BotCommand(name, t(lang, f"command.{name}")) for name in COMMANDS]
            await application.bot.set_my_commands(commands, language_code=lang)
        await application.bot.set_my_commands(
            [BotCommand(name, t(settings.language, f"command.{name}")) for name in COMMANDS]
        )

    async def post_shutdown(application: BotApplication) -> None:
        await application.bot_data.exit_stack.aclose()

    builder = (
        ApplicationBuilder()
        .token(secret)
        .context_types(ContextTypes(bot_data=BotData))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if not updater:  # bot.intake takes the updates in, durably
        builder = builder.updater(None)
    if request is None:  # HTTP to Telegram (or to the sandbox server): on aiohttp
        request, updates_request = AiohttpRequest(), AiohttpRequest(connections=1)
    builder = builder.request(request).get_updates_request(updates_request or request)
    if base_url is not None:
        builder = builder.base_url(f"{base_url}/bot").base_file_url(f"{base_url}/file/bot")
    application: BotApplication = builder.build()
    if limiter is not None:
        application.bot_data.limiter = limiter
    if sleep is not None:
        application.bot_data.sleep = sleep
    register(application)
    return application

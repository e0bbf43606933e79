"""The scheduled work: every minute, write down what is due and send what is pending."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.limiter import Limiter
from bot.outbox import Outbox
from bot.views import fit
from storage.deliveries import Outgoing

if TYPE_CHECKING:
    from bot.app import BotApplication, BotContext

log = logging.getLogger(__name__)
TICK_SECONDS = 60


@dataclass
class SendReport:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    waited: float = 0.0
    stopped: bool = False


def _markup(item: Outgoing) -> InlineKeyboardMarkup | None:
    if not item.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in item.buttons
        ]
    )


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


async def send_pending(
    bot: Bot,
    outbox: Outbox,
    limiter: Limiter,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> SendReport:
    """Send every pending message, paced; mark each as it goes.

    A 429 is waited out and the message tried again; a user who blocked the bot is marked and
    skipped; a network or server failure stops the run (the rest stays pending for the next).
    """
    report = SendReport()
    while True:
        page = await outbox.pending()
        if not page:
            return report
        await _send_page(bot, outbox, limiter, sleep, page, report)
        if report.stopped:
            return report


async def _send_page(
    bot: Bot,
    outbox: Outbox,
    limiter: Limiter,
    sleep: Callable[[float], Awaitable[None]],
    page: list[Outgoing],
    report: SendReport,
) -> None:
    for item in page:
        while True:
            await limiter.wait(item.chat_id)
            try:
                if item.kind == "chart":
                    picture = await outbox.chart_for(item)
                    await bot.send_photo(
                        item.chat_id, InputFile(picture, filename="progress.png"), caption=item.text
                    )
                else:
                    await bot.send_message(
                        item.chat_id,
                        fit(item.text),
                        parse_mode=ParseMode.HTML,
                        reply_markup=_markup(item),
                    )
            except Forbidden:
                await outbox.blocked(item)
                report.skipped += 1
            except RetryAfter as exc:
                wait = _seconds(exc.retry_after)
                report.waited += wait
                log.warning("Telegram asked to wait %.0f s", wait)
                await sleep(wait)
                continue
            except BadRequest as exc:
                await outbox.mark(item, "failed", str(exc)[:200])
                report.failed += 1
            except TelegramError as exc:
                await outbox.failed(item, str(exc))
                report.stopped = True
                log.warning("stopped sending after a failure; the rest stays pending")
                return
            else:
                await outbox.mark(item, "sent")
                report.sent += 1
            break


async def run_deliveries(application: BotApplication) -> SendReport:
    """Write down what is due now, then send what is pending (one run at a time)."""
    data = application.bot_data
    services = data.services
    async with data.delivery_lock:
        await services.outbox.prepare(services.clock.now())
        return await send_pending(application.bot, services.outbox, data.limiter, data.sleep)


async def tick(context: BotContext) -> None:
    """The minute job."""
    if context.bot_data.delivery_lock.locked():
        return
    report = await run_deliveries(context.application)  # type: ignore[arg-type]
    if report.sent or report.skipped or report.failed:
        log.info(
            "deliveries: %s sent, %s skipped, %s failed", report.sent, report.skipped, report.failed
        )

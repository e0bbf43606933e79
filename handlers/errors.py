"""The last resort: log the failure, tell the member plainly, never crash the bot."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import t

if TYPE_CHECKING:
    from bot.app import BotContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error and apologise to the sender."""
    log.error("update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    user = update.effective_user
    lang = "en" if user and (user.language_code or "").startswith("en") else "zh"
    try:
        await update.effective_chat.send_message(t(lang, "error"))
    except TelegramError:
        log.warning("could not tell the sender about the error")

"""The last resort: log the failure, tell the member plainly, never crash the bot."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from telegram import Update
from telegram.error import TelegramError

from bot.i18n import t
from bot.reach import unreachable

if TYPE_CHECKING:
    from bot.app import BotContext

log = logging.getLogger(__name__)


def is_transient(error: BaseException | None) -> bool:
    """A failure that passes: the database unreachable or timing out."""
    return isinstance(
        error, OperationalError | InterfaceError | ConnectionError | TimeoutError | OSError
    ) or (isinstance(error, DBAPIError) and error.connection_invalidated)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error and apologise to the sender."""
    if isinstance(update, Update) and context.error is not None:
        context.bot_data.failures[update.update_id] = context.error
    if unreachable(context.error):  # bot.intake gives the update back and says so in one line
        return
    log.error("update failed", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if is_transient(context.error):
        user = update.effective_user
        lang = "en" if user and (user.language_code or "").startswith("en") else "zh"
        with contextlib.suppress(TelegramError):
            await update.effective_chat.send_message(t(lang, "busy"))
        return
    user = update.effective_user
    lang = "en" if user and (user.language_code or "").startswith("en") else "zh"
    try:
        await update.effective_chat.send_message(t(lang, "error"))
    except TelegramError:
        log.warning("could not tell the sender about the error")

"""Logging set up so that no secret and nothing a member wrote reaches a log line, at any level."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from telegram import Update

# A Bot API path holds the token (/bot123456:ABC…/getUpdates, /file/bot123456:ABC…/…); the
# sandbox serves any bot's token, so it cannot know which one to redact.
TOKEN_IN_PATH = re.compile(r"(?<=/bot)\d+:[^/\s?#'\"]+")


class RedactSecrets(logging.Filter):
    """Replace every secret (the bot token, above all) in a record by a placeholder."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def _cleaned(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[secret]")
        return TOKEN_IN_PATH.sub("[secret]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self._cleaned(message)
        if cleaned != message or record.exc_info:
            record.msg, record.args = cleaned, None
            if record.exc_info:
                text = logging.Formatter().formatException(record.exc_info)
                record.exc_text = self._cleaned(text)
                record.exc_info = None
        return True


def configure_logging(level: int, secrets: Iterable[str] = ()) -> None:
    """Log to stderr; HTTP clients would log every URL, and a Bot API URL holds the token."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    logging.getLogger("httpcore").setLevel(max(level, logging.WARNING))
    logging.getLogger("aiohttp").setLevel(max(level, logging.WARNING))
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    # What members write is personal data, and these log it at DEBUG. python-telegram-bot logs
    # every request's parameters and every answer (telegram.Bot, telegram.ext.ExtBot: the
    # texts members send, the cards they get back), each update it takes from its queue
    # (telegram.ext.Application) and each webhook body (telegram.ext.Updater): its whole tree
    # stays at INFO, and bot.transport and bot.intake log each request and update at DEBUG by
    # ids and lengths instead. aiosqlite logs each call into its thread at DEBUG, with the
    # statement's parameters when they are in the call's repr.
    logging.getLogger("telegram").setLevel(max(level, logging.INFO))
    logging.getLogger("aiosqlite").setLevel(max(level, logging.INFO))


def described(update: Update) -> str:
    """An update for the log, by ids and lengths: what a member wrote is never logged."""
    chat = update.effective_chat
    where = f" in chat {chat.id}" if chat is not None else ""
    if update.callback_query is not None:
        data = update.callback_query.data or ""
        return f"button pressed{where}, {len(data)} characters of data"
    message = update.effective_message
    if message is not None:
        text = message.text or message.caption or ""
        files = " with a file" if message.effective_attachment else ""
        return f"message {message.message_id}{where}{files}, {len(text)} characters"
    if update.my_chat_member is not None:
        return f"membership changed{where}: {update.my_chat_member.new_chat_member.status}"
    return f"update{where}"

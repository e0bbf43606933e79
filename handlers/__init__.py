"""Thin Telegram adapters: read the update, call a service, render the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import CommandHandler

from handlers import errors, start

if TYPE_CHECKING:
    from bot.app import BotApplication


def register(application: BotApplication) -> None:
    """Attach every handler to the application."""
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", start.help_command))
    application.add_error_handler(errors.on_error)

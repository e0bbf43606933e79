"""Thin Telegram adapters: read the update, call a service, render the reply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import access, errors, groups, ledger, report, settings, standing, start

if TYPE_CHECKING:
    from bot.app import BotApplication


def register(application: BotApplication) -> None:
    """Attach every handler to the application."""
    application.add_handler(CommandHandler("start", start.start))
    application.add_handler(CommandHandler("help", start.help_command))
    application.add_handler(CommandHandler("join", access.join_command))
    application.add_handler(CommandHandler("invite", access.invite_command))
    application.add_handler(CommandHandler("roster", access.roster_command))
    application.add_handler(CommandHandler("member", access.member_command))
    application.add_handler(CommandHandler("settings", settings.settings_command))
    application.add_handler(CommandHandler("mute", settings.mute_command))
    application.add_handler(CommandHandler("export", ledger.export_command))
    application.add_handler(CommandHandler("summary", ledger.summary_command))
    application.add_handler(CommandHandler("chart", ledger.chart_command))
    application.add_handler(CommandHandler("remaining", standing.remaining_command))
    application.add_handler(CommandHandler("progress", standing.progress_command))
    application.add_handler(CommandHandler("log", report.log_command))
    application.add_handler(CommandHandler("history", report.history_command))
    application.add_handler(CommandHandler("undo", report.undo_command))
    application.add_handler(CallbackQueryHandler(standing.on_press, pattern=r"^p:"))
    application.add_handler(CallbackQueryHandler(access.on_join_press, pattern=r"^j:"))
    application.add_handler(CallbackQueryHandler(settings.on_press, pattern=r"^s:"))
    application.add_handler(
        ChatMemberHandler(groups.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(CallbackQueryHandler(report.on_press))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, report.on_text))
    application.add_handler(MessageHandler(filters.Document.ALL | filters.PHOTO, report.on_file))
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND, report.on_other)
    )
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.COMMAND, start.unknown_command)
    )
    application.add_error_handler(errors.on_error)

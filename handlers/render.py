"""Send and edit views (text plus buttons) in Telegram."""

from __future__ import annotations

import html

from telegram import (
    Bot,
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.views import View, fit


def markup(view: View) -> InlineKeyboardMarkup | None:
    if not view.rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in view.rows]
    )


async def send(chat: Chat, view: View, *, reply_to: int | None = None) -> Message:
    """Send a view as a new message."""
    return await chat.send_message(
        fit(view.text),
        parse_mode=ParseMode.HTML,
        reply_markup=markup(view),
        reply_to_message_id=reply_to,
    )


async def send_to(bot: Bot, chat_id: int, view: View) -> Message | None:
    """Send a view to a chat by id; None if Telegram refuses (a user who never started the
    bot, or blocked it)."""
    try:
        return await show(bot, chat_id, view)
    except Forbidden:
        return None


async def show(bot: Bot, chat_id: int, view: View) -> Message:
    """Send a view to a chat by id (Forbidden if the user never started the bot, or blocked it)."""
    return await bot.send_message(
        chat_id, fit(view.text), parse_mode=ParseMode.HTML, reply_markup=markup(view)
    )


async def edit(query: CallbackQuery, view: View) -> None:
    """Show a view in place of the message whose button was pressed (unless it already shows
    exactly that: Telegram refuses an edit that changes nothing)."""
    shown = query.message
    if (
        isinstance(shown, Message)
        and shown.text == html.unescape(fit(view.text))
        and shown.reply_markup == markup(view)
    ):
        return
    try:
        await query.edit_message_text(
            fit(view.text), parse_mode=ParseMode.HTML, reply_markup=markup(view)
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def replace_shown(bot: Bot, chat_id: int, message_id: int, view: View) -> None:
    """Show a view in place of a message the bot sent earlier (a card settled elsewhere); a
    message that is gone, or already shows it, is left alone."""
    try:
        await bot.edit_message_text(
            fit(view.text),
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup(view),
        )
    except BadRequest as exc:
        text = str(exc).lower()
        if "not modified" not in text and "not found" not in text:
            raise

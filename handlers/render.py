"""Send and edit views (text plus buttons) in Telegram."""

from __future__ import annotations

from telegram import CallbackQuery, Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.views import View


def markup(view: View) -> InlineKeyboardMarkup | None:
    if not view.rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in view.rows]
    )


async def send(chat: Chat, view: View, *, reply_to: int | None = None) -> Message:
    """Send a view as a new message."""
    return await chat.send_message(
        view.text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup(view),
        reply_to_message_id=reply_to,
    )


async def edit(query: CallbackQuery, view: View) -> None:
    """Show a view in place of the message whose button was pressed."""
    try:
        await query.edit_message_text(
            view.text, parse_mode=ParseMode.HTML, reply_markup=markup(view)
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise

"""What every handler needs: who is writing, in which language, and how to reply."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import CallbackQuery, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden

from bot import callbacks
from bot.callbacks import Press
from bot.core.people import Member
from bot.i18n import t
from bot.views import View
from handlers import render

if TYPE_CHECKING:
    from bot.app import BotContext


@dataclass(frozen=True)
class Sender:
    """Who wrote: an active roster member, or nobody the bot serves (`member` None)."""

    member: Member | None
    lang: str
    inactive: bool = False

    @property
    def refusal(self) -> str:
        return "start.inactive" if self.inactive else "start.stranger"


async def sender(update: Update, context: BotContext) -> Sender:
    """Find the roster member behind an update, and the language to answer in."""
    services = context.bot_data.services
    user = update.effective_user
    account = await services.account(user.id) if user else None
    if account is not None and account.blocked:  # they wrote again: send to them again
        account = await services.set_delivery(account.id, blocked_at=None)
    member = account if account is not None and account.active else None
    lang = services.language_for(account, user.language_code if user else None)
    return Sender(member, lang, inactive=account is not None and not account.active)


async def reply(update: Update, text: str) -> None:
    """Answer in the chat the update came from; `text` is HTML with user input escaped."""
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_message(text, parse_mode=ParseMode.HTML)


async def privately(
    update: Update, context: BotContext, who: Sender, show: Callable[[int], Awaitable[object]]
) -> None:
    """Show something personal with `show(chat_id)`: in a private chat there; from a group, in
    the sender's private chat, with one line in the group. Nothing personal (a record, a name
    list, a document, an invitation link) is ever written to a group."""
    chat = update.effective_chat
    if chat is None:
        return
    if chat.type == "private":
        await show(chat.id)
        return
    user = update.effective_user
    sent = False
    if user is not None:
        try:
            await show(user.id)
            sent = True
        except Forbidden:  # never started the bot, or blocked it
            sent = False
    name = html.escape(who.member.name if who.member else "")
    key = "group.sent_privately" if sent else "group.start_privately"
    await reply(update, t(group_language(context), key, name=name))


def group_language(context: BotContext) -> str:
    """A line written to a group is in the office's language, whoever it answers."""
    return context.bot_data.services.settings.language


def answer_language(update: Update, context: BotContext, who: Sender) -> str:
    """The language of an answer in this chat: the member's in private, the office's in a group."""
    chat = update.effective_chat
    return who.lang if chat is None or chat.type == "private" else group_language(context)


async def deliver(update: Update, context: BotContext, who: Sender, view: View) -> None:
    """Show a personal view (privately when asked in a group; see `privately`)."""

    async def show(chat_id: int) -> None:
        await render.show(context.bot, chat_id, view)

    await privately(update, context, who, show)


@dataclass(frozen=True)
class Pressed:
    """A button press from an active member, parsed (nothing about it trusted yet)."""

    query: CallbackQuery
    who: Sender
    press: Press


async def pressed(update: Update, context: BotContext, scope: str | None = None) -> Pressed | None:
    """The press behind a callback update; None after refusing it (a stranger, a payload that
    is not one of ours, or one for another kind of button)."""
    query = update.callback_query
    if query is None:
        return None
    who = await sender(update, context)
    press = callbacks.parse(query.data)
    if who.member is None or press is None or (scope is not None and press.scope != scope):
        await query.answer(t(who.lang, who.refusal if who.member is None else "press.stale"))
        return None
    return Pressed(query, who, press)

"""What every handler needs: who is writing, in which language, and how to reply."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Update
from telegram.constants import ParseMode

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


async def deliver(update: Update, context: BotContext, who: Sender, view: View) -> None:
    """Show a personal view: in a private chat there; from a group, privately, with one line in
    the group (nothing about anyone's records is said in a group)."""
    chat = update.effective_chat
    if chat is None:
        return
    if chat.type == "private":
        await render.send(chat, view)
        return
    name = html.escape(who.member.name if who.member else "")
    user = update.effective_user
    sent = await render.send_to(context.bot, user.id, view) if user else None
    await reply(
        update, t(who.lang, "group.sent_privately" if sent else "group.start_privately", name=name)
    )

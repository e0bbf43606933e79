"""/start and /help."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from telegram import Update

from bot.i18n import t
from handlers.access import join_with_code
from handlers.common import reply, sender

if TYPE_CHECKING:
    from bot.app import BotContext


async def start(update: Update, context: BotContext) -> None:
    """Greet a member, take an invitation code, or tell a stranger how to join."""
    if context.args:
        await join_with_code(update, context, context.args[0])
        return
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    await reply(update, t(who.lang, "start.member", name=html.escape(who.member.name)))


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands."""
    who = await sender(update, context)
    await reply(update, t(who.lang, "help"))


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answer a command the bot does not have (in a private chat) with where to look."""
    who = await sender(update, context)
    await reply(update, t(who.lang, "hint.unknown_command" if who.member else who.refusal))

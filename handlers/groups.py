"""Groups the bot is added to, and removed from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

if TYPE_CHECKING:
    from bot.app import BotContext

PRESENT = frozenset({"member", "administrator"})


async def on_my_chat_member(update: Update, context: BotContext) -> None:
    """Remember a group the bot joins (it gets the unit's weekly progress); forget one it leaves."""
    change = update.my_chat_member
    if change is None or change.chat.type not in ("group", "supergroup"):
        return
    active = change.new_chat_member.status in PRESENT
    await context.bot_data.services.outbox.group(change.chat.id, change.chat.title or "", active)

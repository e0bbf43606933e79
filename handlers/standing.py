"""/remaining, /progress, and their detail buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from bot import standing_views
from bot.i18n import t
from bot.standing import OutsidePlans, UnitStanding
from bot.views import View
from handlers import render
from handlers.common import Sender, deliver, group_language, pressed, reply, sender

if TYPE_CHECKING:
    from bot.app import BotContext

UNIT_VIEWERS = frozenset({"secretary", "clerk", "deputy", "dept_head"})


async def _remaining(who: Sender, context: BotContext, *, detail: bool) -> View:
    assert who.member is not None
    result = await context.bot_data.services.standing.for_member(who.member)
    if isinstance(result, OutsidePlans):
        return standing_views.outside_view(result, who.lang)
    if detail:
        return standing_views.remaining_detail_view(result, who.lang)
    return standing_views.remaining_view(result, who.lang)


async def _unit(who: Sender, context: BotContext) -> UnitStanding | OutsidePlans | None:
    if who.member is None or not who.member.roles & UNIT_VIEWERS:
        return None
    return await context.bot_data.services.standing.for_unit(who.member)


async def remaining_command(update: Update, context: BotContext) -> None:
    """Show what remains for the member this year."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    await deliver(update, context, who, await _remaining(who, context, detail=False))


async def progress_command(update: Update, context: BotContext) -> None:
    """Show the unit's progress to those answerable for it."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    chat = update.effective_chat
    if chat is not None and chat.type != "private":
        # A group sees the unit's counters only: no names next to gaps; in the office's language.
        unit = await context.bot_data.services.standing.for_unit(None)
        lang = group_language(context)
        view = (
            standing_views.outside_view(unit, lang)
            if isinstance(unit, OutsidePlans)
            else standing_views.progress_view(unit, lang, group=True)
        )
        await render.send(chat, view)
        return
    result = await _unit(who, context)
    if result is None:
        await reply(update, t(who.lang, "progress.not_allowed"))
        return
    view = (
        standing_views.outside_view(result, who.lang)
        if isinstance(result, OutsidePlans)
        else standing_views.progress_view(result, who.lang)
    )
    if chat is not None:
        await render.send(chat, view)


async def on_press(update: Update, context: BotContext) -> None:
    """Switch between the progress views."""
    got = await pressed(update, context, "p")
    if got is None:
        return
    query, who, press = got.query, got.who, got.press
    assert who.member is not None
    if press.action in ("me", "back"):
        view = await _remaining(who, context, detail=press.action == "me")
    else:
        result = await _unit(who, context)
        if result is None:
            await query.answer(t(who.lang, "progress.not_allowed"), show_alert=True)
            return
        if isinstance(result, OutsidePlans):
            view = standing_views.outside_view(result, who.lang)
        elif press.action == "people":
            view = standing_views.people_view(result, who.lang)
        else:
            view = standing_views.progress_view(result, who.lang)
    await query.answer()
    await render.edit(query, view)

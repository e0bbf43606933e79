"""/export, /summary and /chart: the ledger, a leader's year, and a picture of the unit."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot.core.formatting import format_day
from bot.core.visibility import can_see
from bot.errors import ActivityBotError, NotFoundError
from bot.i18n import t
from bot.ledger import summary_docx, summary_text
from bot.views import esc, fit
from handlers.common import privately, reply, sender

if TYPE_CHECKING:
    from bot.app import BotContext

LEADERS = frozenset({"secretary", "deputy"})


def _year(context: BotContext, words: list[str]) -> int:
    """The year named in the command (four digits), else the one in force."""
    named = [int(w) for w in words if w.isdecimal() and len(w) == 4]
    return named[0] if named else context.bot_data.services.ledger.year_in_force()


async def export_command(update: Update, context: BotContext) -> None:
    """Send the year's ledger as an Excel workbook (general office and secretary), privately."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    if not who.member.is_admin:
        await reply(update, t(who.lang, "admin.only"))
        return
    year = _year(context, list(context.args or []))
    buffer = io.BytesIO()
    try:
        count = await context.bot_data.services.ledger.workbook(buffer, year, lang=who.lang)
    except ActivityBotError as exc:
        await reply(update, esc(str(exc)))
        return
    name = f"台账-{year}.xlsx" if who.lang != "en" else f"ledger-{year}.xlsx"
    caption = t(who.lang, "ledger.sent" if count else "ledger.empty", year=year, count=count)

    async def show(chat_id: int) -> None:
        document = InputFile(buffer.getvalue(), filename=name)
        await context.bot.send_document(chat_id, document, caption=caption)

    await privately(update, context, who, show)


async def summary_command(update: Update, context: BotContext) -> None:
    """A leader's year, obligation by obligation, as text and as a Word draft, privately."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    words = list(context.args or [])
    names = [w for w in words if not (w.isdecimal() and len(w) == 4)]
    services = context.bot_data.services
    subject = who.member
    if names:
        try:
            subject = await services.find_member(names[0])
        except NotFoundError:
            await reply(update, t(who.lang, "member.unknown", name=esc(names[0])))
            return
        if not can_see(who.member, subject):
            await reply(update, t(who.lang, "press.not_allowed"))
            return
    if not subject.roles & LEADERS:
        await reply(update, t(who.lang, "summary.not_leader"))
        return
    year = _year(context, words)
    try:
        summary = await services.ledger.summary(year, subject, who.lang)
    except ActivityBotError as exc:
        await reply(update, esc(str(exc)))
        return
    text = fit(esc(summary_text(summary, who.lang)))
    name = f"述责述廉材料-{subject.name}-{year}.docx"

    async def show(chat_id: int) -> None:
        await context.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML)
        document = InputFile(summary_docx(summary, who.lang), filename=name)
        await context.bot.send_document(chat_id, document)

    await privately(update, context, who, show)


async def chart_command(update: Update, context: BotContext) -> None:
    """A picture of the unit's progress (no names: in a group too, like the weekly group post)."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    year = _year(context, list(context.args or []))
    try:
        picture = await context.bot_data.services.ledger.chart(year, who.lang)
    except ActivityBotError as exc:
        await reply(update, esc(str(exc)))
        return
    chat = update.effective_chat
    if chat is not None and picture:
        await chat.send_photo(
            InputFile(picture, filename=f"progress-{year}.png"),
            caption=t(
                who.lang,
                "chart.title",
                year=year,
                day=format_day(context.bot_data.services.clock.now().date(), who.lang),
            ),
        )

"""/settings and /mute: when the weekly digest comes, and whether reminders do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Update

from bot import callbacks
from bot.core.formatting import EN_WEEKDAYS, ZH_WEEKDAYS
from bot.core.people import Member
from bot.i18n import t
from bot.views import Button, View
from handlers import render
from handlers.common import deliver, pressed, reply, sender

if TYPE_CHECKING:
    from bot.app import BotContext

HOURS = (8, 9, 10, 14, 16)


def settings_view(member: Member) -> View:
    lang = member.lang
    days = EN_WEEKDAYS if lang == "en" else ZH_WEEKDAYS
    lines = [t(lang, "settings.title")]
    lines.append(
        t(lang, "settings.digest_paused")
        if member.digest_paused
        else t(lang, "settings.digest", day=days[member.digest_weekday], hour=member.digest_hour)
    )
    lines.append(
        t(lang, "settings.reminders_muted" if member.reminders_muted else "settings.reminders")
    )
    day_row = tuple(
        Button(
            ("✓" if i == member.digest_weekday else "") + days[i],
            callbacks.make("s", "day", arg=str(i)),
        )
        for i in range(5)
    )
    hour_row = tuple(
        Button(
            ("✓" if h == member.digest_hour else "") + f"{h}:00",
            callbacks.make("s", "hour", arg=str(h)),
        )
        for h in HOURS
    )
    toggles = (
        Button(
            t(lang, "button.resume_digest" if member.digest_paused else "button.pause_digest"),
            callbacks.make("s", "resume" if member.digest_paused else "pause"),
        ),
        Button(
            t(lang, "button.unmute" if member.reminders_muted else "button.mute"),
            callbacks.make("s", "unmute" if member.reminders_muted else "mute"),
        ),
    )
    return View("\n".join(lines), (day_row, hour_row, toggles))


async def settings_command(update: Update, context: BotContext) -> None:
    """Show the member's digest and reminder settings, with buttons to change them."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    await deliver(update, context, who, settings_view(who.member))


async def mute_command(update: Update, context: BotContext) -> None:
    """Pause deadline reminders."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    await context.bot_data.services.set_delivery(who.member.id, reminders_muted=True)
    await reply(update, t(who.lang, "mute.done"))


async def on_press(update: Update, context: BotContext) -> None:
    """Change one setting and show them all again."""
    got = await pressed(update, context, "s")
    if got is None:
        return
    query, who, press = got.query, got.who, got.press
    assert who.member is not None
    fields: dict[str, object] = {}
    value = int(press.arg) if press.arg and press.arg.isdecimal() else None
    if press.action == "day" and value is not None and 0 <= value <= 6:
        fields["digest_weekday"] = value
    elif press.action == "hour" and value is not None and 0 <= value <= 23:
        fields["digest_hour"] = value
    elif press.action in ("pause", "resume"):
        fields["digest_paused"] = press.action == "pause"
    elif press.action in ("mute", "unmute"):
        fields["reminders_muted"] = press.action == "mute"
    elif press.action == "quiet":  # under a reminder: mute, and leave the reminder as it is
        await context.bot_data.services.set_delivery(who.member.id, reminders_muted=True)
        await query.answer(t(who.lang, "mute.done"), show_alert=True)
        return
    elif press.action != "show":
        await query.answer(t(who.lang, "press.stale"))
        return
    member = who.member
    if fields:
        member = await context.bot_data.services.set_delivery(member.id, **fields)
    await query.answer()
    view = settings_view(member)
    chat = update.effective_chat
    if press.action == "show" and chat is not None:
        await render.send(chat, view)  # pressed under a digest: keep the digest, show settings
        return
    await render.edit(query, view)

"""Reporting: free text, button presses, /log, /history, /undo, and files as evidence."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from telegram import Document, Message, PhotoSize, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot import callbacks, views
from bot.answer_views import answer_text
from bot.core.activity import Status
from bot.i18n import t
from bot.reporting import (
    AttributePicker,
    BatchDone,
    CardScreen,
    DatePicker,
    DeleteConfirm,
    Drafts,
    DuplicateScreen,
    FileInfo,
    Hint,
    HistoryScreen,
    KindPicker,
    Notice,
    PersonPicker,
    Refusal,
    Reminded,
    Screen,
    Undone,
)
from handlers import render, standing
from handlers.common import (
    Sender,
    answer_language,
    deliver,
    group_language,
    pressed,
    reply,
    sender,
)

if TYPE_CHECKING:
    from bot.app import BotContext

log = logging.getLogger(__name__)
MAX_DOWNLOAD = 20 * 1024 * 1024  # the Bot API serves files up to 20 MB


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The text (or caption) of a message meant for the bot; in a group, only if it names or
    answers it."""
    text = message.text or message.caption or ""
    if message.chat.type == "private":
        return text
    mention = f"@{bot_username}"
    if mention.lower() in text.lower():
        start = text.lower().index(mention.lower())
        return (text[:start] + text[start + len(mention) :]).strip()
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return text
    return None


async def on_text(update: Update, context: BotContext) -> None:
    """Read a report and show its card(s), or a hint."""
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is None:
        return
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    chat = update.effective_chat
    private = chat.type == ChatType.PRIVATE
    asked = await context.bot_data.services.questions.ask(who.member, text, private=private)
    if asked is not None:
        if asked.answer.shape == "remaining_view":  # 我还欠哪些: /remaining, as the command
            await standing.remaining_command(update, context)
            return
        lang = answer_language(update, context, who)
        await reply(update, answer_text(asked.answer, asked.plan, asked.roster, lang, asked.today))
        return
    result = await _receive(update, context, who, text)
    if isinstance(result, Hint):
        view = views.hint_view(result, answer_language(update, context, who), private=private)
        await render.send(chat, view)
        return
    await _show(update, context, who, result)


async def _receive(
    update: Update, context: BotContext, who: Sender, text: str
) -> Hint | Refusal | Drafts:
    """Read the words of this update (a message's text or a file's caption) as a report."""
    message = update.effective_message
    assert message is not None and who.member is not None
    return await context.bot_data.services.reports.receive(
        who.member,
        text,
        chat_id=message.chat_id,
        message_id=message.message_id,
        update_id=update.update_id,
    )


async def _show(update: Update, context: BotContext, who: Sender, result: Refusal | Drafts) -> None:
    """Show the cards of a report (privately when it was written in a group), or why not."""
    message = update.effective_message
    chat = update.effective_chat
    assert message is not None and chat is not None and who.member is not None
    if isinstance(result, Refusal):
        fields = {k: views.esc(v) for k, v in result.fields.items()}
        await reply(update, t(answer_language(update, context, who), result.key, **fields))
        return
    reports = context.bot_data.services.reports
    cards = result.cards
    if not result.new:
        # Handled before: answer only what was never shown (the bot stopped before the card).
        cards = tuple(
            c
            for c in cards
            if c.activity.card_message_id is None and c.activity.status is Status.DRAFT
        )
        if not cards:
            log.info("update %s was already answered; not answered twice", update.update_id)
            return
    now = reports.now()
    name = views.esc(who.member.name)
    if chat.type != "private":  # a card is the member's own: it goes privately, never to a group
        lang = group_language(context)
        for card in cards:
            view = _view(reports.next_screen(card), who.lang, now)
            sent = await render.send_to(context.bot, who.member.telegram_id or 0, view)
            if sent is None:  # never opened a private chat: say how, and show nothing here
                await reply(update, t(lang, "group.report_start_privately", name=name))
                return
            await reports.set_card(card.activity.id, sent.message_id, sent.chat_id)
        if len(cards) > 1:
            batch = views.batch_view(cards[0].activity.id, len(cards), who.lang, result.skipped)
            await render.send_to(context.bot, who.member.telegram_id or 0, batch)
        await reply(update, t(lang, "group.received", name=name, count=len(cards)))
        return
    for card in cards:
        view = _view(reports.next_screen(card), who.lang, now)
        reply_to = message.message_id if len(cards) == 1 else None
        sent = await render.send(chat, view, reply_to=reply_to)
        await reports.set_card(card.activity.id, sent.message_id, sent.chat_id)
    if len(cards) > 1:
        batch = views.batch_view(cards[0].activity.id, len(cards), who.lang, result.skipped)
        await render.send(chat, batch)


def _view(screen: Screen, lang: str, now: dt.datetime) -> views.View:
    """The view of a screen; `now` in the office's time zone."""
    day = now.date()
    if isinstance(screen, CardScreen):
        return views.card_view(screen.card, lang, now)
    if isinstance(screen, KindPicker):
        return views.kind_picker_view(screen, lang, day)
    if isinstance(screen, DatePicker):
        return views.date_picker_view(screen, lang)
    if isinstance(screen, AttributePicker):
        return views.attribute_picker_view(screen, lang)
    if isinstance(screen, PersonPicker):
        return views.person_picker_view(screen, lang)
    if isinstance(screen, DuplicateScreen):
        return views.duplicate_view(screen, lang)
    if isinstance(screen, BatchDone):
        return views.batch_done_view(screen, lang)
    if isinstance(screen, HistoryScreen):
        return views.history_view(screen, lang)
    if isinstance(screen, DeleteConfirm):
        return views.delete_confirm_view(screen, lang)
    if isinstance(screen, Undone):
        return views.undone_view(screen, lang)
    if isinstance(screen, Reminded):
        return views.reminded_view(screen, lang)
    assert isinstance(screen, Notice)
    return views.View(views.notice_text(screen, lang))


async def on_press(update: Update, context: BotContext) -> None:
    """Carry out a button press; refuse anything forged, foreign or stale."""
    got = await pressed(update, context)
    if got is None:
        return
    query, who, press = got.query, got.who, got.press
    assert who.member is not None
    reports = context.bot_data.services.reports
    screen = await reports.press(who.member, press)
    if isinstance(screen, Notice):
        await query.answer(views.notice_text(screen, who.lang) or None)
        return
    await query.answer()
    view = _view(screen, who.lang, reports.now())
    if press.scope == "h" and press.action == "edit" and isinstance(screen, CardScreen):
        chat = update.effective_chat
        if chat is not None:
            sent = await render.send(chat, view)
            await reports.set_card(screen.card.activity.id, sent.message_id, sent.chat_id)
        return
    await render.edit(query, view)
    if isinstance(screen, BatchDone):  # each card of the list now shows what became of it
        for settled in screen.settled:
            a = settled.activity
            if a.card_message_id is None or a.chat_id is None:
                continue
            shown = DuplicateScreen(settled) if settled.duplicates else CardScreen(settled)
            await render.replace_shown(
                context.bot, a.chat_id, a.card_message_id, _view(shown, who.lang, reports.now())
            )
    if (
        isinstance(screen, CardScreen | AttributePicker | KindPicker)
        and getattr(screen, "card", None) is not None
        and query.message is not None
    ):
        card = screen.card
        if card is not None and card.activity.card_message_id != query.message.message_id:
            await reports.set_card(
                card.activity.id, query.message.message_id, query.message.chat.id
            )


async def log_command(update: Update, context: BotContext) -> None:
    """Start the guided flow: kind, then day."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    screen = await context.bot_data.services.reports.press(
        who.member, callbacks.Press("l", "start")
    )
    now = context.bot_data.services.reports.now()
    await deliver(update, context, who, _view(screen, who.lang, now))


async def history_command(update: Update, context: BotContext) -> None:
    """List the member's recent records, each with edit and delete."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    screen = await context.bot_data.services.reports.history(who.member)
    await deliver(update, context, who, views.history_view(screen, who.lang))


async def undo_command(update: Update, context: BotContext) -> None:
    """Take back the member's last confirmed record."""
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    undone = await context.bot_data.services.reports.undo(who.member)
    view = (
        views.View(t(who.lang, "undo.nothing"))
        if undone is None
        else views.undone_view(undone, who.lang)
    )
    await deliver(update, context, who, view)


async def on_file(update: Update, context: BotContext) -> None:
    """Read a photo's or document's caption as a report with the file as its evidence; else
    keep the file as evidence of the activity it follows or answers."""
    message = update.effective_message
    if message is None:
        return
    if (
        message.chat.type != "private"
        and addressed_text(message, context.bot.username, context.bot.id) is None
        and not message.reply_to_message
    ):
        return
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return
    info, attachment = _file_of(message)
    if info is None or attachment is None:
        await reply(update, t(who.lang, "hint.unsupported"))
        return
    reports = context.bot_data.services.reports
    caption = addressed_text(message, context.bot.username, context.bot.id)
    if caption:  # a picture of the sign-in sheet saying what it was: a report with its evidence
        result = await _receive(update, context, who, caption)
        if not isinstance(result, Hint):
            if isinstance(result, Drafts) and result.new:
                content = await _download(attachment, info)
                result = await reports.attach_to_each(who.member, result, info, content)
            await _show(update, context, who, result)
            return
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    target = await reports.evidence_target(who.member, message.chat_id, reply_to)
    if target is None:
        await reply(update, t(who.lang, "hint.file_without_activity"))
        return
    content = await _download(attachment, info)
    attached = await reports.attach(who.member, target, info, content)
    text = t(
        who.lang,
        "evidence.attached",
        day=views.day_of(target, who.lang),
        kind=views.esc(views.kind_label(attached.plan, target.kind, who.lang)),
        count=attached.count,
    )
    if content is None:
        text += "\n" + t(who.lang, "evidence.too_big")
    await deliver(update, context, who, views.View(text))  # the member's record: privately


async def _download(attachment: Document | PhotoSize, info: FileInfo) -> bytes | None:
    """The file's bytes, or None when it is too big for the Bot API or cannot be had."""
    if info.size is not None and info.size > MAX_DOWNLOAD:
        return None
    try:
        return bytes(await (await attachment.get_file()).download_as_bytearray())
    except TelegramError:
        log.warning("could not download an evidence file; keeping its ids only")
        return None


def _file_of(message: Message) -> tuple[FileInfo, Document | PhotoSize] | tuple[None, None]:
    if message.document is not None:
        d = message.document
        return FileInfo(
            d.file_id, d.file_unique_id, d.file_name or "document", d.mime_type, d.file_size
        ), d
    if message.photo:
        p = message.photo[-1]
        return FileInfo(
            p.file_id, p.file_unique_id, f"photo_{p.file_unique_id}.jpg", "image/jpeg", p.file_size
        ), p
    return None, None


async def on_other(update: Update, context: BotContext) -> None:
    """Answer a message the bot cannot read (a sticker, a voice note) with a hint."""
    who = await sender(update, context)
    key = who.refusal if who.member is None else "hint.unsupported"
    await reply(update, t(who.lang, key))

"""Joining and administration: /start with an invitation, /join, /invite, /roster, /member."""

from __future__ import annotations

import html
import logging
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import TelegramError

from bot.access import (
    INVITATION_LIFETIME,
    JOIN_REQUESTS_PER_DAY,
    Changes,
    JoinRefused,
    Requested,
    parse_changes,
)
from bot.access_views import pick_view, request_view
from bot.core.people import Member
from bot.errors import ChangeError, LastAdminError, NotFoundError, OwnAdminRoleError
from bot.i18n import t
from bot.views import View, esc
from handlers import render
from handlers.common import Sender, deliver, pressed, reply, sender

if TYPE_CHECKING:
    from bot.app import BotContext

log = logging.getLogger(__name__)
ROSTER_SHOWN = 60


async def join_with_code(update: Update, context: BotContext, code: str) -> None:
    """Bind the account to the member the invitation was made for."""
    user = update.effective_user
    if user is None:
        return
    who = await sender(update, context)
    result = await context.bot_data.services.access.join(user.id, code)
    if isinstance(result, JoinRefused):
        key = "join.taken" if result.reason == "taken" else "join.invalid"
        await reply(update, t(who.lang, key, name=esc(result.name)))
        return
    lang = result.member.lang
    welcome = t(lang, "join.done", name=esc(result.member.name)) + "\n" + t(lang, "help")
    await deliver(update, context, Sender(result.member, lang), View(welcome))


async def join_command(update: Update, context: BotContext) -> None:
    """Ask the admins to let this account in."""
    user = update.effective_user
    who = await sender(update, context)
    if user is None:
        return
    claimed = " ".join(context.args or [])
    display = " ".join(p for p in (user.first_name, user.last_name) if p)
    result = await context.bot_data.services.access.request_join(user.id, display, claimed)
    if isinstance(result, JoinRefused):
        key = {
            "no_name": "join.need_name",
            "pending": "join.pending",
            "too_many": "join.too_many",
        }.get(result.reason, "join.already")
        await reply(update, t(who.lang, key, count=JOIN_REQUESTS_PER_DAY))
        return
    await reply(update, t(who.lang, "join.requested"))
    await _tell_admins(context, result)


async def _tell_admins(context: BotContext, requested: Requested) -> None:
    for admin in requested.admins:
        assert admin.telegram_id is not None
        view = request_view(requested.candidates, admin.lang)
        try:
            await render.show(context.bot, admin.telegram_id, view)
        except TelegramError:
            log.warning("could not tell admin %s about a join request", admin.id)


async def on_join_press(update: Update, context: BotContext) -> None:
    """An admin binds a join request to a member, chooses among the others, or refuses it."""
    got = await pressed(update, context, "j")
    if got is None:
        return
    query, who, press = got.query, got.who, got.press
    assert who.member is not None and press.target is not None
    if not who.member.is_admin:
        await query.answer(t(who.lang, "admin.only"), show_alert=True)
        return
    if press.action in ("pick", "back"):
        candidates = await context.bot_data.services.access.candidates(press.target)
        if candidates is None:
            await query.answer(t(who.lang, "join.decided"))
            return
        await query.answer()
        show = pick_view if press.action == "pick" else request_view
        await render.edit(query, show(candidates, who.lang))
        return
    member_id = (
        int(press.arg) if press.action == "bind" and press.arg and press.arg.isdecimal() else None
    )
    if press.action == "bind" and member_id is None:
        await query.answer(t(who.lang, "press.stale"))
        return
    decision = await context.bot_data.services.access.decide(who.member, press.target, member_id)
    request = decision.request
    display = esc(request.display_name) if request else ""
    if decision.outcome == "decided" or request is None:
        await query.answer(t(who.lang, "join.decided"))
        return
    if decision.outcome == "taken":
        name = esc(decision.member.name) if decision.member else "?"
        await query.answer(t(who.lang, "join.member_taken", name=name), show_alert=True)
        return
    await query.answer()
    if decision.outcome == "bound" and decision.member is not None:
        member = decision.member
        await render.edit(
            query, View(t(who.lang, "join.bound", display=display, name=esc(member.name)))
        )
        text = t(member.lang, "join.done", name=esc(member.name)) + "\n" + t(member.lang, "help")
    else:
        await render.edit(query, View(t(who.lang, "join.refused", display=display)))
        text = t(who.lang, "join.refused_notice")
    try:
        await context.bot.send_message(request.telegram_id, text, parse_mode="HTML")
    except TelegramError:
        log.info("could not tell the applicant about the decision")


async def _admin(update: Update, context: BotContext) -> Sender | None:
    who = await sender(update, context)
    if who.member is None:
        await reply(update, t(who.lang, who.refusal))
        return None
    if not who.member.is_admin:
        await reply(update, t(who.lang, "admin.only"))
        return None
    return who


async def _answer(update: Update, context: BotContext, who: Sender, text: str) -> None:
    """Answer an admin privately, also when asked in a group (names and links are personal)."""
    await deliver(update, context, who, View(text))


async def invite_command(update: Update, context: BotContext) -> None:
    """Make a one-time invitation link for a roster member (sent only privately)."""
    who = await _admin(update, context)
    if who is None or who.member is None:
        return
    admin = who.member
    name = " ".join(context.args or []).strip()
    if not name:
        await _answer(update, context, who, t(admin.lang, "invite.usage"))
        return
    try:
        member, code = await context.bot_data.services.access.invite(admin, name)
    except NotFoundError:
        await _answer(update, context, who, t(admin.lang, "member.unknown", name=esc(name)))
        return
    link = f"https://t.me/{context.bot.username}?start={code}"
    await _answer(
        update,
        context,
        who,
        t(
            admin.lang,
            "invite.link",
            name=esc(member.name),
            days=INVITATION_LIFETIME.days,
            link=html.escape(link),
        ),
    )


def member_line(member: Member, lang: str, plan_roles: dict[str, str]) -> str:
    roles = "、".join(plan_roles.get(r, r) for r in sorted(member.roles))
    parts = [esc(member.name), esc(roles)]
    if member.department:
        parts.append(esc(member.department))
    if member.supervises:
        parts.append(
            "分管 " + esc("、".join(sorted(member.supervises)))
            if lang != "en"
            else "supervises " + esc(", ".join(sorted(member.supervises)))
        )
    state = ""
    if not member.active:
        state = t(lang, "roster.inactive")
    elif member.telegram_id is None:
        state = t(lang, "roster.not_joined")
    return " · ".join(parts) + state


async def roster_command(update: Update, context: BotContext) -> None:
    """Show who is on the roster and who has joined (privately)."""
    who = await _admin(update, context)
    if who is None or who.member is None:
        return
    admin = who.member
    services = context.bot_data.services
    members = await services.members()
    plan = services.plans.latest()
    labels = {r: plan.role_label(r, admin.lang) for r in plan.roles}
    joined = sum(1 for m in members if m.telegram_id is not None and m.active)
    lines = [t(admin.lang, "roster.title", count=len(members), joined=joined)]
    lines += [member_line(m, admin.lang, labels) for m in members[:ROSTER_SHOWN]]
    if len(members) > ROSTER_SHOWN:
        lines.append(t(admin.lang, "roster.more", count=len(members) - ROSTER_SHOWN))
    lines.append("")
    lines.append(t(admin.lang, "member.usage"))
    await _answer(update, context, who, "\n".join(lines))


async def member_command(update: Update, context: BotContext) -> None:
    """Change a member's roles, department, supervision or language; deactivate or reactivate."""
    who = await _admin(update, context)
    if who is None or who.member is None:
        return
    admin = who.member
    words = list(context.args or [])
    if len(words) < 2:
        await _answer(update, context, who, t(admin.lang, "member.usage"))
        return
    services = context.bot_data.services
    name, rest = words[0], words[1:]
    try:
        changes: Changes = parse_changes(rest, services.access.roles())
        member = await services.access.change(admin, name, changes)
    except NotFoundError:
        await _answer(update, context, who, t(admin.lang, "member.unknown", name=esc(name)))
        return
    except OwnAdminRoleError:
        await _answer(update, context, who, t(admin.lang, "member.own_admin"))
        return
    except LastAdminError as exc:  # (another admin changed the roster meanwhile)
        names = "、".join(esc(n) for n in exc.names)
        await _answer(update, context, who, t(admin.lang, "member.last_admin", names=names))
        return
    except ChangeError as exc:
        fields = {k: esc(v) for k, v in exc.fields.items()}
        error = t(admin.lang, f"member.bad.{exc.key}", **fields)
        await _answer(update, context, who, t(admin.lang, "member.failed", error=error))
        return
    plan = services.plans.latest()
    labels = {r: plan.role_label(r, admin.lang) for r in plan.roles}
    line = member_line(member, admin.lang, labels)
    await _answer(update, context, who, t(admin.lang, "member.updated", line=line))

"""The weekly digest and the reminders: when they are due, and what they say. Pure.

A digest is due each week at the member's weekday and hour (default Monday 09:00); when that
day is not a working day in mainland China it moves to the next working day. The calendar is
passed in (`is_workday`), so the rule is testable and the holiday data stays in its library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot import callbacks
from bot.core.formatting import format_day, names_list
from bot.core.people import Member
from bot.core.plan import Plan, Scope
from bot.core.progress import Progress, Status, by_urgency
from bot.i18n import t

IsWorkday = Callable[[dt.date], bool]
SOON = dt.timedelta(days=30)
MAX_OPEN_ITEMS = 4
ADMINS = frozenset({"secretary", "clerk"})


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def next_workday(day: dt.date, is_workday: IsWorkday, *, limit: int = 14) -> dt.date:
    """The day itself if it is a working day, else the next one (within two weeks)."""
    for offset in range(limit):
        candidate = day + dt.timedelta(days=offset)
        if is_workday(candidate):
            return candidate
    return day


def digest_moment(
    member: Member, week_day: dt.date, zone: dt.tzinfo, is_workday: IsWorkday
) -> dt.datetime:
    """When the member's digest for the week containing `week_day` is due."""
    day = monday_of(week_day) + dt.timedelta(days=member.digest_weekday)
    day = next_workday(day, is_workday)
    return dt.datetime.combine(day, dt.time(member.digest_hour), zone)


def group_moment(week_day: dt.date, zone: dt.tzinfo, is_workday: IsWorkday) -> dt.datetime:
    day = next_workday(monday_of(week_day), is_workday)
    return dt.datetime.combine(day, dt.time(9), zone)


@dataclass(frozen=True)
class Logged:
    """A record of last week, as the digest mentions it."""

    day: dt.date
    kind_label: str


@dataclass(frozen=True)
class Message:
    """A message composed for sending: HTML text and rows of (label, callback data)."""

    text: str
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _figure(p: Progress) -> str:
    return f"{p.done}/{p.target or 1}"


def unit_line(unit: Sequence[Progress], on: dt.date, lang: str) -> str | None:
    """The counters that are behind, and the windows that open or close in the next 30 days."""
    parts = []
    for p in by_urgency(unit):
        name = _esc(p.obligation.name(lang))
        if p.obligation.is_rule:
            if p.breaches:
                parts.append(t(lang, "digest.rule", name=name, count=p.breaches))
        elif p.status in (Status.BEHIND, Status.OVERDUE):
            key = "digest.overdue" if p.status is Status.OVERDUE else "digest.behind"
            parts.append(f"{name} {_figure(p)}" + t(lang, key))
        elif p.status is Status.ON_TRACK and p.due - on <= SOON:
            parts.append(t(lang, "digest.closes", name=name, day=format_day(p.due, lang)))
        elif p.status is Status.NOT_YET_OPEN and p.opens - on <= SOON:
            parts.append(t(lang, "digest.opens", name=name, day=format_day(p.opens, lang)))
    if not parts:
        return None
    joiner = "；" if lang != "en" else "; "
    return t(lang, "digest.unit", items=joiner.join(parts[:4]))


def compose_digest(
    member: Member,
    on: dt.date,
    logged: Sequence[Logged],
    mine: Sequence[Progress],
    unit: Sequence[Progress],
) -> Message:
    """One member's weekly digest: readable in ten seconds, the detail behind a button.

    Args:
        member: the reader (their language is used).
        on: the day the digest is for.
        logged: what they recorded last week.
        mine: their own obligations' progress.
        unit: the unit obligations' progress.

    Returns:
        The message.
    """
    lang = member.lang
    joiner = "；" if lang != "en" else "; "
    lines = [t(lang, "digest.title", day=format_day(on, lang))]
    if logged:
        items = joiner.join(f"{format_day(r.day, lang)} {_esc(r.kind_label)}" for r in logged[:5])
        lines.append(t(lang, "digest.logged", count=len(logged), items=items))
    else:
        lines.append(t(lang, "digest.logged_none"))
    open_items = [
        p for p in by_urgency(mine) if p.status in (Status.OVERDUE, Status.BEHIND, Status.ON_TRACK)
    ]
    coming = [p for p in mine if p.status is Status.NOT_YET_OPEN]
    if open_items:
        todo = joiner.join(
            f"{_esc(p.obligation.name(lang))} {_figure(p)}" for p in open_items[:MAX_OPEN_ITEMS]
        )
        more = (
            t(lang, "digest.more", count=len(open_items) - MAX_OPEN_ITEMS)
            if len(open_items) > MAX_OPEN_ITEMS
            else ""
        )
        lines.append(t(lang, "digest.todo", items=todo) + more)
    elif mine and not coming:
        lines.append(t(lang, "digest.all_done"))
    if coming:
        soonest = min(coming, key=lambda p: p.opens)
        lines.append(
            t(
                lang,
                "digest.next_window",
                name=_esc(soonest.obligation.name(lang)),
                day=format_day(soonest.opens, lang),
            )
        )
    unit_text = unit_line(unit, on, lang)
    if unit_text:
        lines.append(unit_text)
    buttons = (
        (
            (t(lang, "button.details"), callbacks.make("p", "me")),
            (t(lang, "digest.button.log"), callbacks.make("l", "start")),
        ),
        ((t(lang, "digest.button.settings"), callbacks.make("s", "show")),),
    )
    return Message("\n".join(lines), buttons)


def compose_table(plan: Plan, on: dt.date, people: Sequence[Progress], lang: str) -> Message:
    """For the secretary and the clerk: per personal obligation, who has not yet done it."""
    lines = [t(lang, "digest.table_title", day=format_day(on, lang))]
    for ob in plan.obligations:
        if ob.scope is not Scope.EACH:
            continue
        pending = [
            p.holder.name
            for p in people
            if p.obligation.id == ob.id
            and p.holder
            and p.status is not Status.DONE
            and p.status is not Status.NOT_YET_OPEN
        ]
        if pending:
            names = names_list([_esc(n) for n in pending], lang)
            lines.append(
                f"{_esc(ob.name(lang))}：{names}"
                if lang != "en"
                else f"{_esc(ob.name(lang))}: {names}"
            )
    if len(lines) == 1:
        lines.append(t(lang, "digest.table_clear"))
    return Message("\n".join(lines))


@dataclass(frozen=True)
class Reminder:
    """A window about to close on an obligation someone has not done."""

    progress: Progress
    recipient: Member
    days_left: int


def reminders_due(
    items: Sequence[Progress], roster: Sequence[Member], today: dt.date
) -> list[Reminder]:
    """Who to remind of what today: an open window closing within the obligation's
    `remind_days_before`, not yet done; `each` obligations go to their holder, unit ones to the
    secretary and the clerk. Muted, blocked and inactive members are left out."""
    admins = [m for m in roster if m.roles & ADMINS]
    due = []
    for p in items:
        ob = p.obligation
        left = (p.due - today).days
        if p.status is Status.DONE or ob.is_rule or not p.opens <= today <= p.due:
            continue
        if left > ob.remind_days_before:
            continue
        recipients = [p.holder] if p.holder is not None else admins
        due += [
            Reminder(p, m, left)
            for m in recipients
            if m.active and not m.reminders_muted and not m.blocked and m.telegram_id is not None
        ]
    return due


def compose_reminders(reminders: Sequence[Reminder]) -> Message:
    """One message for one person's reminders of the day (never several messages at once)."""
    first = reminders[0]
    member = first.recipient
    lang = member.lang
    buttons = (
        (
            (t(lang, "digest.button.log"), callbacks.make("l", "start")),
            (t(lang, "reminder.button.mute"), callbacks.make("s", "quiet")),
        ),
    )
    if len(reminders) == 1:
        p = first.progress
        key = "reminder.text_unit" if p.holder is None else "reminder.text"
        text = t(
            lang,
            key,
            name=_esc(p.obligation.title.in_(lang)),
            day=format_day(p.due, lang),
            days=first.days_left,
            done=p.done,
            target=p.target or 1,
        )
        return Message(text, buttons)
    lines = [t(lang, "reminder.several")]
    for r in sorted(reminders, key=lambda r: (r.progress.due, r.progress.obligation.id)):
        p = r.progress
        scope = t(lang, "reminder.unit_mark") if p.holder is None else ""
        lines.append(
            t(
                lang,
                "reminder.line",
                name=_esc(p.obligation.name(lang)),
                scope=scope,
                day=format_day(p.due, lang),
                done=p.done,
                target=p.target or 1,
            )
        )
    return Message("\n".join(lines), buttons)

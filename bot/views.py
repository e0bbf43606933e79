"""How results look in the chat: pure functions from service results to text and buttons.

Everything a user wrote (the report's text, names) is HTML-escaped here, since replies use
parse_mode=HTML.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
from dataclasses import dataclass

from bot import callbacks
from bot.core.activity import Activity, DayProblem, Status
from bot.core.dates import is_weekday_word
from bot.core.formatting import EN_MONTHS, format_day
from bot.core.plan import Plan
from bot.i18n import t
from bot.reporting import (
    AttributePicker,
    BatchDone,
    Card,
    DatePicker,
    DeleteConfirm,
    DuplicateScreen,
    Hint,
    HistoryScreen,
    KindPicker,
    Notice,
    PersonPicker,
    Reminded,
    Undone,
)

TEXT_SHOWN = 300


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True)
class View:
    """A message to show: HTML text and rows of buttons."""

    text: str
    rows: tuple[tuple[Button, ...], ...] = ()


MAX_MESSAGE = 4000  # Telegram takes 4096 characters; a margin for what HTML adds


def fit(text: str, limit: int = MAX_MESSAGE) -> str:
    """Cut a long message at a line boundary so that Telegram accepts it, and say so."""
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 0
    for line in text.splitlines():
        if size + len(line) + 1 > limit - 2:
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept) + "\n…"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def kind_label(plan: Plan, kind: str, lang: str) -> str:
    found = plan.kinds.get(kind)
    return found.label.in_(lang) if found else kind


def _rows(buttons: list[Button], per_row: int) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def _attribute_line(card: Card, lang: str) -> str | None:
    spec = card.plan.kinds[card.activity.kind].attribute if not card.needs_kind else None
    if spec is None:
        return None
    value = card.activity.attributes.get(spec.name)
    if value is None or value not in spec.values:
        return None
    name = spec.label.in_(lang) if spec.label else spec.name
    return (
        f"{esc(name)}：{esc(spec.values[value].label.in_(lang))}"
        if lang != "en"
        else (f"{esc(name)}: {esc(spec.values[value].label.in_(lang))}")
    )


def _asked(activity: Activity) -> str | None:
    """A draft's day still to be asked for, as the message wrote it (quoted, escaped)."""
    asked = activity.attributes.get("_ask_day") if activity.status is Status.DRAFT else None
    return f"“{esc(asked)}”" if asked else None


def day_of(activity: Activity, lang: str, *, year: bool = False) -> str:
    """The activity's day in a sentence; a day still to be asked for, as it was written."""
    return _asked(activity) or format_day(activity.happened_on, lang, year=year)


def card_view(card: Card, lang: str, now: dt.datetime) -> View:
    """The card of a draft or a record; `now` in the office's time zone."""
    a = card.activity
    today = now.date()
    years = "、".join(str(y) for y in card.plan and [card.plan.year])
    title = {
        Status.DRAFT: "card.edit" if a.replaces_id else "card.draft",
        Status.CONFIRMED: "card.edited" if a.replaces_id else "card.confirmed",
    }.get(a.status, "card.cancelled")
    lines = [t(lang, title)]
    if not card.needs_kind:
        lines.append(t(lang, "card.kind", kind=esc(kind_label(card.plan, a.kind, lang))))
    other_year = a.happened_on.year != today.year or a.happened_on.year != card.plan.year
    day = format_day(a.happened_on, lang, weekday=True, year=other_year)
    asked = _asked(a)
    if asked and card.problem is DayProblem.OUTSIDE_PLAN:  # said once, below
        lines.append(t(lang, "card.day", day=asked))
    elif asked:
        key = (
            "card.day_impossible"
            if a.attributes.get("_impossible")
            else ("card.day_weekday" if is_weekday_word(asked) else "card.day_mismatch")
            if a.attributes.get("_weekday")
            else "card.day_vague"
        )
        lines.append(t(lang, key, text=asked))
    elif a.status is Status.DRAFT and a.attributes.get("_assumed"):
        lines.append(t(lang, "card.day_assumed", day=day))
    else:
        lines.append(t(lang, "card.day", day=day))
    if a.happened_on.year != card.plan.year and card.tallies and card.problem is None:
        lines.append(t(lang, "card.grace", year=card.plan.year))
    reported = a.reported_at.astimezone(now.tzinfo).date()  # (stored in UTC)
    if reported != a.happened_on and a.status is Status.CONFIRMED:
        lines.append(t(lang, "card.reported", day=format_day(reported, lang)))
    attribute = _attribute_line(card, lang)
    if attribute:
        lines.append(attribute)
    if a.participants:
        lines.append(t(lang, "card.participants", count=a.participants))
    if card.member.id != card.logger.id:
        lines.append(
            t(lang, "card.for", member=esc(card.member.name), logger=esc(card.logger.name))
        )
    # With a day to change first, what it would count toward is not known yet.
    settled = card.problem is None
    if not card.needs_kind and a.status in (Status.DRAFT, Status.CONFIRMED) and settled:
        lines.extend(_counts_lines(card, lang))
    if a.attachments:
        lines.append(t(lang, "card.attachments", count=a.attachments))
    if a.text and a.status is Status.DRAFT:
        shown = a.text if len(a.text) <= TEXT_SHOWN else a.text[:TEXT_SHOWN] + "…"
        lines.append(t(lang, "card.text", text=esc(shown)))
    if a.status is Status.CONFIRMED and not a.attachments:
        lines.append(t(lang, "card.evidence_hint"))
    if a.status is not Status.DRAFT:
        return View("\n".join(lines))
    if card.problem is DayProblem.FUTURE:
        lines.append(t(lang, "card.future", day=format_day(a.happened_on, lang, year=other_year)))
    elif card.problem is DayProblem.OUTSIDE_PLAN:
        lines.append(t(lang, "card.outside_plan", years=years, day=day_of(a, lang, year=True)))
    return View("\n".join(lines), _card_buttons(card, lang))


def _counts_lines(card: Card, lang: str) -> list[str]:
    """What the record counts toward, with the tally before and after it."""
    a = card.activity
    joiner = "、" if lang != "en" else "; "
    parts = []
    leaving = []  # an edit that takes the record out of an obligation it counted in
    for tally in card.tallies:
        name = esc(tally.obligation.title.in_(lang))
        before, after, target = tally.before, tally.after, tally.target
        change = t(lang, "card.tally", name=name, before=before, after=after, target=target)
        if a.status is Status.DRAFT and after < before:
            leaving.append(change)
        elif a.status is Status.CONFIRMED:
            finished = t(lang, "card.finished") if after >= target else ""
            parts.append(f"{name} {after}/{target}{finished}")
        elif before == after:
            parts.append(t(lang, "card.unchanged", name=name, done=after, target=target))
        elif before >= target and after > before:
            parts.append(t(lang, "card.already_done", name=name, done=before, target=target))
        else:
            parts.append(change)
    lines = [t(lang, "card.counts", titles=joiner.join(parts))] if parts else []
    if leaving:
        lines.append(t(lang, "card.leaves", titles=joiner.join(leaving)))
    for ob in card.plan.obligations:
        if ob.is_rule and ob.kind == a.kind:
            wanted = next(iter(ob.attribute.values()), None)
            spec = card.plan.kinds[a.kind].attribute
            value = a.attributes.get(spec.name) if spec else None
            if value is not None and value != wanted:
                lines.append(t(lang, "card.rule_broken", rule=esc(ob.title.in_(lang))))
            elif value == wanted:
                lines.append(t(lang, "card.counts", titles=esc(ob.title.in_(lang))))
    return lines or [t(lang, "card.counts_none")]


def _card_buttons(card: Card, lang: str) -> tuple[tuple[Button, ...], ...]:
    a = card.activity

    def b(key: str, action: str, arg: str | None = None) -> Button:
        return Button(t(lang, key), callbacks.make("d", action, a.id, arg))

    if card.problem is not None:
        return ((b("button.change_date", "date"), b("button.cancel", "x")),)
    rows: list[tuple[Button, ...]] = [
        (b("button.confirm", "ok"), b("button.change_kind", "kind")),
        (b("button.change_date", "date"), b("button.cancel", "x")),
    ]
    if card.logger.is_admin and not a.replaces_id:
        rows.append((b("button.for_someone", "who"),))
    return tuple(rows)


def kind_picker_view(screen: KindPicker, lang: str, today: dt.date) -> View:
    plan, card = screen.plan, screen.card
    if card is None:
        buttons = [
            Button(kind_label(plan, k, lang), callbacks.make("l", "k", arg=k)) for k in screen.kinds
        ]
        return View(t(lang, "log.start"), _rows(buttons, 2))
    buttons = [
        Button(kind_label(plan, k, lang), callbacks.make("d", "k", card.activity.id, k))
        for k in screen.kinds
    ]
    buttons.append(Button(t(lang, "button.cancel"), callbacks.make("d", "x", card.activity.id)))
    a = card.activity
    if card.needs_kind and a.attributes.get("_ask_day"):  # the day is asked for on the card
        text = t(lang, "pick.kind")
    elif card.needs_kind:
        day = format_day(a.happened_on, lang, weekday=True)
        text = t(lang, "pick.kind_dated", day=day)
    else:
        text = t(lang, "pick.kind")
    return View(text, _rows(buttons, 2))


def date_picker_view(screen: DatePicker, lang: str) -> View:
    """Quick choices, then a month calendar; days after today cannot be chosen."""
    card, today, month = screen.card, screen.today, screen.month

    def pick(day: dt.date) -> str:
        arg = day.strftime("%Y%m%d")
        if card is None:
            return callbacks.make("l", "d", arg=f"{screen.kind}:{arg}")
        return callbacks.make("d", "day", card.activity.id, arg)

    def turn(to: dt.date) -> str:
        arg = to.strftime("%Y%m")
        if card is None:
            return callbacks.make("l", "c", arg=f"{screen.kind}:{arg}")
        return callbacks.make("d", "cal", card.activity.id, arg)

    quick = tuple(
        Button(t(lang, key), pick(today - dt.timedelta(days=back)))
        for key, back in (("button.today", 0), ("button.yesterday", 1), ("button.day_before", 2))
    )
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    heading = t(
        lang,
        "pick.month",
        year=month.year,
        month=month.month,
        month_name=EN_MONTHS[month.month - 1],
    )
    nav = [Button("‹", turn(previous)), Button(heading, callbacks.make("n", "noop"))]
    nav.append(
        Button("›", turn(following))
        if following <= today
        else Button(" ", callbacks.make("n", "noop"))
    )
    weeks = []
    for week in calendar.Calendar().monthdatescalendar(month.year, month.month):
        weeks.append(
            tuple(
                Button(str(day.day), pick(day))
                if day.month == month.month and day <= today
                else Button(" ", callbacks.make("n", "noop"))
                for day in week
            )
        )
    rows: list[tuple[Button, ...]] = [quick, tuple(nav), *weeks]
    if card is not None:
        rows.append(
            (Button(t(lang, "button.back"), callbacks.make("d", "back", card.activity.id)),)
        )
    return View(
        t(lang, "pick.date", kind=esc(kind_label(screen.plan, screen.kind, lang))), tuple(rows)
    )


def attribute_picker_view(screen: AttributePicker, lang: str) -> View:
    card = screen.card
    spec = card.plan.kinds[card.activity.kind].attribute
    assert spec is not None
    buttons = [
        Button(value.label.in_(lang), callbacks.make("d", "a", card.activity.id, name))
        for name, value in spec.values.items()
    ]
    buttons.append(Button(t(lang, "button.cancel"), callbacks.make("d", "x", card.activity.id)))
    name = spec.label.in_(lang) if spec.label else spec.name
    return View(t(lang, "pick.attribute", name=esc(name)), _rows(buttons, 2))


def person_picker_view(screen: PersonPicker, lang: str) -> View:
    card = screen.card
    buttons = [
        Button(p.name, callbacks.make("d", "m", card.activity.id, str(p.id))) for p in screen.people
    ]
    buttons.append(Button(t(lang, "button.back"), callbacks.make("d", "back", card.activity.id)))
    return View(t(lang, "pick.person"), _rows(buttons, 3))


def duplicate_view(screen: DuplicateScreen, lang: str) -> View:
    card = screen.card
    lines = "\n".join(
        f"· {format_day(a.happened_on, lang)} {esc(kind_label(card.plan, a.kind, lang))}"
        f"（{esc(name)}）"
        for a, name in card.duplicates
    )
    a = card.activity
    return View(
        t(lang, "duplicate", lines=lines),
        (
            (
                Button(t(lang, "button.record_anyway"), callbacks.make("d", "dup", a.id)),
                Button(t(lang, "button.cancel"), callbacks.make("d", "x", a.id)),
            ),
        ),
    )


def batch_view(first_id: int, count: int, lang: str, skipped: tuple[str, ...] = ()) -> View:
    lines = []
    if skipped:
        lines.append(t(lang, "batch.skipped", count=len(skipped)))
        lines.extend(f"· {esc(line)}" for line in skipped)
    lines.append(t(lang, "batch", count=count))  # last: its "或：" leads to the buttons
    return View(
        "\n".join(lines),
        (
            (
                Button(t(lang, "button.confirm_all"), callbacks.make("g", "ok", first_id)),
                Button(t(lang, "button.cancel_all"), callbacks.make("g", "x", first_id)),
            ),
        ),
    )


def batch_done_view(done: BatchDone, lang: str) -> View:
    parts = [t(lang, "batch.confirmed", count=done.confirmed)]
    if done.duplicates:
        parts.append(t(lang, "batch.duplicates", count=done.duplicates))
    if done.waiting:
        parts.append(t(lang, "batch.waiting", count=done.waiting))
    if done.cancelled:
        parts.append(t(lang, "batch.cancelled", count=done.cancelled))
    return View(t(lang, "batch.joiner").join(parts) + t(lang, "batch.end"))


def _record_line(a: Activity, plan: Plan, lang: str, n: int) -> str:
    extra = f" 📎{a.attachments}" if a.attachments else ""
    return t(
        lang,
        "history.line",
        n=n,
        day=format_day(a.happened_on, lang),
        kind=esc(kind_label(plan, a.kind, lang)),
        extra=extra,
    )


def history_view(screen: HistoryScreen, lang: str) -> View:
    if not screen.activities:
        return View(t(lang, "history.empty"))
    lines = [t(lang, "history.title")]
    rows = []
    for n, a in enumerate(screen.activities, 1):
        lines.append(_record_line(a, screen.plan, lang, n))
        rows.append(
            (
                Button(t(lang, "button.edit", n=n), callbacks.make("h", "edit", a.id)),
                Button(t(lang, "button.delete", n=n), callbacks.make("h", "del", a.id)),
            )
        )
    flat = [b for row in rows for b in row]
    return View("\n".join(lines), _rows(flat, 4))


def delete_confirm_view(screen: DeleteConfirm, lang: str) -> View:
    a = screen.activity
    text = t(
        lang,
        "history.delete_confirm",
        day=format_day(a.happened_on, lang),
        kind=esc(kind_label(screen.plan, a.kind, lang)),
    )
    return View(
        text,
        (
            (
                Button(t(lang, "button.delete_yes"), callbacks.make("h", "delok", a.id)),
                Button(t(lang, "button.keep"), callbacks.make("h", "keep", a.id)),
            ),
        ),
    )


def undone_view(screen: Undone, lang: str) -> View:
    a = screen.activity
    text = t(
        lang,
        "undo.done",
        day=format_day(a.happened_on, lang),
        kind=esc(kind_label(screen.plan, a.kind, lang)),
    )
    return View(text, ((Button(t(lang, "button.restore"), callbacks.make("h", "restore", a.id)),),))


def hint_view(hint: Hint, lang: str, *, private: bool) -> View:
    """Why no card: and for a plan with its day, in a private chat, the offer of a reminder."""
    text = t(lang, f"hint.{hint.reason}")
    if hint.remind is None or not private:
        return View(text)
    kind, day = hint.remind
    button = Button(
        t(lang, "button.remind_plan", day=format_day(day, lang)),
        callbacks.make("l", "rm", arg=f"{kind}:{day:%Y%m%d}"),
    )
    return View(text, ((button,),))


def reminded_view(screen: Reminded, lang: str) -> View:
    what = screen.plan.kinds[screen.kind].label.in_(lang)
    return View(
        t(
            lang,
            "plan.remind_set",
            day=format_day(screen.day, lang),
            what=esc(what),
            hour=screen.hour,
        )
    )


def notice_text(notice: Notice, lang: str) -> str:
    return t(lang, notice.key, **{k: esc(v) for k, v in notice.fields.items()})

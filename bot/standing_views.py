"""How progress looks in the chat: one line per obligation, a small bar, the detail behind a
button. Pure functions from `bot.standing` results to views."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from bot import callbacks
from bot.core.formatting import format_day, names_list
from bot.core.plan import Plan, Scope
from bot.core.progress import Progress, Status, by_urgency
from bot.i18n import t
from bot.standing import MemberStanding, OutsidePlans, UnitStanding
from bot.views import Button, View, esc

MARK = {
    Status.DONE: "✅",
    Status.ON_TRACK: "⬜",
    Status.BEHIND: "🔸",
    Status.OVERDUE: "❗",
    Status.NOT_YET_OPEN: "⏳",
}
BAR_CELLS = 10
SOON = dt.timedelta(days=30)
ROLE_ORDER = ("secretary", "deputy", "dept_head")


def bar(done: int, target: int) -> str:
    """▓▓░░ with one cell per unit up to ten cells."""
    cells = min(target, BAR_CELLS)
    filled = min(cells, round(cells * done / target)) if target else 0
    return "▓" * filled + "░" * (cells - filled)


def line(p: Progress, lang: str, *, with_bar: bool = True) -> str:
    """One obligation on one line: mark, name, bar, done/target, and what to know."""
    name = esc(p.obligation.name(lang))
    if p.obligation.is_rule:
        if p.breaches:
            return f"{MARK[p.status]} {name}：" + t(lang, "progress.rule_broken", count=p.breaches)
        key = "progress.rule_kept" if p.done else "progress.rule_none"
        return f"{MARK[p.status]} {name}：" + t(lang, key, count=p.done)
    target = p.target or 1
    figure = f"{p.done}/{target}"
    if with_bar and target > 1:
        figure = f"{bar(p.done, target)} {figure}"
    text = f"{MARK[p.status]} {name} {figure}"
    if p.status is Status.NOT_YET_OPEN:
        text += t(lang, "progress.opens", day=format_day(p.opens, lang))
    elif p.status is Status.BEHIND and p.expected is not None:
        gap = p.expected - p.done
        text += t(
            lang, "progress.behind_slightly" if gap <= 1 else "progress.behind", expected=p.expected
        )
    elif p.status is Status.OVERDUE:
        text += t(lang, "progress.overdue", day=format_day(p.due, lang))
    elif p.status is Status.ON_TRACK and not _whole_year(p):
        text += t(lang, "progress.due", day=format_day(p.due, lang))
    if p.missing:
        text += t(lang, "progress.missing", names="、".join(esc(n) for n in p.missing))
    return text


def _whole_year(p: Progress) -> bool:
    return (p.opens.month, p.opens.day, p.due.month, p.due.day) == (1, 1, 12, 31)


def outside_view(outside: OutsidePlans, lang: str) -> View:
    years = "、".join(str(y) for y in outside.years)
    return View(t(lang, "outside_plan", day=format_day(outside.day, lang, year=True), years=years))


def _unit_summary(unit: tuple[Progress, ...], on: dt.date) -> list[Progress]:
    """The unit counters worth a line in a personal view: behind, overdue, or closing soon."""
    picked = [
        p
        for p in unit
        if p.status in (Status.BEHIND, Status.OVERDUE)
        or (p.status is Status.ON_TRACK and p.due - on <= SOON)
    ]
    return by_urgency(picked)[:3]


def remaining_view(standing: MemberStanding, lang: str) -> View:
    """/remaining: the member's own obligations, then a line on the unit."""
    lines = [t(lang, "remaining.title", day=format_day(standing.on, lang))]
    if standing.mine:
        lines += [line(p, lang) for p in standing.mine]
    else:
        lines.append(t(lang, "remaining.none"))
    summary = _unit_summary(standing.unit, standing.on)
    if summary:
        lines.append(
            t(lang, "remaining.unit")
            + ("；" if lang != "en" else "; ").join(line(p, lang).split(" ", 1)[1] for p in summary)
        )
    else:
        done = sum(p.status is Status.DONE for p in standing.unit)
        lines.append(t(lang, "remaining.unit_quiet", done=done, total=len(standing.unit)))
    return View(
        "\n".join(lines), ((Button(t(lang, "button.details"), callbacks.make("p", "me")),),)
    )


def remaining_detail_view(standing: MemberStanding, lang: str) -> View:
    """The detail behind /remaining: each obligation with its wording, window and records."""
    lines = [t(lang, "remaining.detail_title", day=format_day(standing.on, lang))]
    for p in standing.mine:
        lines.append(line(p, lang))
        lines.append(_detail(p, standing.plan, lang))
    lines.append(t(lang, "progress.unit_heading"))
    lines += [line(p, lang) for p in by_urgency(standing.unit)]
    return View("\n".join(lines), ((Button(t(lang, "button.back"), callbacks.make("p", "back")),),))


def _detail(p: Progress, plan: Plan, lang: str) -> str:
    window = plan.windows[p.obligation.window]
    clause = t(lang, "progress.clause", clause="、".join(map(str, p.obligation.clause)))
    span = t(
        lang,
        "progress.window",
        label=esc(window.label.in_(lang)),
        start=format_day(window.start, lang),
        end=format_day(window.end, lang),
    )
    days = "、".join(format_day(f.day, lang) for f in p.counted[:6])
    records = t(lang, "progress.records", days=days) if days else t(lang, "progress.no_records")
    return f"   {clause} · {span} · {records}"


def progress_view(standing: UnitStanding, lang: str, *, group: bool = False) -> View:
    """/progress: the unit's obligations and a line per role on personal obligations."""
    plan, on = standing.plan, standing.on
    unit = standing.unit
    done = sum(p.status is Status.DONE for p in unit)
    waiting = sum(p.status is Status.NOT_YET_OPEN for p in unit)
    overdue = sum(p.status is Status.OVERDUE for p in unit)
    lines = [
        t(
            lang,
            "progress.title",
            year=plan.year,
            title=esc(plan.title.in_(lang)),
            day=format_day(on, lang),
        ),
        t(
            lang,
            "progress.unit_count",
            total=len(unit),
            done=done,
            open=len(unit) - done - waiting - overdue,
            waiting=waiting,
        )
        + (t(lang, "progress.unit_overdue", overdue=overdue) if overdue else ""),
    ]
    quiet = [p for p in unit if _quiet(p)]
    lines += [
        line(p, lang) for p in by_urgency(unit) if p.status is not Status.DONE and p not in quiet
    ]
    if quiet:
        names = "、".join(esc(p.obligation.name(lang)) for p in quiet)
        lines.append(t(lang, "progress.quiet_list", names=names))
    if done:
        names = "、".join(esc(p.obligation.name(lang)) for p in unit if p.status is Status.DONE)
        lines.append(t(lang, "progress.done_list", names=names))
    if group:
        return View("\n".join(lines))
    roles = _per_role(standing, plan, lang)
    if roles:
        lines.append(t(lang, "progress.people", roles=roles))
    rows = ((Button(t(lang, "button.by_person"), callbacks.make("p", "people")),),)
    return View("\n".join(lines), rows if standing.people else ())


def _quiet(p: Progress) -> bool:
    """A single on-track whole-year duty with nothing done: one name in a shared line."""
    return (
        p.status is Status.ON_TRACK
        and (p.target or 0) == 1
        and p.done == 0
        and _whole_year(p)
        and not p.obligation.is_rule
    )


def _lead_role(roles: frozenset[str]) -> str | None:
    return next((r for r in ROLE_ORDER if r in roles), None)


def _per_role(standing: UnitStanding, plan: Plan, lang: str) -> str:
    done: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for p in standing.people:
        role = _lead_role(p.holder.roles) if p.holder else None
        if role is None:
            continue
        total[role] += 1
        done[role] += p.status is Status.DONE
    joiner = "，" if lang != "en" else ", "
    return joiner.join(
        f"{esc(plan.role_label(r, lang))} {done[r]}/{total[r]}" for r in ROLE_ORDER if total[r]
    )


def people_view(standing: UnitStanding, lang: str) -> View:
    """Per personal obligation: who has done it and who has not yet."""
    lines = [t(lang, "progress.people_title", day=format_day(standing.on, lang))]
    grouped: dict[str, list[Progress]] = defaultdict(list)
    for p in standing.people:
        grouped[p.obligation.id].append(p)
    for ob in standing.plan.obligations:
        if ob.scope is not Scope.EACH or ob.id not in grouped:
            continue
        items = grouped[ob.id]
        finished = [esc(p.holder.name) for p in items if p.holder and p.status is Status.DONE]
        pending = [esc(p.holder.name) for p in items if p.holder and p.status is not Status.DONE]
        text = f"{esc(ob.name(lang))}："
        if finished:
            text += t(lang, "progress.who_done", names=names_list(finished, lang))
        if pending:
            text += t(lang, "progress.who_pending", names=names_list(pending, lang))
        lines.append(text)
    return View("\n".join(lines), ((Button(t(lang, "button.back"), callbacks.make("p", "unit")),),))

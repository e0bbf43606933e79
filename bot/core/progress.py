"""Progress against the plan: a pure function of (plan, roster, records, day).

Rules (DESIGN.md, to the plan's letter):
- a unit obligation is fed by anyone's records; an `each` obligation, per holder of its roles,
  by the holder's own records (or those logged for them);
- the kind and the obligation's attribute must match;
- a record counts only inside the obligation's window (plus the window's grace days), so
  records of another year never count;
- with `supervised_only`, a talk that names people counts only if one of them heads a
  department the holder supervises; with `per_counterpart`, the target is one talk with each
  counterpart (a talk naming nobody covers them all);
- a rule obligation ("every 三重一大 meeting has the inspectors present") lists the records that
  break it;
- pacing: expected by day d is target × elapsed share of the window (linear) or of its months
  (monthly); `behind` when done < ⌊expected⌋.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.core.people import Member
from bot.core.plan import Obligation, Pacing, Plan, Scope, Window


class Status(StrEnum):
    OVERDUE = "overdue"
    BEHIND = "behind"
    ON_TRACK = "on_track"
    NOT_YET_OPEN = "not_yet_open"
    DONE = "done"


URGENCY = {
    Status.OVERDUE: 0,
    Status.BEHIND: 1,
    Status.ON_TRACK: 2,
    Status.NOT_YET_OPEN: 3,
    Status.DONE: 4,
}


@dataclass(frozen=True)
class Fact:
    """A confirmed record as the calculator needs it; `count` > 1 stands for several alike
    records (same kind, attribute and day), as storage hands unit tallies over."""

    kind: str
    day: dt.date
    attribute: str | None = None
    member_id: int | None = None
    count: int = 1
    activity_id: int | None = None
    text: str = ""
    days: int | None = None  # for a tally of several records: on how many distinct days
    sample: bool = False  # named only (a rule's breaches); its count is in a tally beside it


@dataclass(frozen=True)
class Progress:
    """Where one obligation stands, for one holder (or the unit) on one day."""

    obligation: Obligation
    holder: Member | None
    done: int
    target: int | None
    due: dt.date
    opens: dt.date
    status: Status
    expected: int | None = None
    counted: tuple[Fact, ...] = ()
    violations: tuple[Fact, ...] = ()
    missing: tuple[str, ...] = ()  # per_counterpart: the counterparts not yet talked with
    breaches: int = 0  # a rule: how many records break it (`violations` names some of them)

    @property
    def remaining(self) -> int:
        if self.target is None:
            return self.breaches
        return max(0, self.target - self.done)


@dataclass(frozen=True)
class Tally:
    """What confirming a record does to one obligation's count: before and after."""

    obligation: Obligation
    before: int
    after: int
    target: int


def with_record(
    facts: Iterable[Fact], added: Fact | None = None, removed: Fact | None = None
) -> list[Fact]:
    """The facts as they will be once `removed` no longer counts and `added` does.

    A removed record is taken out by its id; one counted inside a tally of several records is
    taken off that tally by a fact of count -1 on its own day.
    """
    result = list(facts)
    if removed is not None:
        kept = [
            f
            for f in result
            if f.sample or f.activity_id is None or f.activity_id != removed.activity_id
        ]
        if len(kept) == len(result):
            kept.append(replace(removed, count=-1, days=-1, activity_id=None, text=""))
        result = kept
    if added is not None:
        result.append(added)
    return result


def counts_in(
    plan: Plan, ob: Obligation, holder: Member | None, fact: Fact, roster: Sequence[Member] = ()
) -> bool:
    """Whether this record is one the obligation counts (kind, attribute, holder, window)."""
    return bool(_relevant(plan, ob, holder, [fact], roster))


def holders(obligation: Obligation, roster: Iterable[Member]) -> list[Member]:
    """The active members who hold one of the obligation's roles."""
    return [m for m in roster if m.active and m.roles & set(obligation.roles)]


def attribute_of(plan: Plan, obligation: Obligation) -> str | None:
    spec = plan.kinds[obligation.kind].attribute if obligation.kind in plan.kinds else None
    return obligation.attribute.get(spec.name) if spec is not None else None


def in_window(plan: Plan, window: Window, day: dt.date) -> bool:
    """Inside the window, or in its grace days; never in another year otherwise."""
    if window.start <= day <= window.end:
        return day.year == plan.year
    return window.end < day <= window.accepts_until()


def _names_in(text: str, roster: Sequence[Member]) -> list[Member]:
    return [m for m in roster if m.name and m.name in text]


def _counterparts(
    plan: Plan, ob: Obligation, holder: Member | None, roster: Sequence[Member]
) -> list[Member]:
    """The people an obligation's talks are with, when it is one talk with each of them."""
    value = attribute_of(plan, ob)
    people = [m for m in roster if m.active and (holder is None or m.id != holder.id)]
    if value == "leaders":
        return [m for m in people if m.roles & {"secretary", "deputy"}]
    if value == "dept_heads":
        heads = [m for m in people if "dept_head" in m.roles]
        if ob.supervised_only and holder is not None:
            heads = [m for m in heads if m.department in holder.supervises]
        return heads
    return []


def _relevant(
    plan: Plan,
    ob: Obligation,
    holder: Member | None,
    facts: Iterable[Fact],
    roster: Sequence[Member],
) -> list[Fact]:
    window = plan.windows[ob.window]
    wanted = attribute_of(plan, ob)
    found = []
    for fact in facts:
        if fact.kind != ob.kind or not in_window(plan, window, fact.day):
            continue
        if ob.scope is Scope.EACH and (holder is None or fact.member_id != holder.id):
            continue
        if not ob.is_rule and wanted is not None and fact.attribute != wanted:
            continue
        if ob.supervised_only and holder is not None and fact.text:
            named = _names_in(fact.text, roster)
            if named and not any(
                m.department in holder.supervises and "dept_head" in m.roles for m in named
            ):
                continue
        found.append(fact)
    return found


def expected_by(ob: Obligation, window: Window, today: dt.date) -> int | None:
    """How many should be done by `today` under the obligation's pacing (None: no pacing)."""
    if ob.pacing is Pacing.NONE or ob.target is None:
        return None
    if today < window.start:
        return 0
    if today >= window.end:
        return ob.target
    if ob.pacing is Pacing.MONTHLY:
        months = (
            (window.end.year - window.start.year) * 12 + window.end.month - window.start.month + 1
        )
        elapsed = (today.year - window.start.year) * 12 + today.month - window.start.month + 1
        return math.floor(ob.target * elapsed / months)
    days = (window.end - window.start).days + 1
    elapsed_days = (today - window.start).days + 1
    return math.floor(ob.target * elapsed_days / days)


def progress_of(
    plan: Plan,
    ob: Obligation,
    holder: Member | None,
    facts: Iterable[Fact],
    today: dt.date,
    roster: Sequence[Member] = (),
) -> Progress:
    """Where one obligation stands for one holder (None for a unit obligation).

    Args:
        plan: the plan the obligation belongs to.
        ob: the obligation.
        holder: the role holder for an `each` obligation, None for a unit one.
        facts: confirmed records (any may be irrelevant; they are filtered here).
        today: the day to judge on.
        roster: the people, for counterparts and named people in a record's text.

    Returns:
        The progress, with the records counted.
    """
    window = plan.windows[ob.window]
    relevant = _relevant(plan, ob, holder, facts, roster)
    opens, due = window.start, window.end
    if ob.is_rule:
        return _rule_progress(plan, ob, holder, relevant, today)
    missing: tuple[str, ...] = ()
    target = ob.target or 1
    if ob.per_counterpart:
        pool = _counterparts(plan, ob, holder, roster)
        if pool:
            covered: set[int] = set()
            for fact in relevant:
                if fact.count <= 0:
                    continue
                named = [m.id for m in _names_in(fact.text, pool)]
                covered.update(named or [m.id for m in pool])
            missing = tuple(m.name for m in pool if m.id not in covered)
            target = len(pool)
            done = len(pool) - len(missing)
        else:
            done = sum(f.count for f in relevant)
    elif ob.scope is Scope.UNIT and plan.settings.same_day_unit_events == "count_once":
        done = len({f.day for f in relevant if f.days is None}) + sum(
            f.days for f in relevant if f.days is not None
        )
    else:
        done = sum(f.count for f in relevant)
    expected = expected_by(ob, window, today)
    if done >= target:
        status = Status.DONE
    elif today < opens:
        status = Status.NOT_YET_OPEN
    elif today > due:
        status = Status.OVERDUE
    elif expected is not None and done < expected:
        status = Status.BEHIND
    else:
        status = Status.ON_TRACK
    return Progress(
        ob, holder, done, target, due, opens, status, expected, tuple(relevant), missing=missing
    )


def _rule_progress(
    plan: Plan, ob: Obligation, holder: Member | None, relevant: list[Fact], today: dt.date
) -> Progress:
    window = plan.windows[ob.window]
    wanted = attribute_of(plan, ob)
    counted = [f for f in relevant if not f.sample]
    kept = tuple(f for f in counted if f.attribute == wanted)
    breaches = sum(f.count for f in counted if f.attribute != wanted)
    samples = tuple(f for f in relevant if f.sample)
    broken = samples or tuple(f for f in counted if f.attribute != wanted)
    if breaches:
        status = Status.BEHIND
    elif today < window.start:
        status = Status.NOT_YET_OPEN
    elif today > window.end:
        status = Status.DONE
    else:
        status = Status.ON_TRACK
    return Progress(
        ob,
        holder,
        sum(f.count for f in kept),
        None,
        window.end,
        window.start,
        status,
        None,
        kept,
        broken,
        breaches=breaches,
    )


def _consume(
    plan: Plan,
    obligations: Sequence[tuple[Obligation, Member | None]],
    facts: Sequence[Fact],
    roster: Sequence[Member],
) -> dict[int, list[Fact]]:
    """With one_record_many_obligations off: each record feeds only the first obligation (in
    plan order) that it matches."""
    taken: set[int] = set()
    shares: dict[int, list[Fact]] = {}
    for index, (ob, holder) in enumerate(obligations):
        mine = [f for f in _relevant(plan, ob, holder, facts, roster) if id(f) not in taken]
        shares[index] = mine
        taken.update(id(f) for f in mine)
    return shares


def _evaluate(
    plan: Plan,
    pairs: list[tuple[Obligation, Member | None]],
    facts: Sequence[Fact],
    today: dt.date,
    roster: Sequence[Member],
) -> list[Progress]:
    if plan.settings.one_record_many_obligations:
        # Each pair reads only the records of its kind (and, for a holder, the holder's own):
        # the same records `_relevant` would keep, found once instead of once per pair.
        of_kind: dict[str, list[Fact]] = {}
        of_holder: dict[tuple[str, int | None], list[Fact]] = {}
        for fact in facts:
            of_kind.setdefault(fact.kind, []).append(fact)
            of_holder.setdefault((fact.kind, fact.member_id), []).append(fact)
        return [
            progress_of(
                plan,
                ob,
                h,
                of_holder.get((ob.kind, h.id), [])
                if ob.scope is Scope.EACH and h is not None
                else of_kind.get(ob.kind, []),
                today,
                roster,
            )
            for ob, h in pairs
        ]
    everyone = [
        (ob, h)
        for ob in plan.obligations
        for h in ([None] if ob.scope is Scope.UNIT else holders(ob, roster))
    ]
    shares = _consume(plan, everyone, facts, roster)
    index = {(ob.id, h.id if h else None): i for i, (ob, h) in enumerate(everyone)}
    result = []
    for ob, h in pairs:
        share = shares.get(index.get((ob.id, h.id if h else None), -1), [])
        result.append(progress_of(plan, ob, h, share, today, roster))
    return result


def by_urgency(items: Iterable[Progress]) -> list[Progress]:
    """Overdue first, then behind, on track, not yet open, done; sooner due first."""
    return sorted(items, key=lambda p: (URGENCY[p.status], p.due, p.opens))


def member_progress(
    plan: Plan, member: Member, facts: Sequence[Fact], today: dt.date, roster: Sequence[Member] = ()
) -> list[Progress]:
    """The member's own obligations (by role), most urgent first."""
    pairs: list[tuple[Obligation, Member | None]] = [
        (ob, member)
        for ob in plan.obligations
        if ob.scope is Scope.EACH and member.roles & set(ob.roles)
    ]
    return by_urgency(_evaluate(plan, pairs, facts, today, roster or [member]))


def unit_progress(
    plan: Plan, facts: Sequence[Fact], today: dt.date, roster: Sequence[Member] = ()
) -> list[Progress]:
    """The unit obligations, in plan order."""
    pairs: list[tuple[Obligation, Member | None]] = [
        (ob, None) for ob in plan.obligations if ob.scope is Scope.UNIT
    ]
    return _evaluate(plan, pairs, facts, today, roster)


def holder_progress(
    plan: Plan, facts: Sequence[Fact], today: dt.date, roster: Sequence[Member]
) -> list[Progress]:
    """Every `each` obligation for every holder, in plan order."""
    pairs: list[tuple[Obligation, Member | None]] = [
        (ob, h) for ob in plan.obligations if ob.scope is Scope.EACH for h in holders(ob, roster)
    ]
    return _evaluate(plan, pairs, facts, today, roster)

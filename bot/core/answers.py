"""The answer to a question, from the records and the same progress calculator as /remaining
and /progress. Pure: the use case loads the records the question needs (`Needs`) and hands them
over with the day.

Visibility is the chat's: a member sees their own records; a department head their department's;
a deputy those of the departments they supervise; the secretary and the clerk everyone's. A
question about people the asker may not see is answered about the unit (counts, no names) or
refused; in a group no answer names anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.activity import Activity, applies_to, record_fact
from bot.core.people import Member
from bot.core.plan import Obligation, Plan, Scope
from bot.core.progress import Fact, Progress, Status, progress_of
from bot.core.questions import GROUP_ROLES, Intent, Question
from bot.core.visibility import can_see, sees_everyone

SHOWN = 10  # records listed in an answer (the newest); the rest are counted
MOST_READ = 2000  # records read for one answer at most (who of everyone: those who did)
PER_PERSON = 60  # records read per person to judge their duties (a year's of the kinds asked)


@dataclass(frozen=True)
class Needs:
    """What to load for a question: whose records (None: everyone's), of which kinds (None:
    any), between which days, and how many of the newest."""

    people: tuple[Member, ...] | None
    kinds: tuple[str, ...] | None
    start: dt.date
    end: dt.date
    limit: int
    refused: bool = False  # the asker may not see whom the question is about
    names: bool = True  # the answer may name people


@dataclass(frozen=True)
class Answer:
    question: Question
    # count | done | who | last | records | due | remaining | remaining_view (the /remaining
    # view) | other | refused
    shape: str
    progress: tuple[Progress, ...] = ()
    records: tuple[Activity, ...] = ()
    total: int = 0  # how many records in all (`records` holds the newest of them)
    done: tuple[Member, ...] = ()  # who: those who have done it
    pending: tuple[Member, ...] = ()  # who: those who have not
    names: bool = True
    people: tuple[Member, ...] = field(default_factory=tuple)  # whom the answer covers
    next_due: Progress | None = None  # due: nothing in the period, this is the next one


def asked_obligations(plan: Plan, question: Question) -> list[Obligation]:
    """The duties of the kinds asked about (and of the talk's counterpart, when one is named)."""
    found = [ob for ob in plan.obligations if ob.kind in question.kinds]
    if question.attribute is not None:
        name, value = question.attribute
        narrowed = [ob for ob in found if ob.attribute.get(name) in (None, value)]
        found = narrowed or found
    return found


def people_asked(
    question: Question, asker: Member, roster: Sequence[Member]
) -> tuple[list[Member] | None, bool]:
    """Whom the question covers (None: the unit) and whether the asker may see them by name."""
    active = [m for m in roster if m.active]
    subject = question.subject
    if subject.kind == "me":
        return [asker], True
    if subject.kind == "person" and subject.member is not None:
        return [subject.member], can_see(asker, subject.member)
    if subject.kind == "department":
        members = [m for m in active if m.department == subject.department]
        return members, all(can_see(asker, m) for m in members)
    if subject.kind == "group" and subject.group:
        roles = GROUP_ROLES[subject.group]
        holders = [m for m in active if m.roles & roles]
        return holders, all(can_see(asker, m) for m in holders)
    if question.intent is Intent.WHO:
        return active, sees_everyone(asker)
    return None, sees_everyone(asker)  # the office: named records for those who see everyone


def needs(
    question: Question, plan: Plan, asker: Member, roster: Sequence[Member], *, private: bool
) -> Needs:
    """What records answer the question, within what the asker may see."""
    people, visible = people_asked(question, asker, roster)
    start, end = question.period.start, question.period.end
    if question.intent in (Intent.COUNT, Intent.DONE_CHECK, Intent.WHO, Intent.REMAINING):
        start, end = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)  # progress: the year
        if question.period.name not in ("year", "before"):
            start, end = question.period.start, question.period.end
    if question.intent is Intent.DUE:
        start, end = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    kinds: tuple[str, ...] | None = question.kinds or None
    if question.intent in (Intent.DUE, Intent.REMAINING) and not question.kinds:
        kinds = tuple(plan.kinds)
    names = private and visible
    single = people is not None and len(people) == 1
    if not visible and single:  # one person the asker may not see: nothing about them
        return Needs((), kinds, start, end, 0, refused=True, names=False)
    if question.intent in (Intent.DUE, Intent.REMAINING) and people is None:
        people = [asker]  # the unit's duties come from its tallies; the asker's own from theirs
    # the unit: its duties from its tallies, a few records only shown
    limit = {Intent.LAST: 1, Intent.RECORDS: SHOWN}.get(
        question.intent, 3 if people is None else PER_PERSON * len(people)
    )
    limit = min(limit, MOST_READ)
    return Needs(
        tuple(people) if people is not None else None, kinds, start, end, limit, names=names
    )


def compose(
    question: Question,
    plan: Plan,
    asker: Member,
    roster: Sequence[Member],
    wanted: Needs,
    records: Sequence[Activity],
    total: int,
    unit_facts: Sequence[Fact],
    today: dt.date,
    done_ids: frozenset[int] | None = None,
) -> Answer:
    """The answer, from the records `wanted` asked for (newest first, `total` in all), the
    unit's tallies (for the unit's duties) and, for "who" of everyone, who has a record."""
    if wanted.refused:
        return Answer(question, "refused", names=False)
    if question.intent is Intent.OTHER:
        return Answer(question, "other")
    people = list(wanted.people) if wanted.people is not None else None
    facts = [record_fact(a) for a in records]
    obligations = asked_obligations(plan, question)
    if question.intent is Intent.LAST:
        return Answer(question, "last", records=tuple(records[:1]), total=total, names=wanted.names)
    if question.intent is Intent.RECORDS:
        return Answer(question, "records", records=tuple(records), total=total, names=wanted.names)
    if (
        question.intent is Intent.REMAINING
        and question.subject.kind == "me"
        and not question.kinds
        and question.period.name == "year"
    ):  # 我还欠哪些: the /remaining view itself, one source of truth
        return Answer(question, "remaining_view")
    if question.intent in (Intent.DUE, Intent.REMAINING):
        standing = _standing(
            plan, plan.obligations, people, asker, facts, unit_facts, roster, today
        )
        wanted_kinds = set(question.kinds) or set(plan.kinds)
        open_items = [
            p
            for p in standing
            if p.status is not Status.DONE
            and p.obligation.kind in wanted_kinds
            and (p.target is not None or p.breaches)  # (a rule kept is nothing to do)
            and (p.holder is not None or question.subject.kind in ("unit", "me"))
        ]
        open_items.sort(key=lambda p: (p.due, p.opens))
        following = None
        if question.intent is Intent.DUE:
            later = [p for p in open_items if p.due > question.period.end]
            open_items = [p for p in open_items if p.due <= question.period.end]
            following = later[0] if later and not open_items else None
        return Answer(
            question,
            question.intent.value,
            progress=tuple(open_items),
            names=wanted.names,
            next_due=following,
        )
    group = people is not None and (
        question.subject.kind in ("group", "department") or question.intent is Intent.WHO
    )
    if group and people is not None:
        return _who(
            done_ids or frozenset(),
            question,
            plan,
            people,
            obligations,
            facts,
            records,
            total,
            unit_facts,
            roster,
            today,
            wanted.names,
        )
    standing = _standing(plan, obligations, people, asker, facts, unit_facts, roster, today)
    shape = "count" if question.intent is Intent.COUNT else "done"
    return Answer(
        question,
        shape,
        progress=tuple(standing),
        records=tuple(records[:3]),
        total=total,
        names=wanted.names,
        people=tuple(people or ()),
    )


def _standing(
    plan: Plan,
    obligations: Sequence[Obligation],
    people: list[Member] | None,
    asker: Member,
    facts: Sequence[Fact],
    unit_facts: Sequence[Fact],
    roster: Sequence[Member],
    today: dt.date,
) -> list[Progress]:
    """Where each duty stands: the unit's, and each person's own (a question about the unit:
    the asker's own too, as /remaining shows them)."""
    result = []
    holders = people if people is not None else [asker]
    for ob in obligations:
        if ob.scope is Scope.UNIT:
            if people is None or len(people) != 1 or people[0].id == asker.id:
                result.append(progress_of(plan, ob, None, unit_facts, today, roster))
            continue
        for member in holders:
            if applies_to(ob, member):
                mine = [f for f in facts if f.member_id == member.id]
                result.append(progress_of(plan, ob, member, mine, today, roster))
    return result


def _who(
    done_ids: frozenset[int],
    question: Question,
    plan: Plan,
    people: list[Member],
    obligations: Sequence[Obligation],
    facts: Sequence[Fact],
    records: Sequence[Activity],
    total: int,
    unit_facts: Sequence[Fact],
    roster: Sequence[Member],
    today: dt.date,
    names: bool,
) -> Answer:
    """Who of these people has done it (by their duty where they have one, else by whether
    they recorded it at all) and who has not."""
    each = [ob for ob in obligations if ob.scope is Scope.EACH]
    done: list[Member] = []
    pending: list[Member] = []
    progress: list[Progress] = []
    by_member: dict[int | None, list[Fact]] = {}
    for fact in facts:
        by_member.setdefault(fact.member_id, []).append(fact)
    for member in people:
        own = [ob for ob in each if applies_to(ob, member)]
        mine = by_member.get(member.id, [])
        if own:
            standing = [progress_of(plan, ob, member, mine, today, roster) for ob in own]
            progress += standing
            (done if all(p.status is Status.DONE for p in standing) else pending).append(member)
        elif mine or member.id in done_ids:
            done.append(member)
    if not each:  # a duty of the unit: who did it; asked who has not, the others
        pending = [m for m in people if m not in done] if question.negative else []
    return Answer(
        question,
        "who",
        progress=tuple(progress),
        records=tuple(records[:3]),
        total=total,
        done=tuple(done),
        pending=tuple(pending),
        names=names,
        people=tuple(people),
    )

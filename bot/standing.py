"""What remains: the progress use cases (member view, unit view), on plain query results."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.activity import Activity, Status, counted_in, record_fact
from bot.core.people import Member
from bot.core.plan import Obligation, Plan, Scope
from bot.core.progress import (
    Fact,
    Progress,
    Tally,
    holder_progress,
    member_progress,
    progress_of,
    unit_progress,
    with_record,
)
from bot.core.visibility import sees_everyone, visible
from storage.progress import CountsVersion, ProgressQueries

if TYPE_CHECKING:
    from bot.services import Services


@dataclass(frozen=True)
class OutsidePlans:
    day: dt.date
    years: tuple[int, ...]


@dataclass(frozen=True)
class MemberStanding:
    member: Member
    plan: Plan
    on: dt.date
    mine: tuple[Progress, ...]
    unit: tuple[Progress, ...]


@dataclass(frozen=True)
class UnitStanding:
    viewer: Member | None
    plan: Plan
    on: dt.date
    unit: tuple[Progress, ...]
    people: tuple[Progress, ...]  # `each` obligations, per holder the viewer may see
    everyone: bool  # the viewer sees the whole office (secretary, clerk, operator)


def year_span(plan: Plan) -> tuple[dt.date, dt.date]:
    """First and last day a record of this plan can have (grace days included)."""
    return dt.date(plan.year, 1, 1), max(w.accepts_until() for w in plan.windows.values())


def kinds_of(obligations: list[Obligation]) -> set[str]:
    return {ob.kind for ob in obligations}


def visible_people(viewer: Member | None, roster: list[Member]) -> tuple[list[Member], bool]:
    """Whose personal obligations the viewer may see (None: an operator, everyone)."""
    if viewer is None or sees_everyone(viewer):
        return roster, True
    return visible(viewer, roster), False


class RecentFacts:
    """Facts read a moment ago, for the cards of drafts: kept `ttl` seconds and forgotten as
    soon as this process commits a change to what counts (another instance's change shows
    within `ttl`). At most `size` entries; the oldest go first."""

    def __init__(
        self, ttl: float = 2.0, size: int = 4096, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.monotonic = monotonic
        self._entries: dict[Hashable, tuple[float, int, list[Fact]]] = {}

    def get(self, key: Hashable) -> list[Fact] | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        read_at, version, facts = entry
        if version != CountsVersion.value or self.monotonic() - read_at > self.ttl:
            del self._entries[key]
            return None
        return facts

    def put(self, key: Hashable, facts: list[Fact]) -> None:
        self._entries.pop(key, None)
        if len(self._entries) >= self.size:
            del self._entries[next(iter(self._entries))]
        self._entries[key] = (self.monotonic(), CountsVersion.value, facts)


class Standing:
    """The progress use cases."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._recent = RecentFacts()

    def plan_on(self, on: dt.date) -> Plan | OutsidePlans:
        plan = self.services.plans.for_day(on)
        if plan is None:
            return OutsidePlans(on, tuple(self.services.plans.years))
        return plan

    async def for_member(
        self, member: Member, on: dt.date | None = None
    ) -> MemberStanding | OutsidePlans:
        """The member's own obligations and the unit's, as of `on` (default: today)."""
        day = on or self.services.clock.now().date()
        plan = self.plan_on(day)
        if isinstance(plan, OutsidePlans):
            return plan
        start, end = year_span(plan)
        own = [
            ob for ob in plan.obligations if ob.scope is Scope.EACH and member.roles & set(ob.roles)
        ]
        unit = [ob for ob in plan.obligations if ob.scope is Scope.UNIT]
        async with self.services.sessions() as session:
            queries = ProgressQueries(session)
            roster = await self.services.people.members()
            if plan.settings.one_record_many_obligations:
                facts = await queries.member_facts(member.id, start, end, kinds_of(own))
                facts += await self._unit_facts(queries, plan, unit, start, end)
            else:
                facts = await queries.records(set(plan.kinds), start, end)
        mine = member_progress(plan, member, facts, day, roster)
        units = unit_progress(plan, facts, day, roster)
        return MemberStanding(member, plan, day, tuple(mine), tuple(units))

    async def _unit_facts(
        self,
        queries: ProgressQueries,
        plan: Plan,
        unit: list[Obligation],
        start: dt.date,
        end: dt.date,
    ) -> list[Fact]:
        return await queries.unit_facts(plan, unit)

    async def for_unit(
        self, viewer: Member | None, on: dt.date | None = None
    ) -> UnitStanding | OutsidePlans:
        """Every unit obligation, and the personal ones of the people the viewer may see."""
        day = on or self.services.clock.now().date()
        plan = self.plan_on(day)
        if isinstance(plan, OutsidePlans):
            return plan
        start, end = year_span(plan)
        unit = [ob for ob in plan.obligations if ob.scope is Scope.UNIT]
        each = [ob for ob in plan.obligations if ob.scope is Scope.EACH]
        async with self.services.sessions() as session:
            queries = ProgressQueries(session)
            roster = await self.services.people.members()
            people, everyone = visible_people(viewer, roster)
            if plan.settings.one_record_many_obligations:
                facts = await self._unit_facts(queries, plan, unit, start, end)
                facts += await queries.records(
                    kinds_of(each), start, end, None if everyone else [m.id for m in people]
                )
            else:
                facts = await queries.records(set(plan.kinds), start, end)
        units = unit_progress(plan, facts, day, roster)
        shown = {m.id for m in people}
        per_person = [
            p
            for p in holder_progress(plan, facts, day, roster)
            if p.holder is not None and p.holder.id in shown
        ]
        return UnitStanding(viewer, plan, day, tuple(units), tuple(per_person), everyone)

    async def tallies(
        self,
        session: AsyncSession,
        member: Member,
        activity: Activity,
        replaced: Activity | None = None,
        *,
        recent: bool = False,
    ) -> list[Tally]:
        """For a card: each obligation the record counts in (or, for an edit, the version it
        replaces counted in), with its count now and once the card is confirmed — computed by
        the calculator itself, so a card never promises a count that will not happen.

        Read in the caller's transaction, so that a record just confirmed is counted; or, with
        `recent` (a draft's card: it changes no count), as read a moment ago."""
        plan = self.services.plans.for_day(activity.happened_on)
        if plan is None or activity.kind not in plan.kinds:
            return []
        roster = await self.services.people.members()
        record = record_fact(activity)
        old = record_fact(replaced) if replaced is not None else None
        obligations = counted_in(plan, activity, member, roster)
        if replaced is not None:  # an edit: also what the version it replaces counted in
            obligations += [
                ob for ob in counted_in(plan, replaced, member, roster) if ob not in obligations
            ]
        if not obligations:
            return []
        today = self.services.clock.now().date()
        start, end = year_span(plan)
        queries = ProgressQueries(session)
        kinds = kinds_of(obligations)
        unit_obligations = [ob for ob in obligations if ob.scope is Scope.UNIT]
        own_key = ("member", member.id, plan.year, tuple(sorted(kinds)))
        unit_key = ("unit", plan.year, tuple(ob.id for ob in unit_obligations))
        own = self._recent.get(own_key) if recent else None
        if own is None:
            own = await queries.member_facts(member.id, start, end, kinds)
            if recent:  # (a read in a transaction that changes counts is not for others)
                self._recent.put(own_key, own)
        unit_facts = self._recent.get(unit_key) if recent else None
        if unit_facts is None:
            unit_facts = await queries.unit_facts(plan, unit_obligations)
            if recent:
                self._recent.put(unit_key, unit_facts)
        draft = activity.status is Status.DRAFT
        result = []
        for ob in obligations:
            holder = None if ob.scope is Scope.UNIT else member
            facts = unit_facts if holder is None else own
            before = progress_of(plan, ob, holder, facts, today, roster)
            after = (
                progress_of(plan, ob, holder, with_record(facts, record, old), today, roster)
                if draft
                else before
            )
            result.append(Tally(ob, before.done, after.done, before.target or 1))
        return result

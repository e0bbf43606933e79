"""What the progress calculator needs, and only that: indexed queries over one plan year.

A member's own records come by (member_id, happened_on); the unit's counters come as tallies
grouped by (kind, attribute, day) through (kind, happened_on), never the whole history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.activity import Status
from bot.core.plan import Obligation, Plan
from bot.core.progress import Fact, attribute_of
from storage.models import ActivityRow

_COUNTED = (ActivityRow.status == Status.CONFIRMED.value, ActivityRow.deleted_at.is_(None))


class ProgressQueries:
    """Each query reads one of the partial indexes on counted records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def counts(
        self, kind: str, attribute: str | None, start: dt.date, end: dt.date
    ) -> tuple[int, int]:
        """How many counted records of a kind (and attribute) between two days, and on how many
        distinct days: an index-only count, however long the history."""
        query = select(func.count(), func.count(func.distinct(ActivityRow.happened_on))).where(
            ActivityRow.kind == kind, ActivityRow.happened_on.between(start, end), *_COUNTED
        )
        if attribute is not None:
            query = query.where(ActivityRow.attribute == attribute)
        row = (await self.session.execute(query)).one()
        return int(row[0]), int(row[1])

    async def unit_facts(self, plan: Plan, obligations: Collection[Obligation]) -> list[Fact]:
        """What the unit obligations need: one tally per count obligation (in its window, with
        its attribute), and the records one by one for a rule (to name those that break it)."""
        facts: list[Fact] = []
        done: set[tuple[str, str | None, dt.date, dt.date]] = set()
        for ob in obligations:
            window = plan.windows[ob.window]
            start, end = window.start, window.accepts_until()
            if ob.is_rule:
                facts += await self.records({ob.kind}, start, end)
                continue
            wanted = attribute_of(plan, ob)
            key = (ob.kind, wanted, start, end)
            if key in done:
                continue
            done.add(key)
            count, days = await self.counts(ob.kind, wanted, start, end)
            if count:
                facts.append(Fact(ob.kind, start, wanted, None, count, days=days))
        return facts

    async def member_facts(
        self, member_id: int, start: dt.date, end: dt.date, kinds: Collection[str]
    ) -> list[Fact]:
        """One member's counted records of these kinds between two days."""
        query = select(
            ActivityRow.id,
            ActivityRow.kind,
            ActivityRow.happened_on,
            ActivityRow.attribute,
            ActivityRow.text,
        ).where(
            ActivityRow.member_id == member_id,
            ActivityRow.happened_on.between(start, end),
            ActivityRow.kind.in_(sorted(kinds)),
            *_COUNTED,
        )
        rows = await self.session.execute(query)
        return [
            Fact(kind, day, attribute, member_id, 1, activity_id, text or "")
            for activity_id, kind, day, attribute, text in rows
        ]

    async def tallies(
        self, kinds: Collection[str], start: dt.date, end: dt.date, *, by_member: bool = False
    ) -> list[Fact]:
        """Counted records of these kinds between two days, tallied by kind, attribute and day
        (and member, when the plan lets a record count toward one obligation only)."""
        where = (
            ActivityRow.kind.in_(sorted(kinds)),
            ActivityRow.happened_on.between(start, end),
            *_COUNTED,
        )
        facts = []
        if by_member:
            query = (
                select(
                    ActivityRow.kind,
                    ActivityRow.attribute,
                    ActivityRow.happened_on,
                    ActivityRow.member_id,
                    func.count(),
                )
                .where(*where)
                .group_by(
                    ActivityRow.kind,
                    ActivityRow.attribute,
                    ActivityRow.happened_on,
                    ActivityRow.member_id,
                )
            )
            for kind, attribute, day, member_id, count in await self.session.execute(query):
                facts.append(Fact(kind, day, attribute, member_id, int(count)))
            return facts
        grouped = (
            select(ActivityRow.kind, ActivityRow.attribute, ActivityRow.happened_on, func.count())
            .where(*where)
            .group_by(ActivityRow.kind, ActivityRow.attribute, ActivityRow.happened_on)
        )
        for kind, attribute, day, count in await self.session.execute(grouped):
            facts.append(Fact(kind, day, attribute, None, int(count)))
        return facts

    async def records(
        self,
        kinds: Collection[str],
        start: dt.date,
        end: dt.date,
        member_ids: Collection[int] | None = None,
    ) -> list[Fact]:
        """Counted records one by one (for rules that list them, and for per-person views)."""
        query = select(
            ActivityRow.id,
            ActivityRow.kind,
            ActivityRow.happened_on,
            ActivityRow.attribute,
            ActivityRow.text,
            ActivityRow.member_id,
        ).where(
            ActivityRow.kind.in_(sorted(kinds)),
            ActivityRow.happened_on.between(start, end),
            *_COUNTED,
        )
        if member_ids is not None:
            query = query.where(ActivityRow.member_id.in_(sorted(member_ids)))
        rows = await self.session.execute(query.order_by(ActivityRow.happened_on))
        return [
            Fact(kind, day, attribute, member_id, 1, activity_id, text or "")
            for activity_id, kind, day, attribute, text, member_id in rows
        ]

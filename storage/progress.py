"""What the progress calculator needs, and only that: indexed queries over one plan year.

A member's own records come by (member_id, happened_on); the unit's counters come as tallies
grouped by (kind, attribute, day) through (kind, happened_on), never the whole history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import cast

from sqlalchemy import Table, bindparam, event, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.core.activity import Status
from bot.core.plan import Obligation, Plan
from bot.core.progress import Fact, attribute_of
from storage.models import ActivityRow, DayTally

SAMPLES = 20  # records named when a rule is broken

_COUNTED = (ActivityRow.status == Status.CONFIRMED.value, ActivityRow.deleted_at.is_(None))


_CHANGED = "counts_changed"


class CountsVersion:
    """A number that grows each time this process commits a change to what counts (every
    such change adjusts the day tallies): what was read under an older number may be stale."""

    value = 0


def counts_changed(session: AsyncSession) -> None:
    """Note that the session's transaction changes what counts."""
    session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        CountsVersion.value += 1


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_CHANGED, None)


_ACTIVITIES = cast(Table, ActivityRow.__table__)
_TALLIES = cast(Table, DayTally.__table__)

# The two reads behind every card, built once (their cache keys with them).
_MEMBER_FACTS = select(
    _ACTIVITIES.c.id,
    _ACTIVITIES.c.kind,
    _ACTIVITIES.c.happened_on,
    _ACTIVITIES.c.attribute,
    _ACTIVITIES.c.text,
).where(
    _ACTIVITIES.c.member_id == bindparam("b_member"),
    _ACTIVITIES.c.happened_on.between(bindparam("b_start"), bindparam("b_end")),
    _ACTIVITIES.c.kind.in_(bindparam("b_kinds", expanding=True)),
    _ACTIVITIES.c.status == Status.CONFIRMED.value,
    _ACTIVITIES.c.deleted_at.is_(None),
)
_TALLY_SUMS = (
    select(_TALLIES.c.kind, _TALLIES.c.attribute, func.sum(_TALLIES.c.count))
    .where(
        _TALLIES.c.kind.in_(bindparam("b_kinds", expanding=True)),
        _TALLIES.c.day.between(bindparam("b_start"), bindparam("b_end")),
        _TALLIES.c.count > 0,
    )
    .group_by(_TALLIES.c.kind, _TALLIES.c.attribute)
)


class ProgressQueries:
    """Each query reads one of the partial indexes on counted records."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_attribute(self, kind: str, start: dt.date, end: dt.date) -> dict[str, int]:
        rows = await self.session.execute(
            select(DayTally.attribute, func.sum(DayTally.count))
            .where(DayTally.kind == kind, DayTally.day.between(start, end), DayTally.count > 0)
            .group_by(DayTally.attribute)
        )
        return {attribute: int(count) for attribute, count in rows}

    async def unit_facts(self, plan: Plan, obligations: Collection[Obligation]) -> list[Fact]:
        """What the unit obligations need: one tally per count obligation (in its window, with
        its attribute); for a rule, a tally per attribute value and the first records that
        break it, by name."""
        facts: list[Fact] = []
        done: set[tuple[str, str | None, dt.date, dt.date]] = set()
        wanted_counts: list[tuple[str, str | None, dt.date, dt.date]] = []
        for ob in obligations:
            window = plan.windows[ob.window]
            start, end = window.start, window.accepts_until()
            wanted = attribute_of(plan, ob)
            if ob.is_rule:
                for value, count in (await self.by_attribute(ob.kind, start, end)).items():
                    facts.append(Fact(ob.kind, start, value or None, None, count, days=count))
                broken = (
                    select(
                        ActivityRow.id,
                        ActivityRow.happened_on,
                        ActivityRow.attribute,
                        ActivityRow.member_id,
                        ActivityRow.text,
                    )
                    .where(
                        ActivityRow.kind == ob.kind,
                        ActivityRow.happened_on.between(start, end),
                        or_(ActivityRow.attribute.is_(None), ActivityRow.attribute != wanted),
                        *_COUNTED,
                    )
                    .order_by(ActivityRow.happened_on)
                    .limit(SAMPLES)
                )
                for activity_id, day, attribute, member_id, text in await self.session.execute(
                    broken
                ):
                    facts.append(
                        Fact(
                            ob.kind,
                            day,
                            attribute,
                            member_id,
                            1,
                            activity_id,
                            text or "",
                            sample=True,
                        )
                    )
                continue
            wanted_key = (ob.kind, wanted, start, end)
            if wanted_key not in done:
                done.add(wanted_key)
                wanted_counts.append(wanted_key)
        facts += await self._counts_at_once(
            wanted_counts, plan.settings.same_day_unit_events == "count_once"
        )
        return facts

    async def _counts_at_once(
        self, wanted: list[tuple[str, str | None, dt.date, dt.date]], distinct_days: bool
    ) -> list[Fact]:
        """Every count from one grouped read of the day tallies per window (a year has three
        windows at most); distinct days are read only when the plan counts them."""
        by_window: dict[tuple[dt.date, dt.date], list[tuple[str, str | None]]] = {}
        for kind, attribute, start, end in wanted:
            by_window.setdefault((start, end), []).append((kind, attribute))
        facts = []
        for (start, end), items in by_window.items():
            kinds = sorted({kind for kind, _ in items})
            where = (DayTally.kind.in_(kinds), DayTally.day.between(start, end), DayTally.count > 0)
            sums: dict[tuple[str, str], int] = {}
            rows = await self.session.execute(
                _TALLY_SUMS, {"b_kinds": kinds, "b_start": start, "b_end": end}
            )
            for kind, attribute, total in rows:
                sums[(kind, attribute)] = int(total)
            days: dict[tuple[str, str | None], int] = {}
            if distinct_days:
                for kind, attribute, count in await self.session.execute(
                    select(DayTally.kind, DayTally.attribute, func.count())
                    .where(*where)
                    .group_by(DayTally.kind, DayTally.attribute)
                ):
                    days[(kind, attribute)] = int(count)
                for kind, count in await self.session.execute(
                    select(DayTally.kind, func.count(func.distinct(DayTally.day)))
                    .where(*where)
                    .group_by(DayTally.kind)
                ):
                    days[(kind, None)] = int(count)
            for kind, attribute in items:
                count = sum(
                    v
                    for (k, a), v in sums.items()
                    if k == kind and (attribute is None or a == attribute)
                )
                if count:
                    facts.append(
                        Fact(
                            kind,
                            start,
                            attribute,
                            None,
                            count,
                            days=days.get((kind, attribute), count),
                        )
                    )
        return facts

    async def member_facts(
        self, member_id: int, start: dt.date, end: dt.date, kinds: Collection[str]
    ) -> list[Fact]:
        """One member's counted records of these kinds between two days."""
        rows = await self.session.execute(
            _MEMBER_FACTS,
            {"b_member": member_id, "b_start": start, "b_end": end, "b_kinds": sorted(kinds)},
        )
        return [
            Fact(kind, day, attribute, member_id, 1, activity_id, text or "")
            for activity_id, kind, day, attribute, text in rows
        ]

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

"""The inbox of Telegram updates, and the lease on the scheduled jobs.

An update is written here (and committed) before Telegram is told it arrived; a worker claims
it, handles it, and marks it done once its effects are committed. Claims lapse, so an update
whose worker died is taken up again.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_of, insert_for
from storage.models import InboxUpdate, Lease

CLAIM_LAPSES = dt.timedelta(seconds=30)  # a batch (≤ 100 updates) takes far less


_INBOX = cast(Table, InboxUpdate.__table__)
_DONE = (
    update(_INBOX)
    .where(_INBOX.c.update_id.in_(bindparam("b_ids", expanding=True)))
    .values(done_at=bindparam("b_now"))
)


@functools.cache
def _keep(dialect: str):  # type: ignore[no-untyped-def]
    """INSERT of updates (many at once) that leaves those already kept as they are."""
    return (
        insert_for(dialect)(_INBOX)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(_INBOX.c.update_id)
    )


class InboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, updates: Sequence[dict[str, Any]], now: dt.datetime, owner: str | None = None
    ) -> list[int]:
        """Keep updates not seen before, claimed by `owner` if given (the instance that received
        them handles them); returns the ids that are new. One statement: an update already kept
        (delivered twice, or kept by another instance) is left as it is."""
        if not updates:
            return []
        rows = [
            {
                "update_id": int(u["update_id"]),
                "payload": json.dumps(u, ensure_ascii=False),
                "received_at": now,
                "owner": owner,
                "claimed_at": now if owner else None,
                "attempts": 1 if owner else 0,
            }
            for u in {int(u["update_id"]): u for u in updates}.values()
        ]
        fresh = await self.session.scalars(_keep(dialect_of(self.session)), rows)
        return sorted(int(update_id) for update_id in fresh)

    async def claim_many(
        self, update_ids: Sequence[int], owner: str, now: dt.datetime
    ) -> dict[int, dict[str, Any]]:
        """Claim several updates in one statement; returns those this worker now holds."""
        rows = await self.session.execute(
            update(InboxUpdate)
            .where(
                InboxUpdate.update_id.in_(list(update_ids)),
                InboxUpdate.done_at.is_(None),
                or_(
                    InboxUpdate.owner.is_(None),
                    InboxUpdate.owner == owner,
                    InboxUpdate.claimed_at < now - CLAIM_LAPSES,
                ),
            )
            .values(owner=owner, claimed_at=now, attempts=InboxUpdate.attempts + 1)
            .returning(InboxUpdate.update_id, InboxUpdate.payload)
        )
        return {int(update_id): dict(json.loads(payload)) for update_id, payload in rows}

    async def done_many(self, update_ids: Sequence[int], now: dt.datetime) -> None:
        if update_ids:
            await self.session.execute(_DONE, {"b_ids": list(update_ids), "b_now": now})

    async def done(self, update_id: int, now: dt.datetime, error: str | None = None) -> None:
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id)
            .values(done_at=now, error=error)
        )

    async def release(self, update_id: int) -> None:
        """Give an update back (its handling failed for a passing reason)."""
        await self.session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id)
            .values(owner=None, claimed_at=None)
        )

    async def waiting(
        self, now: dt.datetime, owner: str | None = None, limit: int = 100
    ) -> list[tuple[int, str]]:
        """Updates not done and not held by a live claim (or held by `owner`: its own, left
        when it stopped), oldest first, with their payload."""
        free = [InboxUpdate.owner.is_(None), InboxUpdate.claimed_at < now - CLAIM_LAPSES]
        if owner is not None:
            free.append(InboxUpdate.owner == owner)
        rows = await self.session.execute(
            select(InboxUpdate.update_id, InboxUpdate.payload)
            .where(InboxUpdate.done_at.is_(None), or_(*free))
            .order_by(InboxUpdate.update_id)
            .limit(limit)
        )
        return [(int(update_id), payload) for update_id, payload in rows]

    async def highest_update_id(self) -> int:
        """The highest update id kept (0 for none)."""
        found = await self.session.scalar(select(func.max(InboxUpdate.update_id)))
        return int(found or 0)

    async def prune(self, done_before: dt.datetime) -> int:
        """Delete the updates done before a moment; returns how many."""
        result = await self.session.execute(
            delete(InboxUpdate).where(InboxUpdate.done_at < done_before)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def next_offset(self) -> int:
        """The getUpdates offset that confirms everything already kept."""
        highest = await self.session.scalar(select(func.max(InboxUpdate.update_id)))
        return int(highest) + 1 if highest is not None else 0

    async def counts(self) -> dict[str, int]:
        total = await self.session.scalar(select(func.count()).select_from(InboxUpdate))
        open_ = await self.session.scalar(
            select(func.count()).select_from(InboxUpdate).where(InboxUpdate.done_at.is_(None))
        )
        return {"total": int(total or 0), "open": int(open_ or 0)}


class LeaseRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def hold(self, name: str, holder: str, now: dt.datetime, ttl: dt.timedelta) -> bool:
        """Take or renew the lease; True if `holder` has it until now + ttl."""
        renewed = await self.session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if renewed.rowcount:  # type: ignore[attr-defined]
            return True
        exists = await self.session.scalar(select(Lease.name).where(Lease.name == name))
        if exists is not None:
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        except IntegrityError:  # another instance took it first
            return False
        return True

    async def holder(self, name: str) -> str | None:
        return await self.session.scalar(select(Lease.holder).where(Lease.name == name))

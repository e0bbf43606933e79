"""What the ledger (台账) reads: a year's counted records with their evidence, page by page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import AsyncIterator, Collection
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.activity import Activity
from storage.activities import _Row, _to_activity
from storage.models import ActivityRow, Attachment

PAGE = 2000


@dataclass(frozen=True)
class Evidence:
    activity_id: int
    name: str
    sha256: str | None
    stored_path: str | None
    size: int | None


class LedgerQueries:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def records(
        self, start: dt.date, end: dt.date, member_ids: Collection[int] | None = None
    ) -> AsyncIterator[list[tuple[Activity, list[Evidence]]]]:
        """Counted records between two days, oldest first, in pages, each with its evidence."""
        last_day, last_id = dt.date.min, 0
        while True:
            query = (
                select(*ActivityRow.__table__.columns)
                .where(
                    ActivityRow.happened_on.between(start, end),
                    ActivityRow.status == "confirmed",
                    ActivityRow.deleted_at.is_(None),
                    tuple_(ActivityRow.happened_on, ActivityRow.id) > tuple_(last_day, last_id),
                )
                .order_by(ActivityRow.happened_on, ActivityRow.id)
                .limit(PAGE)
            )
            if member_ids is not None:
                query = query.where(ActivityRow.member_id.in_(sorted(member_ids)))
            rows = [_Row(**row._mapping) for row in await self.session.execute(query)]
            if not rows:
                return
            evidence: dict[int, list[Evidence]] = defaultdict(list)
            found = await self.session.scalars(
                select(Attachment)
                .where(Attachment.activity_id.in_([r.id for r in rows]))
                .order_by(Attachment.id)
            )
            for a in found:
                evidence[a.activity_id].append(
                    Evidence(a.activity_id, a.file_name, a.sha256, a.stored_path, a.size)
                )
            yield [
                (_to_activity(r, len(evidence[r.id])), evidence[r.id])  # type: ignore[arg-type]
                for r in rows
            ]
            last_day, last_id = rows[-1].happened_on, rows[-1].id

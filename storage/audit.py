"""The audit trail: append-only, each entry chained to the one before by a SHA-256 hash.

Changing, removing or reordering any stored entry breaks the chain from there on, and
`verify` names the first entry that no longer matches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry

GENESIS = "0" * 64
AUDIT_LOCK = 7_246_001  # pg_advisory_xact_lock key: one appender at a time on PostgreSQL


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: dt.datetime
    actor_id: int | None
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str


def entry_hash(
    prev_hash: str,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> str:
    body = json.dumps(
        [
            prev_hash,
            at.astimezone(dt.UTC).isoformat(),
            actor_id,
            action,
            entity,
            entity_id,
            before,
            after,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class AuditLog:
    """Appends and checks audit entries; the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(
        self,
        *,
        actor_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        now: dt.datetime,
    ) -> None:
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            await self.session.execute(text(f"SELECT pg_advisory_xact_lock({AUDIT_LOCK})"))
        last = await self.session.scalar(
            select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        )
        prev = last or GENESIS
        at = now.astimezone(dt.UTC).replace(microsecond=(now.microsecond // 1000) * 1000)
        self.session.add(
            AuditEntry(
                at=at,
                actor_id=actor_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=before,
                after=after,
                prev_hash=prev,
                hash=entry_hash(prev, at, actor_id, action, entity, entity_id, before, after),
            )
        )
        await self.session.flush()

    async def entries(
        self,
        *,
        actor_id: int | None = None,
        entity: str | None = None,
        entity_id: int | None = None,
        limit: int = 1000,
    ) -> list[AuditRecord]:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if actor_id is not None:
            query = query.where(AuditEntry.actor_id == actor_id)
        if entity is not None:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        rows = await self.session.scalars(query.limit(limit))
        return [
            AuditRecord(
                r.id, r.at, r.actor_id, r.action, r.entity, r.entity_id, r.before, r.after, r.hash
            )
            for r in rows
        ]

    async def verify(self) -> int | None:
        """The id of the first entry that breaks the chain, or None when all hold."""
        prev = GENESIS
        rows = await self.session.stream_scalars(select(AuditEntry).order_by(AuditEntry.id))
        async for row in rows:
            expected = entry_hash(
                prev,
                row.at,
                row.actor_id,
                row.action,
                row.entity,
                row.entity_id,
                row.before,
                row.after,
            )
            if row.prev_hash != prev or row.hash != expected:
                return row.id
            prev = row.hash
        return None

"""The outbox of messages the bot sends on its own, and the groups it is in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, GroupChat

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Outgoing:
    id: int
    key: str
    kind: str
    chat_id: int
    member_id: int | None
    text: str
    buttons: list[Any]
    status: str
    attempts: int


def _out(row: Delivery) -> Outgoing:
    return Outgoing(
        row.id,
        row.key,
        row.kind,
        row.chat_id,
        row.member_id,
        row.text,
        list(row.buttons or []),
        row.status,
        row.attempts,
    )


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def existing_keys(self, keys: Collection[str]) -> set[str]:
        if not keys:
            return set()
        found = await self.session.scalars(
            select(Delivery.key).where(Delivery.key.in_(sorted(keys)))
        )
        return set(found)

    async def add(
        self,
        *,
        key: str,
        kind: str,
        chat_id: int,
        member_id: int | None,
        text: str,
        buttons: list[Any],
        now: dt.datetime,
        status: str = "pending",
        due_at: dt.datetime | None = None,
    ) -> bool:
        """Write a message down before it is sent; False if that key is already there."""
        try:
            async with self.session.begin_nested():
                self.session.add(
                    Delivery(
                        key=key,
                        kind=kind,
                        chat_id=chat_id,
                        member_id=member_id,
                        text=text,
                        buttons=buttons,
                        status=status,
                        attempts=0,
                        created_at=now,
                        due_at=due_at,
                    )
                )
        except IntegrityError:
            return False
        return True

    async def pending(self, now: dt.datetime, limit: int = 1000) -> list[Outgoing]:
        """The messages to send, oldest first: those due by `now`."""
        due = or_(Delivery.due_at.is_(None), Delivery.due_at <= now)
        rows = await self.session.scalars(
            select(Delivery)
            .where(Delivery.status == "pending", Delivery.attempts < MAX_ATTEMPTS, due)
            .order_by(Delivery.id)
            .limit(limit)
        )
        return [_out(r) for r in rows]

    async def mark(
        self, delivery_id: int, status: str, now: dt.datetime, error: str | None = None
    ) -> None:
        values: dict[str, Any] = {"status": status, "error": error}
        if status == "sent":
            values["sent_at"] = now
        await self.session.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(**values)
        )

    async def failed_attempt(self, delivery_id: int, error: str) -> None:
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(attempts=Delivery.attempts + 1, error=error[:200])
        )

    async def groups(self) -> list[int]:
        return list(
            await self.session.scalars(
                select(GroupChat.chat_id)
                .where(GroupChat.active.is_(True))
                .order_by(GroupChat.chat_id)
            )
        )

    async def set_group(self, chat_id: int, title: str, active: bool, now: dt.datetime) -> None:
        row = await self.session.get(GroupChat, chat_id)
        if row is None:
            self.session.add(
                GroupChat(chat_id=chat_id, title=title[:200], active=active, added_at=now)
            )
        else:
            row.title, row.active = title[:200], active
        await self.session.flush()

"""Invitations and join requests: how a Telegram account becomes a roster member."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Invitation, JoinRequest


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Request:
    id: int
    telegram_id: int
    display_name: str
    claimed_name: str
    status: str


class AccessRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_invitation(
        self,
        code: str,
        member_id: int,
        created_by_id: int | None,
        now: dt.datetime,
        lifetime: dt.timedelta,
    ) -> None:
        self.session.add(
            Invitation(
                code_hash=code_hash(code),
                member_id=member_id,
                created_by_id=created_by_id,
                created_at=now,
                expires_at=now + lifetime,
            )
        )
        await self.session.flush()

    async def use_invitation(self, code: str, telegram_id: int, now: dt.datetime) -> int | None:
        """Spend a valid code once: the member it binds to, or None (unknown, used, expired)."""
        invitation = await self.session.scalar(
            select(Invitation).where(Invitation.code_hash == code_hash(code))
        )
        if invitation is None or invitation.used_at is not None or invitation.expires_at < now:
            return None
        spent = await self.session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
            .values(used_at=now, used_by_telegram_id=telegram_id)
        )
        return invitation.member_id if spent.rowcount else None  # type: ignore[attr-defined]

    async def add_request(
        self, telegram_id: int, display_name: str, claimed_name: str, now: dt.datetime
    ) -> Request:
        await self.session.execute(
            update(JoinRequest)
            .where(JoinRequest.telegram_id == telegram_id, JoinRequest.status == "open")
            .values(status="replaced")
        )
        row = JoinRequest(
            telegram_id=telegram_id,
            display_name=display_name[:200],
            claimed_name=claimed_name[:100],
            status="open",
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return Request(row.id, row.telegram_id, row.display_name, row.claimed_name, row.status)

    async def request(self, request_id: int) -> Request | None:
        row = await self.session.get(JoinRequest, request_id)
        if row is None:
            return None
        return Request(row.id, row.telegram_id, row.display_name, row.claimed_name, row.status)

    async def decide(self, request_id: int, status: str, admin_id: int, now: dt.datetime) -> bool:
        """Close an open request once; False if it was already decided."""
        result = await self.session.execute(
            update(JoinRequest)
            .where(JoinRequest.id == request_id, JoinRequest.status == "open")
            .values(status=status, decided_at=now, decided_by_id=admin_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

"""Invitations and join requests: how a Telegram account becomes a roster member."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select, update
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

    async def open_request(self, telegram_id: int, since: dt.datetime) -> Request | None:
        """The account's request made since `since` still waiting for an admin, if any."""
        row = await self.session.scalar(
            select(JoinRequest)
            .where(
                JoinRequest.telegram_id == telegram_id,
                JoinRequest.status == "open",
                JoinRequest.created_at >= since,
            )
            .order_by(JoinRequest.id.desc())
            .limit(1)
        )
        return _request(row) if row is not None else None

    async def requests_since(self, telegram_id: int, since: dt.datetime) -> int:
        """How many requests the account has made since `since`, whatever became of them."""
        count = await self.session.scalar(
            select(func.count())
            .select_from(JoinRequest)
            .where(JoinRequest.telegram_id == telegram_id, JoinRequest.created_at >= since)
        )
        return int(count or 0)

    async def add_request(
        self, telegram_id: int, display_name: str, claimed_name: str, now: dt.datetime
    ) -> Request:
        row = JoinRequest(
            telegram_id=telegram_id,
            display_name=display_name[:200],
            claimed_name=claimed_name[:100],
            status="open",
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return _request(row)

    async def request(self, request_id: int) -> Request | None:
        row = await self.session.get(JoinRequest, request_id)
        return _request(row) if row is not None else None

    async def decide(self, request_id: int, status: str, admin_id: int, now: dt.datetime) -> bool:
        """Close an open request once; False if it was already decided."""
        result = await self.session.execute(
            update(JoinRequest)
            .where(JoinRequest.id == request_id, JoinRequest.status == "open")
            .values(status=status, decided_at=now, decided_by_id=admin_id)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _request(row: JoinRequest) -> Request:
    return Request(row.id, row.telegram_id, row.display_name, row.claimed_name, row.status)

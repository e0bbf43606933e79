"""Reading the database behind a chat test."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.activity import Activity
from bot.sandbox.driver import SandboxBot
from storage.activities import ActivityRepository
from storage.audit import AuditLog, AuditRecord
from storage.models import ActivityRow


async def activities(chat: SandboxBot) -> list[Activity]:
    services = chat.application.bot_data.services
    async with services.sessions() as session:
        ids = list(await session.scalars(select(ActivityRow.id).order_by(ActivityRow.id)))
        repo = ActivityRepository(session)
        found = [await repo.get(i) for i in ids]
    return [a for a in found if a is not None]


async def audit(chat: SandboxBot, entity: str | None = "activity") -> list[AuditRecord]:
    """The audit entries about activities (or any entity, or all with entity=None)."""
    services = chat.application.bot_data.services
    async with services.sessions() as session:
        return await AuditLog(session).entries(entity=entity)


def labels(out) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text for b in out.button_list()]

"""The service layer: each use case owns its unit of work; handlers and the CLI call these."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.access import Access
from bot.clock import Clock
from bot.core.people import Member, admins_lost
from bot.core.plan import PlanBook
from bot.core.roster import parse_roster
from bot.errors import LastAdminError, NotFoundError, SettingsError
from bot.ledger import Ledger
from bot.outbox import Outbox
from bot.questions import Questions
from bot.reporting import Reports
from bot.settings import DEFAULT_DATABASE_URL, Settings
from bot.standing import Standing
from storage.activities import ActivityRepository
from storage.audit import AuditLog
from storage.db import make_engine, make_sessions, sqlite_file, upgrade
from storage.inbox import InboxRepository
from storage.roster import ImportResult, RosterRepository


class WriterQueue:
    """Writers take turns, in the order they came; a task already writing goes on (a use case
    that calls another keeps its turn)."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._holder: asyncio.Task[Any] | None = None

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None and task is self._holder:
            yield
            return
        async with self._lock:
            self._holder = task
            try:
                yield
            finally:
                self._holder = None


class RosterCache:
    """The roster, read from the database at most every `ttl` seconds and cleared by every
    change made here; another instance's change shows within `ttl`. Looked up by id, Telegram
    account and name without walking the list (a city's roster has thousands of people)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], ttl: float = 2.0) -> None:
        self.sessions = sessions
        self.ttl = ttl
        self._members: list[Member] | None = None
        self._by_id: dict[int, Member] = {}
        self._by_account: dict[int, Member] = {}
        self._by_name: dict[str, Member] = {}
        self._version: tuple[object, ...] = ()
        self._loaded = 0.0

    def clear(self) -> None:
        self._members = None

    async def _current(self) -> list[Member]:
        if self._members is None or time.monotonic() - self._loaded > self.ttl:
            async with self.sessions() as session:
                repo = RosterRepository(session)
                version = await repo.version()
                if self._members is None or version != self._version:
                    members = await repo.members()
                    self._by_id = {m.id: m for m in members}
                    self._by_account = {
                        m.telegram_id: m for m in members if m.telegram_id is not None
                    }
                    self._by_name = {}
                    for m in members:
                        self._by_name.setdefault(m.name, m)
                    self._members = members
                    self._version = version
            self._loaded = time.monotonic()
        assert self._members is not None
        return self._members

    async def members(self, *, include_inactive: bool = True) -> list[Member]:
        members = await self._current()
        return list(members) if include_inactive else [m for m in members if m.active]

    async def by_id(self, member_id: int) -> Member | None:
        await self._current()
        return self._by_id.get(member_id)

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        await self._current()
        return self._by_account.get(telegram_id)

    async def by_name(self, name: str) -> Member | None:
        await self._current()
        return self._by_name.get(name)


class Services:
    """What the bot and the CLI need, made once and shared; sessions are per call."""

    def __init__(
        self,
        *,
        settings: Settings,
        plans: PlanBook,
        engine: AsyncEngine,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
    ) -> None:
        self.settings = settings
        self.plans = plans
        self.engine = engine
        self.sessions = sessions
        self.clock = clock
        self.people = RosterCache(sessions)
        # SQLite lets one connection write at a time and puts the others to sleep in its busy
        # handler (1, 2, 5, 10… ms); writers of this process queue here instead and go on
        # the moment the one before them commits. PostgreSQL needs no queue.
        self._one_writer = WriterQueue() if engine.dialect.name == "sqlite" else None
        self.reports = Reports(self)
        self.standing = Standing(self)
        self.access = Access(self)
        self.outbox = Outbox(self)
        self.ledger = Ledger(self)
        self.questions = Questions(self)

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncSession]:
        """A session in a transaction that will write, committed at the end (rolled back on an
        exception); on SQLite, after the writers before it."""
        turn = self._one_writer.turn() if self._one_writer else contextlib.nullcontext()
        async with turn, self.sessions() as session, session.begin():
            yield session

    def language_for(self, member: Member | None, language_code: str | None) -> str:
        """The member's language; for a stranger, their Telegram language, else the default."""
        if member is not None:
            return member.lang
        if language_code:
            return "en" if language_code.lower().startswith("en") else "zh"
        return self.settings.language

    async def account(self, telegram_id: int) -> Member | None:
        """The roster member bound to a Telegram account, active or not."""
        return await self.people.by_telegram_id(telegram_id)

    async def set_delivery(self, member_id: int, **fields: object) -> Member:
        """Change how a member receives the bot's own messages (digest day and hour, pause,
        mute, blocked)."""
        async with self.writing() as session:
            member = await RosterRepository(session).set_delivery(member_id, **fields)
        self.people.clear()
        return member

    async def find_member(self, name_or_id: str) -> Member:
        """A roster member by name, or by roster id; NotFoundError otherwise."""
        async with self.sessions() as session:
            repo = RosterRepository(session)
            found = await repo.by_name(name_or_id)
            if found is None and name_or_id.isdecimal():
                found = await repo.by_id(int(name_or_id))
        if found is None:
            raise NotFoundError(f"no member {name_or_id!r} on the roster")
        return found

    async def members(self) -> list[Member]:
        return await self.people.members()

    async def highest_ids(self) -> tuple[int, int]:
        """The highest Telegram update id and message id this database has seen."""
        async with self.sessions() as session:
            update_id, message_id = await ActivityRepository(session).highest_ids()
            kept = await InboxRepository(session).highest_update_id()
        return max(update_id, kept), message_id

    async def import_roster(
        self, text: str, source: str, actor: Member | None = None
    ) -> ImportResult:
        """Load a roster CSV given as text (`source` names it in errors); all rows or none."""
        roles = set().union(*(p.roles for p in map(self.plans.for_year, self.plans.years) if p))
        async with self.writing() as session:
            repo = RosterRepository(session)
            rows = parse_roster(
                text,
                path=source,
                roles=roles,
                known_departments=await repo.department_names(),
                default_lang=self.settings.language,
            )
            before = await repo.members()
            result = await repo.apply(rows, path=source, now=self.clock.now())
            lost = admins_lost(before, await repo.members())
            if lost:  # the transaction is rolled back: nothing imported
                raise LastAdminError([m.name for m in lost])
            await AuditLog(session).append(
                actor_id=actor.id if actor else None,
                action="import",
                entity="roster",
                entity_id=None,
                before=None,
                after={
                    "source": source,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                },
                now=self.clock.now(),
            )
        self.people.clear()
        return result


@asynccontextmanager
async def open_services(
    settings: Settings, plans: PlanBook, clock: Clock
) -> AsyncIterator[Services]:
    """Open the database (migrating it to the latest schema) and close it afterwards.

    Raises:
        SettingsError: a SQLite file in a folder that does not exist, but for the default one
            (./data), which is made: `make run` works on a fresh clone.
    """
    database = sqlite_file(settings.database_url)
    if database is not None and not database.parent.is_dir():
        if settings.database_url != DEFAULT_DATABASE_URL:
            raise SettingsError(
                f"setting ACTIVITY_BOT_DATABASE_URL: no folder {database.parent} for the SQLite "
                "file (make it, or correct the URL)"
            )
        database.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
        yield Services(
            settings=settings,
            plans=plans,
            engine=engine,
            sessions=make_sessions(engine),
            clock=clock,
        )
    finally:
        await engine.dispose()

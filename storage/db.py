"""Engines, sessions and migrations: one place that knows how to reach the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for another database or one in memory."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return None if database.startswith("file:") else Path(database).expanduser()


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine; a SQLite file gets WAL mode and foreign keys, and aiosqlite one
    trip to its thread per statement (storage.sqlite_driver). The file's folder must exist: a
    mistyped one would otherwise be made, with an empty database in it."""
    # A statement's parameters hold what members wrote; a database error, which the bot logs,
    # would quote them.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.drivername == "sqlite+aiosqlite":
            from storage.sqlite_driver import DRIVER

            parsed = parsed.set(drivername=f"sqlite+{DRIVER}")
        engine = create_async_engine(parsed, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before each use (a round trip per unit of work): when the server restarts, the
    # first statement on a dead connection fails, SQLAlchemy drops the whole pool, and the
    # update that met it is handled again a moment later (bot.intake gives it back).
    return create_async_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-32000")  # 32 MB of pages: a big year stays in memory
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def dialect_of(session: AsyncSession) -> str:
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def insert_for(session: AsyncSession | str):  # type: ignore[no-untyped-def]
    """The INSERT of the session's (or the named) database, the one that has ON CONFLICT."""
    dialect = session if isinstance(session, str) else dialect_of(session)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert


def make_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """One factory per engine; objects stay loaded after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply the migrations up to `revision` on the engine's database."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def safe_url(url: str) -> str:
    """The URL with any password hidden, fit for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable database URL>"

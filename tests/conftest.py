"""Fixtures: databases (SQLite always, PostgreSQL when ACTIVITY_BOT_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bot.core.plan import Plan, load_plan, shipped_plan_path
from storage.db import make_engine, upgrade

PG_ENV = "ACTIVITY_BOT_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def plan() -> Plan:
    return load_plan(shipped_plan_path())


async def _admin(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


async def _migrate(url: str) -> None:
    engine = make_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests skipped: {PG_ENV} is not set")
    return url


@pytest.fixture(scope="session")
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A database of this test run's own on the server, dropped at the end."""
    name = f"activity_bot_test_{uuid.uuid4().hex[:12]}"
    server = make_url(postgres_server_url)
    asyncio.run(_admin(postgres_server_url, f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        asyncio.run(_migrate(url))
        yield url
    finally:
        asyncio.run(_admin(postgres_server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("db") / "test.sqlite3"
    url = f"sqlite+aiosqlite:///{path}"
    asyncio.run(_migrate(url))
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database on each backend; a test sees its own rolled-back transaction."""
    return str(
        request.getfixturevalue(
            f"{request.param}_url" if request.param == "sqlite" else "postgres_url"
        )
    )


@pytest.fixture
async def session(database_url: str) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back after the test."""
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            async with AsyncSession(
                bind=connection,
                expire_on_commit=False,
                join_transaction_mode="create_savepoint",
            ) as s:
                yield s
            await transaction.rollback()
    finally:
        await engine.dispose()


@pytest.fixture
def fresh_sqlite_url(tmp_path: Path) -> str:
    """An empty SQLite file of the test's own (not migrated)."""
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"

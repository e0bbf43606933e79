"""SQLite through aiosqlite, one trip per statement, and no commit or rollback with nothing open."""

from __future__ import annotations

import collections
from collections.abc import AsyncIterator
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_engine
from storage.sqlite_driver import DRIVER


@pytest.fixture
async def engine(fresh_sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    made = make_engine(fresh_sqlite_url)
    async with made.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    try:
        yield made
    finally:
        await made.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """What each trip to aiosqlite's thread was for: a statement, a commit or a rollback."""
    seen: collections.Counter[str] = collections.Counter()
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(fn, "__name__", "")
        seen[name if name in ("commit", "rollback") else "statement"] += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return seen


async def names(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list((await connection.scalars(text("SELECT name FROM t ORDER BY id"))).all())


async def test_an_aiosqlite_url_gets_the_one_trip_driver_and_stays_sqlite(
    engine: AsyncEngine,
) -> None:
    assert engine.dialect.name == "sqlite"
    assert engine.dialect.driver == DRIVER


async def test_rows_counts_ids_and_many_at_once(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO t (name) VALUES ('甲')"))
        assert inserted.lastrowid == 1
        await connection.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": "乙"}, {"name": "丙"}]
        )
        changed = await connection.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert changed.rowcount == 2
        result = await connection.execute(text("SELECT id, name FROM t ORDER BY id"))
        assert list(result.keys()) == ["id", "name"]
        assert [tuple(r) for r in result] == [(1, "甲"), (2, "乙!"), (3, "丙!")]
    assert await names(engine) == ["甲", "乙!", "丙!"]


async def test_one_trip_per_statement_and_none_to_end_what_was_never_opened(
    engine: AsyncEngine, trips: collections.Counter[str]
) -> None:
    async with engine.connect() as connection:  # warm: the pool's first check-in is real
        await connection.execute(text("SELECT 1"))
    trips.clear()
    async with engine.begin() as connection:
        await connection.execute(text("SELECT count(*) FROM t"))
    assert trips == {"statement": 1}  # a read opens no transaction: nothing to end
    trips.clear()
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (name) VALUES ('甲')"))
    # The commit is made; the pool's rollback on check-in is not.
    assert trips == {"statement": 1, "commit": 1}


async def test_a_failed_write_is_rolled_back_for_real(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (name) VALUES ('甲')"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES ('乙')"))
            await connection.execute(text("INSERT INTO t (name) VALUES ('甲')"))
    assert await names(engine) == ["甲"]
    with pytest.raises(OperationalError):
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES ('丙')"))
            await connection.execute(text("SELECT nothing FROM nowhere"))
    assert await names(engine) == ["甲"]


async def test_an_explicit_rollback_and_a_savepoint(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        await connection.execute(text("INSERT INTO t (name) VALUES ('甲')"))
        await transaction.rollback()
    assert await names(engine) == []
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (name) VALUES ('乙')"))
        nested = await connection.begin_nested()
        await connection.execute(text("INSERT INTO t (name) VALUES ('丙')"))
        await nested.rollback()
    assert await names(engine) == ["乙"]


async def test_streamed_rows_then_a_write_on_the_same_connection(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": str(i)} for i in range(50)]
        )
    async with engine.connect() as connection:
        transaction = await connection.begin()
        streamed = await connection.stream(text("SELECT name FROM t ORDER BY id"))
        got = [row.name async for row in streamed]
        await connection.execute(text("DELETE FROM t WHERE id > 10"))
        await transaction.rollback()
    assert got == [str(i) for i in range(50)]
    assert len(await names(engine)) == 50


async def test_a_database_error_does_not_quote_what_was_written(engine: AsyncEngine) -> None:
    """The bot logs a failed update's error; its parameters are what a member wrote."""
    written = {"name": "昨天到两家村镇银行调研 ZEBRA-7731"}
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), written)
    with pytest.raises(IntegrityError) as caught:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (name) VALUES (:name)"), written)
    assert "UNIQUE" in str(caught.value) and "ZEBRA" not in str(caught.value)

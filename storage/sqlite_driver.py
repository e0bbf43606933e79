"""SQLite through aiosqlite in one trip per statement.

SQLAlchemy's aiosqlite adapter makes four trips to aiosqlite's thread for each statement (make a
cursor, execute, fetch, close), and each trip wakes that thread and then the event loop. Here one
function runs all four in the thread. And the pool rolls back every connection given back to
it, even one just committed: here a commit or rollback is skipped when SQLite itself said, after
the last statement, that no transaction is open (reads open none). Everything else (the pool,
isolation levels, errors, disconnects, server-side cursors for streaming) is SQLAlchemy's own
aiosqlite dialect.

It leans on SQLAlchemy 2.1's adapter classes and on aiosqlite's `Connection._execute` (the one
way into its thread), hence the version ranges in pyproject.toml;
tests/integration/test_sqlite_driver.py fails if either changes under it.

`make_engine` uses it for every `sqlite+aiosqlite` URL; the dialect's name is still "sqlite".
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any, cast

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
    AsyncAdapt_aiosqlite_ss_cursor,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util import EMPTY_DICT

DRIVER = "activitybot_aiosqlite"

_Outcome = tuple[Any, list[Any], int, int | None, bool]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    """In aiosqlite's thread: the whole statement, rows included, then the cursor is closed."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid, connection.in_transaction
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement, rows and close are one call in aiosqlite's thread."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    _awaitable_cursor_close = False  # nothing is left open in the thread to close

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No trip here: the sqlite3 cursor is made, used and closed inside `_run`.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        return await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await self._trip(operation, seq_of_parameters, many=True)

    async def _trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        aio = self._connection
        adapted = cast("OneTripConnection", self._adapt_connection)
        async with adapted._execute_mutex:
            adapted._idle = False  # unknown until SQLite says, should this statement fail
            outcome: _Outcome = await aio._execute(
                lambda: _run(aio._conn, operation, parameters, many)
            )
        self._description, rows, self._rowcount, self._lastrowid, open_ = outcome
        self._rows = collections.deque(rows)
        adapted._idle = not open_

    def nextset(self) -> None:
        return None

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


class TrackingServerSideCursor(AsyncAdapt_aiosqlite_ss_cursor):
    """SQLAlchemy's streaming cursor; what it does to the transaction is not followed."""

    __slots__ = ()

    def __init__(self, adapt_connection: OneTripConnection) -> None:
        adapt_connection._idle = False
        super().__init__(adapt_connection)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The connection knows, from SQLite itself after each statement, whether a transaction is
    open: a commit or rollback with nothing open is skipped instead of making a trip. The pool
    rolls back every connection given back to it, even one just committed, so this saves a
    trip per unit of work, and reads (which open no transaction) need none at all."""

    __slots__ = ("_idle",)
    _cursor_cls = OneTripCursor  # type: ignore[assignment]
    _ss_cursor_cls = TrackingServerSideCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._idle = False  # not known yet: the first commit or rollback is made

    @property
    def isolation_level(self) -> str | None:
        return AsyncAdapt_aiosqlite_connection.isolation_level.fget(self)  # type: ignore[attr-defined,no-any-return]

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._idle = False
        AsyncAdapt_aiosqlite_connection.isolation_level.fset(self, value)  # type: ignore[attr-defined]

    def commit(self) -> None:
        if not self._idle:
            super().commit()
            self._idle = True

    def rollback(self) -> None:
        if not self._idle:
            super().rollback()
            self._idle = True


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


class OneTripDialect(SQLiteDialect_aiosqlite):
    driver = DRIVER
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> OneTripDBAPI:
        return OneTripDBAPI(__import__("aiosqlite"), __import__("sqlite3"))


registry.register(f"sqlite.{DRIVER}", __name__, "OneTripDialect")

"""Writes that may wait for the update that caused them to be marked done.

Remembering where a card was shown is the last write of a report, made after the card is sent.
While the intake handles an update it collects such writes, and the marker commits them in
the transaction that marks the update done (one statement for each kind of write, for every
update finished meanwhile). Outside the intake (the console, the tests' direct path) nothing
collects them and the caller writes at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

Write = tuple[Executable, dict[str, Any]]

_collecting: ContextVar[list[Write] | None] = ContextVar("deferred_writes", default=None)


@contextmanager
def collected() -> Iterator[list[Write]]:
    """Collect the deferred writes made in this context (the handling of one update)."""
    writes: list[Write] = []
    token = _collecting.set(writes)
    try:
        yield writes
    finally:
        _collecting.reset(token)


def defer(write: Write) -> bool:
    """Leave a write to the marker if one collects them here; False: write it yourself."""
    writes = _collecting.get()
    if writes is None:
        return False
    writes.append(write)
    return True


async def execute(session: AsyncSession, writes: Sequence[Write]) -> None:
    """Carry out deferred writes in the session's transaction, in order, one statement per
    kind of write."""
    groups: dict[int, tuple[Executable, list[dict[str, Any]]]] = {}
    for statement, params in writes:
        groups.setdefault(id(statement), (statement, []))[1].append(params)
    for statement, many in groups.values():
        await session.execute(statement, many)

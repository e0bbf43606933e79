"""Builders for test data."""

from __future__ import annotations

import datetime as dt

from bot.core.people import Member

NOW = dt.datetime(2022, 6, 15, 10, 0, tzinfo=dt.UTC)

ROSTER_HEADER = "name,telegram_id,roles,department,supervises,lang\n"


def roster_csv(*rows: str) -> str:
    return ROSTER_HEADER + "".join(row + "\n" for row in rows)


def make_member(
    member_id: int = 1,
    *,
    name: str = "王建国",
    roles: tuple[str, ...] = ("staff",),
    department: str | None = None,
    supervises: tuple[str, ...] = (),
    telegram_id: int | None = 100001,
    lang: str = "zh",
) -> Member:
    return Member(
        id=member_id,
        name=name,
        roles=frozenset(roles),
        department=department,
        supervises=frozenset(supervises),
        telegram_id=telegram_id,
        lang=lang,
    )

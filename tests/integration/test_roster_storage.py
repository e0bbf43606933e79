"""The roster repository on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.roster import parse_roster
from bot.errors import RosterError
from storage.models import Department, Person
from storage.roster import RosterRepository
from tests.factories import roster_csv

ROLES = {"secretary", "deputy", "dept_head", "clerk", "staff"}
NOW = dt.datetime(2022, 6, 15, 2, 0, tzinfo=dt.UTC)


async def load(session: AsyncSession, text: str):
    repo = RosterRepository(session)
    rows = parse_roster(
        text, path="r.csv", roles=ROLES, known_departments=await repo.department_names()
    )
    return await repo.apply(rows, path="r.csv", now=NOW)


FIRST = roster_csv(
    "王建国,100001,secretary,,,zh",
    "李明,100002,deputy,,综合科;银行保险科,zh",
    "陈静,,dept_head;clerk,综合科,,zh",
    "刘洋,100005,dept_head,银行保险科,,en",
)


async def test_import_creates_people_with_roles_and_supervision(session: AsyncSession) -> None:
    result = await load(session, FIRST)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    repo = RosterRepository(session)
    members = {m.name: m for m in await repo.members()}
    assert members["李明"].supervises == {"综合科", "银行保险科"}
    assert members["陈静"].roles == {"dept_head", "clerk"}
    assert members["陈静"].telegram_id is None
    assert members["刘洋"].lang == "en"
    assert members["王建国"].is_admin
    found = await repo.by_telegram_id(100005)
    assert found is not None and found.department == "银行保险科"
    assert await repo.department_names() == sorted(["综合科", "银行保险科"])


async def test_importing_again_updates_and_never_duplicates(session: AsyncSession) -> None:
    await load(session, FIRST)
    again = roster_csv(
        "王建国,100001,secretary,,,zh",
        "李明,100002,deputy,,综合科,zh",  # supervises one department less
        "陈静,100003,dept_head;clerk,综合科,,zh",  # has joined
        "刘洋,100005,dept_head,银行保险科,,en",
    )
    result = await load(session, again)
    assert (result.created, result.updated, result.unchanged) == (0, 2, 2)
    assert await session.scalar(select(func.count()).select_from(Person)) == 4
    members = {m.name: m for m in await RosterRepository(session).members()}
    assert members["李明"].supervises == {"综合科"}
    assert members["陈静"].telegram_id == 100003


async def test_a_renamed_person_is_matched_by_telegram_id(session: AsyncSession) -> None:
    await load(session, FIRST)
    await load(session, roster_csv("王建国同志,100001,secretary,,,zh"))
    names = [m.name for m in await RosterRepository(session).members()]
    assert "王建国同志" in names and "王建国" not in names


async def test_a_conflicting_file_writes_nothing(session: AsyncSession) -> None:
    await load(session, FIRST)
    # 刘洋 claims 王建国's telegram_id: refused, and 新人 on the line before is not added.
    bad = roster_csv("新人,,staff,综合科,,zh", "刘洋,100001,dept_head,银行保险科,,zh")
    with pytest.raises(RosterError, match="line 3: telegram_id 100001 already belongs to 王建国"):
        await load(session, bad)
    assert await session.scalar(select(func.count()).select_from(Person)) == 4
    assert await session.scalar(select(func.count()).select_from(Department)) == 2


async def test_indexes_fit_the_yearly_queries(session: AsyncSession) -> None:
    connection = await session.connection()

    def indexes(sync_connection) -> dict[str, list[str]]:
        found = inspect(sync_connection).get_indexes("activities")
        return {ix["name"]: list(ix["column_names"]) for ix in found}

    found = await connection.run_sync(indexes)
    assert found["ix_activities_member_day"] == ["member_id", "happened_on"]
    assert found["ix_activities_kind_day"] == ["kind", "happened_on"]

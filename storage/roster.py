"""The roster repository: people, their roles, departments and supervision.

Repositories take an AsyncSession and never commit; the caller owns the unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.core.people import Member
from bot.core.roster import RosterRow
from bot.errors import RosterError, RosterProblem
from storage.models import Department, MemberRole, Person, Supervision

MAX_ID = 2**31 - 1  # ids are INTEGER columns, 32 bits on PostgreSQL


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _to_member(person: Person) -> Member:
    return Member(
        id=person.id,
        name=person.name,
        roles=frozenset(r.role for r in person.roles),
        department=person.department.name if person.department else None,
        supervises=frozenset(s.department.name for s in person.supervisions),
        telegram_id=person.telegram_id,
        lang=person.lang,
        active=person.active,
        digest_weekday=person.digest_weekday,
        digest_hour=person.digest_hour,
        digest_paused=person.digest_paused,
        reminders_muted=person.reminders_muted,
        blocked=person.blocked_at is not None,
    )


def _loaded() -> tuple[object, ...]:
    return (
        selectinload(Person.roles),
        selectinload(Person.department),
        selectinload(Person.supervisions).selectinload(Supervision.department),
    )


class RosterRepository:
    """People and departments."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def department_names(self) -> list[str]:
        result = await self.session.scalars(select(Department.name).order_by(Department.name))
        return list(result)

    async def members(self, *, include_inactive: bool = True) -> list[Member]:
        query = select(Person).options(*_loaded()).order_by(Person.id)  # type: ignore[arg-type]
        if not include_inactive:
            query = query.where(Person.active.is_(True))
        return [_to_member(p) for p in await self.session.scalars(query)]

    async def version(self) -> tuple[object, ...]:
        """A cheap mark that changes whenever anyone changes the roster."""
        row = (
            await self.session.execute(
                select(func.count(), func.max(Person.updated_at)).select_from(Person)
            )
        ).one()
        return (row[0], row[1])

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        query = select(Person).options(*_loaded()).where(Person.telegram_id == telegram_id)  # type: ignore[arg-type]
        person = await self.session.scalar(query)
        return _to_member(person) if person else None

    async def by_id(self, member_id: int) -> Member | None:
        if not 0 < member_id <= MAX_ID:  # no such row, and the database would refuse the number
            return None
        query = select(Person).options(*_loaded()).where(Person.id == member_id)  # type: ignore[arg-type]
        person = await self.session.scalar(query)
        return _to_member(person) if person else None

    async def by_name(self, name: str) -> Member | None:
        query = select(Person).options(*_loaded()).where(Person.name == name)  # type: ignore[arg-type]
        person = await self.session.scalar(query)
        return _to_member(person) if person else None

    async def bind_telegram(self, member_id: int, telegram_id: int, now: dt.datetime) -> None:
        person = await self.session.get(Person, member_id)
        if person is None:
            raise ValueError(f"no member {member_id}")
        person.telegram_id = telegram_id
        person.updated_at = now
        await self.session.flush()

    async def set_delivery(self, member_id: int, **fields: object) -> Member:
        """Change how the member gets messages: digest_weekday, digest_hour, digest_paused,
        reminders_muted, blocked_at."""
        person = await self.session.get(Person, member_id)
        if person is None:
            raise ValueError(f"no member {member_id}")
        for name, value in fields.items():
            setattr(person, name, value)
        person.updated_at = dt.datetime.now(dt.UTC)  # other instances see the roster changed
        await self.session.flush()
        found = await self.by_id(member_id)
        assert found is not None
        return found

    async def update(
        self,
        member_id: int,
        *,
        now: dt.datetime,
        roles: frozenset[str] | None = None,
        department: str | None = None,
        supervises: frozenset[str] | None = None,
        lang: str | None = None,
        active: bool | None = None,
    ) -> Member:
        """Change a member's roles, department, supervision, language or active flag."""
        query = select(Person).options(*_loaded()).where(Person.id == member_id)  # type: ignore[arg-type]
        person = await self.session.scalar(query)
        if person is None:
            raise ValueError(f"no member {member_id}")
        names = set(supervises or ()) | ({department} if department else set())
        departments = {
            d.name: d
            for d in await self.session.scalars(
                select(Department).where(Department.name.in_(sorted(names)))
            )
        }
        for name in sorted(names - departments.keys()):
            departments[name] = Department(name=name)
            self.session.add(departments[name])
        if roles is not None:
            kept = {r.role: r for r in person.roles}
            person.roles = [kept.get(role) or MemberRole(role=role) for role in sorted(roles)]
        if department is not None:
            person.department = departments[department]
        if supervises is not None:
            current = {s.department.name: s for s in person.supervisions}
            person.supervisions = [
                current.get(n) or Supervision(department=departments[n]) for n in sorted(supervises)
            ]
        if lang is not None:
            person.lang = lang
        if active is not None:
            person.active = active
        person.updated_at = now
        await self.session.flush()
        return _to_member(person)

    async def apply(
        self, rows: Sequence[RosterRow], *, path: str, now: dt.datetime
    ) -> ImportResult:
        """Create or update a person per row, matched by telegram_id, then by name.

        Raises:
            RosterError: a row whose telegram_id belongs to someone else by name; nothing is
                written, since every check happens before the first change.
        """
        people = list(await self.session.scalars(select(Person).options(*_loaded())))  # type: ignore[arg-type]
        by_tid = {p.telegram_id: p for p in people if p.telegram_id is not None}
        by_name = {p.name: p for p in people}
        matches: list[Person | None] = []
        problems: list[RosterProblem] = []
        for row in rows:
            owner = by_tid.get(row.telegram_id) if row.telegram_id is not None else None
            named = by_name.get(row.name)
            if owner is not None and named is not None and owner is not named:
                problems.append(
                    RosterProblem(
                        row.line, f"telegram_id {row.telegram_id} already belongs to {owner.name}"
                    )
                )
            matches.append(owner or named)
        if problems:
            raise RosterError(path, problems)
        departments = await self._departments(rows)
        created = updated = unchanged = 0
        for row, person in zip(rows, matches, strict=True):
            if person is None:
                person = Person(
                    name=row.name, created_at=now, updated_at=now, roles=[], supervisions=[]
                )
                self.session.add(person)
                created += 1
            elif _same(person, row):
                unchanged += 1
                continue
            else:
                updated += 1
            _assign(person, row, departments, now)
        await self.session.flush()
        return ImportResult(created, updated, unchanged)

    async def _departments(self, rows: Sequence[RosterRow]) -> dict[str, Department]:
        names = {r.department for r in rows if r.department}
        names |= {d for r in rows for d in r.supervises}
        existing = {d.name: d for d in await self.session.scalars(select(Department))}
        for name in sorted(names - existing.keys()):
            existing[name] = Department(name=name)
            self.session.add(existing[name])
        await self.session.flush()
        return existing


def _same(person: Person, row: RosterRow) -> bool:
    return (
        person.name == row.name
        and person.telegram_id
        == (row.telegram_id if row.telegram_id is not None else person.telegram_id)
        and {r.role for r in person.roles} == row.roles
        and (person.department.name if person.department else None) == row.department
        and {s.department.name for s in person.supervisions} == row.supervises
        and person.lang == row.lang
        and person.active
    )


def _assign(
    person: Person, row: RosterRow, departments: dict[str, Department], now: dt.datetime
) -> None:
    person.name = row.name
    if row.telegram_id is not None:
        person.telegram_id = row.telegram_id
    person.lang = row.lang
    person.active = True
    person.department = departments[row.department] if row.department else None
    person.updated_at = now
    kept = {r.role: r for r in person.roles}
    person.roles = [kept.get(role) or MemberRole(role=role) for role in sorted(row.roles)]
    current = {s.department.name: s for s in person.supervisions}
    person.supervisions = [
        current.get(name) or Supervision(department=departments[name])
        for name in sorted(row.supervises)
    ]

"""Activities and the audit trail on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.activity import NewActivity, Status
from storage.activities import ActivityRepository
from storage.audit import AuditLog
from storage.models import AuditEntry, Base, DayTally, Department, Person

NOW = dt.datetime(2022, 6, 15, 2, 0, tzinfo=dt.UTC)


async def person(session: AsyncSession, name: str = "王建国") -> int:
    p = Person(name=name, lang="zh", active=True, created_at=NOW, updated_at=NOW)
    session.add(p)
    await session.flush()
    return p.id


def draft(member_id: int, line: int = 0, **fields: object) -> NewActivity:
    values: dict[str, object] = {
        "member_id": member_id,
        "logged_by_id": member_id,
        "kind": "research_trip",
        "happened_on": dt.date(2022, 6, 1),
        "reported_at": NOW,
        "text": "调研",
        "chat_id": 1,
        "message_id": 7,
        "source_key": f"1:7:{line}",
    }
    values.update(fields)
    return NewActivity(**values)  # type: ignore[arg-type]


async def test_the_same_message_is_taken_in_once(session: AsyncSession) -> None:
    member = await person(session)
    repo = ActivityRepository(session)
    added, new = await repo.add_once([draft(member, 0), draft(member, 1, kind="rectification")])
    assert new and [a.kind for a in added] == ["research_trip", "rectification"]
    again, new = await repo.add_once([draft(member, 0), draft(member, 1)])
    assert not new and [a.id for a in again] == [a.id for a in added]


async def test_status_moves_once(session: AsyncSession) -> None:
    member = await person(session)
    repo = ActivityRepository(session)
    [a], _ = await repo.add_once([draft(member)])
    assert await repo.move_status(a.id, Status.DRAFT, Status.CONFIRMED, NOW)
    assert not await repo.move_status(a.id, Status.DRAFT, Status.CONFIRMED, NOW)
    assert await repo.same_day("research_trip", dt.date(2022, 6, 1), exclude=-1)
    assert await repo.soft_delete(a.id, NOW)
    assert not await repo.soft_delete(a.id, NOW)
    assert await repo.same_day("research_trip", dt.date(2022, 6, 1), exclude=-1) == []
    assert await repo.restore(a.id)
    assert (await repo.recent(member))[0].id == a.id


async def test_attachments_are_counted_once_per_file(session: AsyncSession) -> None:
    member = await person(session)
    repo = ActivityRepository(session)
    [a], _ = await repo.add_once([draft(member)])
    for _ in range(2):
        count = await repo.add_attachment(
            a.id,
            file_id="f",
            file_unique_id="u",
            name="a.pdf",
            mime_type="application/pdf",
            size=3,
            sha256=None,
            stored_path=None,
            added_by_id=member,
            now=NOW,
        )
    assert count == 1
    assert (await repo.get(a.id)).attachments == 1  # type: ignore[union-attr]


async def test_audit_chain_verifies_and_catches_tampering(session: AsyncSession) -> None:
    member = await person(session)
    log = AuditLog(session)
    for i in range(3):
        await log.append(
            actor_id=member,
            action="create",
            entity="activity",
            entity_id=i,
            before=None,
            after={"kind": "调研", "n": i},
            now=NOW + dt.timedelta(seconds=i),
        )
    assert await log.verify() is None
    entries = await log.entries()
    await session.execute(
        update(AuditEntry)
        .where(AuditEntry.id == entries[1].id)
        .values(after={"kind": "调研", "n": 99})
    )
    session.expire_all()
    assert await log.verify() == entries[1].id


async def test_the_migrations_build_exactly_the_models(session: AsyncSession) -> None:
    connection = await session.connection()

    def tables(sync_connection) -> dict[str, set[str]]:
        inspector = inspect(sync_connection)
        return {
            name: {c["name"] for c in inspector.get_columns(name)}
            for name in inspector.get_table_names()
            if name != "alembic_version"
        }

    found = await connection.run_sync(tables)
    expected = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    assert found == expected
    assert Department.__tablename__ in found


async def test_progress_queries_count_only_what_counts(session: AsyncSession) -> None:
    from storage.progress import ProgressQueries

    member = await person(session)
    other = await person(session, "李明")
    repo = ActivityRepository(session)
    rows = [
        draft(member, 0, kind="research_trip", happened_on=dt.date(2022, 3, 1)),
        draft(other, 1, kind="research_trip", happened_on=dt.date(2022, 3, 1)),
        draft(member, 2, kind="research_trip", happened_on=dt.date(2021, 12, 30)),
        draft(member, 3, kind="reminder_talk", attributes={"counterpart": "leaders"}),
        draft(member, 4, kind="research_trip", happened_on=dt.date(2022, 4, 1)),
        draft(member, 5, kind="research_trip", happened_on=dt.date(2022, 5, 1)),  # stays a draft
    ]
    added, _ = await repo.add_once(rows)
    for a in added[:5]:
        await repo.move_status(a.id, Status.DRAFT, Status.CONFIRMED, NOW)
    queries = ProgressQueries(session)
    start, end = dt.date(2022, 1, 1), dt.date(2023, 1, 15)

    async def counts(
        kind: str, attribute: str | None, start: dt.date, end: dt.date
    ) -> tuple[int, int]:
        """(records, distinct days) from the day tallies, as the unit counters read them."""
        query = select(func.coalesce(func.sum(DayTally.count), 0), func.count()).where(
            DayTally.kind == kind, DayTally.day.between(start, end), DayTally.count > 0
        )
        if attribute is not None:
            query = query.where(DayTally.attribute == attribute)
        row = (await session.execute(query)).one()
        return int(row[0]), int(row[1])

    assert await counts("research_trip", None, start, end) == (3, 2)
    await repo.soft_delete(added[4].id, NOW)
    assert await counts("research_trip", None, start, end) == (2, 1)
    await repo.restore(added[4].id)
    assert await counts("research_trip", None, start, end) == (3, 2)
    await repo.move_status(added[4].id, Status.CONFIRMED, Status.REPLACED)
    assert await counts("research_trip", None, start, end) == (2, 1)
    assert await counts("reminder_talk", "leaders", start, end) == (1, 1)
    assert await counts("reminder_talk", "all_staff", start, end) == (0, 0)
    mine = await queries.member_facts(member, start, end, {"reminder_talk", "research_trip"})
    assert sorted((f.kind, f.attribute) for f in mine) == [
        ("reminder_talk", "leaders"),
        ("research_trip", None),
    ]


async def test_unit_facts_count_days_when_the_plan_counts_them(session: AsyncSession) -> None:
    from bot.core.plan import load_plan, shipped_plan_path
    from bot.core.progress import progress_of
    from storage.progress import ProgressQueries

    plan = load_plan(shipped_plan_path())
    member = await person(session)
    repo = ActivityRepository(session)
    added, _ = await repo.add_once(
        [
            draft(member, 0, kind="party_group_study", happened_on=dt.date(2022, 6, 2)),
            draft(member, 1, kind="party_group_study", happened_on=dt.date(2022, 6, 2)),
            draft(
                member,
                2,
                kind="discipline_study",
                happened_on=dt.date(2022, 6, 3),
                attributes={"host": "branch"},
            ),
        ]
    )
    for a in added:
        await repo.move_status(a.id, Status.DRAFT, Status.CONFIRMED, NOW)
    studies = plan.obligation("party-group-studies")
    queries = ProgressQueries(session)
    facts = await queries.unit_facts(
        plan,
        [
            studies,
            plan.obligation("branch-discipline-study"),
            plan.obligation("center-group-discipline-study"),
        ],
    )
    today = dt.date(2022, 6, 15)
    assert progress_of(plan, studies, None, facts, today).done == 2
    assert (
        progress_of(plan, plan.obligation("branch-discipline-study"), None, facts, today).done == 1
    )
    assert (
        progress_of(plan, plan.obligation("center-group-discipline-study"), None, facts, today).done
        == 0
    )
    once = plan.model_copy(
        update={"settings": plan.settings.model_copy(update={"same_day_unit_events": "count_once"})}
    )
    facts = await queries.unit_facts(once, [studies])
    assert progress_of(once, studies, None, facts, today).done == 1

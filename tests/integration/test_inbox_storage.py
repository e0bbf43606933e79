"""The inbox on SQLite and PostgreSQL: kept once, claimed by one, given back, taken up again."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from storage.inbox import CLAIM_LAPSES, InboxRepository

NOW = dt.datetime(2022, 6, 15, 2, 0, tzinfo=dt.UTC)


def updates(*ids: int) -> list[dict[str, object]]:
    return [{"update_id": i, "message": {"text": f"第{i}条"}} for i in ids]


async def test_an_update_is_kept_once(session: AsyncSession) -> None:
    inbox = InboxRepository(session)
    assert await inbox.add(updates(1, 2), NOW, "a") == [1, 2]
    assert await inbox.add(updates(2, 3, 3), NOW, "b") == [3]  # 2 again, 3 twice in one batch
    assert await inbox.add(updates(2), NOW, "b") == []
    assert await inbox.counts() == {"total": 3, "open": 3}


async def test_what_an_instance_keeps_is_its_own_until_the_claim_lapses(
    session: AsyncSession,
) -> None:
    inbox = InboxRepository(session)
    await inbox.add(updates(1), NOW, "a")
    await inbox.add(updates(2), NOW, None)  # kept for whoever has room
    assert [i for i, _ in await inbox.waiting(NOW)] == [2]
    assert [i for i, _ in await inbox.waiting(NOW, "a")] == [1, 2]  # a, starting again
    assert await inbox.claim_many([1, 2], "b", NOW) == {2: updates(2)[0]}
    later = NOW + CLAIM_LAPSES + dt.timedelta(seconds=1)
    assert [i for i, _ in await inbox.waiting(later)] == [1, 2]  # a and b died
    assert set(await inbox.claim_many([1, 2], "c", later)) == {1, 2}


async def test_done_leaves_the_inbox_and_release_gives_back(session: AsyncSession) -> None:
    inbox = InboxRepository(session)
    await inbox.add(updates(1, 2, 3), NOW, "a")
    await inbox.done_many([1, 2], NOW)
    await inbox.release(3)
    assert await inbox.counts() == {"total": 3, "open": 1}
    assert [i for i, _ in await inbox.waiting(NOW)] == [3]
    assert await inbox.next_offset() == 4


async def test_updates_done_long_ago_are_forgotten(session: AsyncSession) -> None:
    inbox = InboxRepository(session)
    await inbox.add(updates(1, 2, 3), NOW, "a")
    await inbox.done_many([1], NOW - dt.timedelta(days=8))
    await inbox.done_many([2], NOW - dt.timedelta(days=6))
    assert await inbox.prune(NOW - dt.timedelta(days=7)) == 1
    assert await inbox.counts() == {"total": 2, "open": 1}  # 3 is not done: kept whatever its age

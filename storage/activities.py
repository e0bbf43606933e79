"""The activities repository: drafts, confirmed records, versions, evidence."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable
from sqlalchemy.sql.selectable import ScalarSelect

from bot.core.activity import Activity, NewActivity, Status, public_attribute
from storage.db import dialect_of, insert_for
from storage.models import ActivityRow, Attachment, DayTally
from storage.progress import counts_changed


def _attachment_count() -> ScalarSelect[int]:
    return (
        select(func.count(Attachment.id))
        .where(Attachment.activity_id == ActivityRow.id)
        .correlate(ActivityRow)
        .scalar_subquery()
    )


def _select() -> Select[ActivityRow, int]:
    return select(ActivityRow, _attachment_count())


def _to_activity(row: ActivityRow, attachments: int = 0) -> Activity:
    return Activity(
        id=row.id,
        member_id=row.member_id,
        logged_by_id=row.logged_by_id,
        kind=row.kind,
        happened_on=row.happened_on,
        reported_at=row.reported_at,
        status=Status(row.status),
        attributes=dict(row.attributes or {}),
        participants=row.participants,
        text=row.text,
        chat_id=row.chat_id,
        message_id=row.message_id,
        card_message_id=row.card_message_id,
        replaces_id=row.replaces_id,
        deleted_at=row.deleted_at,
        attachments=attachments,
        source_key=row.source_key,
    )


class _Row:
    """A table row read without the ORM (the fields of ActivityRow, as plain attributes)."""

    id: int
    happened_on: dt.date

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


_ACTIVITIES = cast(Table, ActivityRow.__table__)

# The statements of the path every report takes, built once (their cache keys with them).
_SET_CARD = (
    update(_ACTIVITIES)
    .where(_ACTIVITIES.c.id == bindparam("b_id"))
    .values(chat_id=bindparam("b_chat"), card_message_id=bindparam("b_card"))
)


def card_place(
    activity_id: int, chat_id: int, card_message_id: int
) -> tuple[Executable, dict[str, Any]]:
    """The write that remembers where an activity's card is shown (statement, parameters)."""
    return _SET_CARD, {"b_id": activity_id, "b_chat": chat_id, "b_card": card_message_id}


@functools.cache
def _insert_draft(dialect: str):  # type: ignore[no-untyped-def]
    """INSERT of a draft that yields to an existing row with the same source key (its id comes
    back as the inserted primary key: no rows to fetch)."""
    return insert_for(dialect)(_ACTIVITIES).on_conflict_do_nothing(index_elements=["source_key"])


def _values(new: NewActivity) -> dict[str, object]:
    return {
        "member_id": new.member_id,
        "logged_by_id": new.logged_by_id,
        "kind": new.kind,
        "happened_on": new.happened_on,
        "reported_at": new.reported_at,
        "attributes": dict(new.attributes),
        "attribute": public_attribute(new.attributes),
        "participants": new.participants,
        "text": new.text,
        "status": Status.DRAFT.value,
        "chat_id": new.chat_id,
        "message_id": new.message_id,
        "update_id": new.update_id,
        "source_key": new.source_key,
        "replaces_id": new.replaces_id,
        "line_no": 0,
    }


async def adjust_tally(
    session: AsyncSession, kind: str, attribute: str | None, day: dt.date, delta: int
) -> None:
    """Add `delta` to a day's tally (an upsert on both databases)."""
    values = {"kind": kind, "attribute": attribute or "", "day": day, "count": delta}
    statement = insert_for(session)(DayTally).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["kind", "attribute", "day"], set_={"count": DayTally.count + delta}
    )
    await session.execute(statement)
    counts_changed(session)


class ActivityRepository:
    """Activities; the caller owns the transaction. Every change to what counts is mirrored in
    the day tallies, in the same transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _tally(self, activity_id: int, delta: int) -> None:
        row = (
            await self.session.execute(
                select(ActivityRow.kind, ActivityRow.attribute, ActivityRow.happened_on).where(
                    ActivityRow.id == activity_id
                )
            )
        ).one_or_none()
        if row is not None:
            await adjust_tally(self.session, row[0], row[1], row[2], delta)

    async def _one(self, query: Select[ActivityRow, int]) -> Activity | None:
        found = (await self.session.execute(query)).first()
        return _to_activity(found[0], found[1]) if found else None

    async def _many(self, query: Select[ActivityRow, int]) -> list[Activity]:
        result = await self.session.execute(query)
        return [_to_activity(row, count) for row, count in result]

    async def highest_ids(self) -> tuple[int, int]:
        """The highest update id and message id the records were made from or shown in."""
        row = (
            await self.session.execute(
                select(
                    func.max(ActivityRow.update_id),
                    func.max(ActivityRow.message_id),
                    func.max(ActivityRow.card_message_id),
                )
            )
        ).one()
        return row[0] or 0, max(row[1] or 0, row[2] or 0)

    async def get(self, activity_id: int) -> Activity | None:
        return await self._one(_select().where(ActivityRow.id == activity_id))

    async def by_source(self, source_prefix: str) -> list[Activity]:
        """The drafts made from one message (source keys `chat:message:line`)."""
        # A range, not LIKE: the unique index on source_key serves it on every database.
        query = _select().where(
            ActivityRow.source_key >= f"{source_prefix}:",
            ActivityRow.source_key < f"{source_prefix};",
        )
        return await self._many(query.order_by(ActivityRow.id))

    async def add(self, new: NewActivity, *, status: Status = Status.DRAFT) -> Activity:
        row = ActivityRow(**{**_values(new), "status": status.value})
        self.session.add(row)
        await self.session.flush()
        return _to_activity(row)

    async def add_once(self, drafts: Sequence[NewActivity]) -> tuple[list[Activity], bool]:
        """Add the drafts of one message unless that message was already taken in.

        Each insert yields to an existing row with the same source key (ON CONFLICT DO NOTHING),
        so the same update handled twice, even at once by two workers, stores one set: the
        drafts of one message are added in one transaction, so if the first is there, all are.

        Returns:
            The drafts, and whether they were new (False: the same update came twice).
        """
        prefix = (drafts[0].source_key or "").rsplit(":", 1)[0] if drafts else ""
        added = []
        for new in drafts:
            if new.source_key is None:
                added.append(await self.add(new))
                continue
            values = _values(new)
            result = await self.session.execute(_insert_draft(dialect_of(self.session)), values)
            if not result.rowcount:  # type: ignore[attr-defined]
                return await self.by_source(prefix), False
            [row_id] = result.inserted_primary_key  # type: ignore[attr-defined]
            row = _Row(**values, id=row_id, card_message_id=None, deleted_at=None)
            added.append(_to_activity(row))  # type: ignore[arg-type]
        return added, True

    async def change(self, activity_id: int, **fields: object) -> Activity | None:
        """Change a draft's fields (kind, happened_on, attributes, member_id, card_message_id)."""
        row = await self.session.get(ActivityRow, activity_id)
        if row is None:
            return None
        for name, value in fields.items():
            setattr(row, name, value)
        if "attributes" in fields:
            row.attribute = public_attribute(row.attributes)
        await self.session.flush()
        return await self.get(activity_id)

    async def move_status(
        self, activity_id: int, old: Status, new: Status, now: dt.datetime | None = None
    ) -> bool:
        """Move a record from one status to another, once: False if it was not in `old`."""
        values: dict[str, object] = {"status": new.value}
        if new is Status.CONFIRMED:
            values["confirmed_at"] = now
        result = await self.session.execute(
            update(ActivityRow)
            .where(ActivityRow.id == activity_id, ActivityRow.status == old.value)
            .values(**values)
        )
        moved = bool(result.rowcount)  # type: ignore[attr-defined]
        if moved and Status.CONFIRMED in (old, new) and old is not new:
            deleted = await self.session.scalar(
                select(ActivityRow.deleted_at).where(ActivityRow.id == activity_id)
            )
            if deleted is None:
                await self._tally(activity_id, 1 if new is Status.CONFIRMED else -1)
        return moved

    async def expire_drafts(self, reported_before: dt.datetime) -> int:
        """Cancel every draft reported before the given time; returns how many."""
        result = await self.session.execute(
            update(ActivityRow)
            .where(
                ActivityRow.status == Status.DRAFT.value, ActivityRow.reported_at < reported_before
            )
            .values(status=Status.CANCELLED.value)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def soft_delete(self, activity_id: int, now: dt.datetime) -> bool:
        result = await self.session.execute(
            update(ActivityRow)
            .where(ActivityRow.id == activity_id, ActivityRow.deleted_at.is_(None))
            .values(deleted_at=now)
        )
        deleted = bool(result.rowcount)  # type: ignore[attr-defined]
        if deleted and await self._confirmed(activity_id):
            await self._tally(activity_id, -1)
        return deleted

    async def restore(self, activity_id: int) -> bool:
        result = await self.session.execute(
            update(ActivityRow)
            .where(ActivityRow.id == activity_id, ActivityRow.deleted_at.is_not(None))
            .values(deleted_at=None)
        )
        restored = bool(result.rowcount)  # type: ignore[attr-defined]
        if restored and await self._confirmed(activity_id):
            await self._tally(activity_id, 1)
        return restored

    async def _confirmed(self, activity_id: int) -> bool:
        status = await self.session.scalar(
            select(ActivityRow.status).where(ActivityRow.id == activity_id)
        )
        return status == Status.CONFIRMED.value

    async def recent(self, member_id: int, limit: int = 10) -> list[Activity]:
        """A member's latest confirmed activities (done by them or logged by them)."""
        query = (
            _select()
            .where(
                (ActivityRow.member_id == member_id) | (ActivityRow.logged_by_id == member_id),
                ActivityRow.status == Status.CONFIRMED.value,
                ActivityRow.deleted_at.is_(None),
            )
            .order_by(ActivityRow.happened_on.desc(), ActivityRow.id.desc())
            .limit(limit)
        )
        return await self._many(query)

    async def counted(
        self,
        kinds: Sequence[str] | None,
        member_ids: Sequence[int] | None,
        start: dt.date,
        end: dt.date,
        limit: int,
        attribute: str | None = None,
        *,
        total: bool = True,
    ) -> tuple[list[Activity], int]:
        """The newest counted records (of these kinds, of these members; None: any) done
        between two days, at most `limit`, and how many there are in all."""
        where = [
            ActivityRow.happened_on.between(start, end),
            ActivityRow.status == Status.CONFIRMED.value,
            ActivityRow.deleted_at.is_(None),
        ]
        if kinds is not None:
            where.append(ActivityRow.kind.in_(sorted(kinds)))
        if member_ids is not None:
            where.append(ActivityRow.member_id.in_(sorted(member_ids)))
        if attribute is not None:  # 和班子成员谈过话吗: the talks with them
            where.append(ActivityRow.attribute == attribute)
        query = (
            _select()
            .where(*where)
            .order_by(ActivityRow.happened_on.desc(), ActivityRow.id.desc())
            .limit(limit)
        )
        found = await self._many(query)
        if len(found) < limit or not total:  # (not total: the count is not wanted)
            return found, len(found)
        total = await self.session.scalar(
            select(func.count()).select_from(ActivityRow).where(*where)
        )
        return found, int(total or 0)

    async def who_did(
        self, kinds: Sequence[str], start: dt.date, end: dt.date, attribute: str | None = None
    ) -> frozenset[int]:
        """The members with a counted record of these kinds between two days."""
        query = (
            select(ActivityRow.member_id)
            .distinct()
            .where(
                ActivityRow.kind.in_(sorted(kinds)),
                ActivityRow.happened_on.between(start, end),
                ActivityRow.status == Status.CONFIRMED.value,
                ActivityRow.deleted_at.is_(None),
            )
        )
        if attribute is not None:
            query = query.where(ActivityRow.attribute == attribute)
        return frozenset(await self.session.scalars(query))

    async def confirmed_between(self, start: dt.datetime, end: dt.datetime) -> list[Activity]:
        """Records confirmed and counting, reported between two moments (a week's reports)."""
        query = _select().where(
            ActivityRow.reported_at >= start,
            ActivityRow.reported_at < end,
            ActivityRow.status == Status.CONFIRMED.value,
            ActivityRow.deleted_at.is_(None),
        )
        return await self._many(query.order_by(ActivityRow.happened_on, ActivityRow.id))

    async def last_confirmed_by(self, logger_id: int) -> Activity | None:
        query = (
            _select()
            .where(
                ActivityRow.logged_by_id == logger_id,
                ActivityRow.status == Status.CONFIRMED.value,
                ActivityRow.deleted_at.is_(None),
            )
            .order_by(ActivityRow.confirmed_at.desc(), ActivityRow.id.desc())
            .limit(1)
        )
        return await self._one(query)

    async def same_day(self, kind: str, day: dt.date, *, exclude: int) -> list[Activity]:
        """Confirmed records of this kind on this day (a unit event told twice?)."""
        query = _select().where(
            ActivityRow.kind == kind,
            ActivityRow.happened_on == day,
            ActivityRow.status == Status.CONFIRMED.value,
            ActivityRow.deleted_at.is_(None),
            ActivityRow.id != exclude,
        )
        return await self._many(query.order_by(ActivityRow.id))

    async def by_card(self, chat_id: int, card_message_id: int) -> Activity | None:
        query = _select().where(
            ActivityRow.chat_id == chat_id, ActivityRow.card_message_id == card_message_id
        )
        return await self._one(query.order_by(ActivityRow.id.desc()).limit(1))

    async def latest_card_of(self, logger_id: int, since: dt.datetime) -> Activity | None:
        """The member's most recent card (draft or confirmed) reported after `since`."""
        query = (
            _select()
            .where(
                ActivityRow.logged_by_id == logger_id,
                ActivityRow.reported_at >= since,
                ActivityRow.status.in_([Status.DRAFT.value, Status.CONFIRMED.value]),
                ActivityRow.deleted_at.is_(None),
            )
            .order_by(ActivityRow.reported_at.desc(), ActivityRow.id.desc())
            .limit(1)
        )
        return await self._one(query)

    async def move_attachments(self, from_id: int, to_id: int) -> None:
        """Hand an activity's evidence to its new version (a file it already has stays once)."""
        already = select(Attachment.file_unique_id).where(Attachment.activity_id == to_id)
        await self.session.execute(
            update(Attachment)
            .where(Attachment.activity_id == from_id, Attachment.file_unique_id.not_in(already))
            .values(activity_id=to_id)
        )

    async def add_attachment(
        self,
        activity_id: int,
        *,
        file_id: str,
        file_unique_id: str,
        name: str,
        mime_type: str | None,
        size: int | None,
        sha256: str | None,
        stored_path: str | None,
        added_by_id: int,
        now: dt.datetime,
    ) -> int:
        """Attach a file; the same file twice on one activity is kept once. Returns the count."""
        existing = await self.session.scalar(
            select(Attachment.id).where(
                Attachment.activity_id == activity_id, Attachment.file_unique_id == file_unique_id
            )
        )
        if existing is None:
            self.session.add(
                Attachment(
                    activity_id=activity_id,
                    telegram_file_id=file_id,
                    file_unique_id=file_unique_id,
                    file_name=name,
                    mime_type=mime_type,
                    size=size,
                    sha256=sha256,
                    stored_path=stored_path,
                    added_by_id=added_by_id,
                    created_at=now,
                )
            )
            await self.session.flush()
        count = await self.session.scalar(
            select(func.count(Attachment.id)).where(Attachment.activity_id == activity_id)
        )
        return int(count or 0)

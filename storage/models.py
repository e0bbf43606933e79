"""The tables, as SQLAlchemy 2 typed ORM classes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime, stored in UTC; SQLite hands back naive values, so they are made aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Person(Base):
    """A member of the office; named Person so as not to clash with the core's Member."""

    __tablename__ = "members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    digest_hour: Mapped[int] = mapped_column(Integer, default=9, server_default="9")
    digest_paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reminders_muted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    blocked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    department: Mapped[Department | None] = relationship(lazy="raise")
    roles: Mapped[list[MemberRole]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="MemberRole.role"
    )
    supervisions: Mapped[list[Supervision]] = relationship(
        lazy="raise", cascade="all, delete-orphan"
    )


class MemberRole(Base):
    __tablename__ = "member_roles"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class Supervision(Base):
    """A deputy supervises (分管) a department."""

    __tablename__ = "supervisions"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )
    department: Mapped[Department] = relationship(lazy="raise")


class ActivityRow(Base):
    """One reported activity; edits add a row that points at the one it replaces."""

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_member_day", "member_id", "happened_on"),
        Index("ix_activities_kind_day", "kind", "happened_on"),
        Index("ix_activities_logger_reported", "logged_by_id", "reported_at"),
        # Only the records that count: the progress queries read these indexes alone.
        Index(
            "ix_activities_counted_kind",
            "kind",
            "happened_on",
            "attribute",
            sqlite_where=text("status = 'confirmed' AND deleted_at IS NULL"),
            postgresql_where=text("status = 'confirmed' AND deleted_at IS NULL"),
        ),
        Index(
            "ix_activities_counted_day",
            "happened_on",
            "id",
            sqlite_where=text("status = 'confirmed' AND deleted_at IS NULL"),
            postgresql_where=text("status = 'confirmed' AND deleted_at IS NULL"),
        ),
        Index(
            "ix_activities_counted_member",
            "member_id",
            "happened_on",
            sqlite_where=text("status = 'confirmed' AND deleted_at IS NULL"),
            postgresql_where=text("status = 'confirmed' AND deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(48))
    happened_on: Mapped[dt.date] = mapped_column(Date)
    reported_at: Mapped[dt.datetime]
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The kind's one attribute value (counterpart, host, inspectors_present), for counting in SQL.
    attribute: Mapped[str | None] = mapped_column(String(40))
    participants: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    line_no: Mapped[int] = mapped_column(Integer, default=0)
    update_id: Mapped[int | None] = mapped_column(BigInteger)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    # chat:message:line of the report that created the draft; the same update twice is one row.
    source_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    confirmed_at: Mapped[dt.datetime | None]
    deleted_at: Mapped[dt.datetime | None]


class Attachment(Base):
    """Evidence for an activity: a file the member sent."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"), index=True)
    telegram_file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255), default="")
    mime_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    stored_path: Mapped[str | None] = mapped_column(String(500))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime]


class AuditEntry(Base):
    """An append-only, hash-chained record of every change."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Unique: two entries can never claim the same predecessor, so the chain cannot fork.
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Invitation(Base):
    """A one-time code that binds a Telegram account to a roster member; only its hash is kept."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by_telegram_id: Mapped[int | None] = mapped_column(BigInteger)


class JoinRequest(Base):
    """A stranger asking to join, waiting for an admin to bind or refuse."""

    __tablename__ = "join_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    claimed_name: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))


class Delivery(Base):
    """A message the bot sends on its own (digest, reminder, group post): written down before it
    is sent, marked after, so a restart neither loses it nor sends it twice."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(200))
    # Not before: a reminder a member asked for on the day of a planned activity
    due_at: Mapped[dt.datetime | None]


class GroupChat(Base):
    """A group the bot is in; it gets the unit's weekly progress."""

    __tablename__ = "group_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[dt.datetime]


class InboxUpdate(Base):
    """A Telegram update, kept from the moment it arrives until its effects are committed."""

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_pending", "done_at", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime]
    owner: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(200))


class Lease(Base):
    """Who runs the scheduled jobs: one holder at a time, taken over when it lapses."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime]


class DayTally(Base):
    """How many counted records of a kind (and attribute value) happened on a day: kept in step
    with every confirmation, deletion and edit, so that the unit's counters read a few hundred
    rows a year, however long the history."""

    __tablename__ = "day_tallies"

    kind: Mapped[str] = mapped_column(String(48), primary_key=True)
    attribute: Mapped[str] = mapped_column(String(40), primary_key=True)  # "" for none
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)

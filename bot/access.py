"""Who may use the bot: invitations, join requests, roster administration, the audit trail.

Every change here is written to the audit trail in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.core.parser import clean
from bot.core.people import Member, admins_lost
from bot.errors import ChangeError, LastAdminError, NotFoundError, OwnAdminRoleError
from storage.access import AccessRepository, Request
from storage.audit import AuditLog, AuditRecord
from storage.roster import RosterRepository

if TYPE_CHECKING:
    from bot.services import Services

INVITATION_LIFETIME = dt.timedelta(days=7)
JOIN_REQUEST_WAITS = dt.timedelta(days=1)  # unanswered longer, the person may ask again
JOIN_REQUESTS_PER_DAY = 3  # per Telegram account and office day: each one messages every admin
LANGS = ("zh", "en")


def snapshot(member: Member) -> dict[str, Any]:
    return {
        "name": member.name,
        "roles": sorted(member.roles),
        "department": member.department,
        "supervises": sorted(member.supervises),
        "lang": member.lang,
        "telegram_id": member.telegram_id,
        "active": member.active,
    }


@dataclass(frozen=True)
class Joined:
    member: Member


@dataclass(frozen=True)
class JoinRefused:
    reason: str  # invalid | taken | already | pending | too_many | no_name
    name: str = ""


@dataclass(frozen=True)
class Candidates:
    """An open join request and whom an admin may bind it to: `match` is the member the
    applicant claims to be, when that name is on the roster and not yet joined; `others` are
    the rest of the active members not yet joined, to be chosen explicitly."""

    request: Request
    match: Member | None
    others: tuple[Member, ...]


@dataclass(frozen=True)
class Requested:
    candidates: Candidates
    admins: tuple[Member, ...]


@dataclass(frozen=True)
class Decision:
    outcome: str  # bound | refused | decided | taken
    request: Request | None
    member: Member | None = None


@dataclass(frozen=True)
class Changes:
    roles: frozenset[str] | None = None
    department: str | None = None
    supervises: frozenset[str] | None = None
    lang: str | None = None
    active: bool | None = None


def _candidates(request: Request, everyone: list[Member]) -> Candidates:
    waiting = [m for m in everyone if m.active and m.telegram_id is None]
    # A one-tap binding only for the very name claimed (not 小李 or Li Ming, which could be
    # someone else): any other member is chosen explicitly, beside the claimed name.
    named = [m for m in waiting if m.name == request.claimed_name.strip()]
    match = named[0] if len(named) == 1 else None
    return Candidates(request, match, tuple(m for m in waiting if m != match))


def parse_changes(words: list[str], roles: set[str]) -> Changes:
    """`roles=a;b dept=X supervises=A;B lang=en leave|return` → Changes.

    Raises:
        ActivityBotError: naming the word that is not understood.
    """
    values: dict[str, Any] = {}
    for word in words:
        key, sep, value = word.partition("=")
        key = key.strip().lower()
        if not sep and key in ("leave", "deactivate", "停用"):
            values["active"] = False
        elif not sep and key in ("return", "activate", "启用"):
            values["active"] = True
        elif key == "roles":
            chosen = frozenset(r for r in value.split(";") if r)
            unknown = sorted(chosen - roles)
            if not chosen:
                raise ChangeError("no_roles", "roles= needs at least one role")
            if unknown:
                raise ChangeError("role", f"unknown role {unknown[0]!r}", value=unknown[0])
            values["roles"] = chosen
        elif key in ("dept", "department"):
            values["department"] = value.strip()
        elif key == "supervises":
            values["supervises"] = frozenset(d for d in value.split(";") if d)
        elif key == "lang":
            if value not in LANGS:
                raise ChangeError("lang", "lang must be zh or en", value=value)
            values["lang"] = value
        else:
            raise ChangeError("word", f"not understood: {word!r}", value=word)
    if not values:
        raise ChangeError("nothing", "nothing to change")
    return Changes(**values)


class Access:
    """Joining and administration."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def now(self) -> dt.datetime:
        return self.services.clock.now()

    def roles(self) -> set[str]:
        plans = [self.services.plans.for_year(y) for y in self.services.plans.years]
        return set().union(*(p.roles for p in plans if p))

    async def invite(self, admin: Member | None, name: str) -> tuple[Member, str]:
        """A one-time code for a roster member (admin None: an operator on the command line)."""
        code = secrets.token_urlsafe(18)
        now = self.now()
        async with self.services.writing() as session:
            member = await RosterRepository(session).by_name(name)
            if member is None or not member.active:
                raise NotFoundError(name)
            await AccessRepository(session).add_invitation(
                code, member.id, admin.id if admin else None, now, INVITATION_LIFETIME
            )
            await AuditLog(session).append(
                actor_id=admin.id if admin else None,
                action="invite",
                entity="member",
                entity_id=member.id,
                before=None,
                after={"expires": str((now + INVITATION_LIFETIME).date())},
                now=now,
            )
        return member, code

    async def join(self, telegram_id: int, code: str) -> Joined | JoinRefused:
        """Bind the Telegram account to the member the code was made for."""
        now = self.now()
        async with self.services.writing() as session:
            people = RosterRepository(session)
            current = await people.by_telegram_id(telegram_id)
            member_id = await AccessRepository(session).use_invitation(code, telegram_id, now)
            if member_id is None:
                return JoinRefused("invalid")
            if current is not None and current.id != member_id:
                return JoinRefused("taken", current.name)
            before = await people.by_id(member_id)
            assert before is not None
            await people.bind_telegram(member_id, telegram_id, now)
            after = await people.by_id(member_id)
            assert after is not None
            await AuditLog(session).append(
                actor_id=member_id,
                action="join",
                entity="member",
                entity_id=member_id,
                before=snapshot(before),
                after=snapshot(after),
                now=now,
            )
        self.services.people.clear()
        return Joined(after)

    async def request_join(
        self, telegram_id: int, display_name: str, claimed_name: str
    ) -> Requested | JoinRefused:
        """Record a stranger's request for the admins: one open request per account, and at
        most JOIN_REQUESTS_PER_DAY a day (the requests in the database are the count, so a
        restart forgets nothing). The names reach the admins without control or direction
        characters, which could make one name read as another."""
        claimed, display = clean(claimed_name)[:50], clean(display_name)
        if not claimed:
            return JoinRefused("no_name")
        now = self.now()
        day_began = now.replace(hour=0, minute=0, second=0, microsecond=0)
        async with self.services.writing() as session:
            people, access = RosterRepository(session), AccessRepository(session)
            if await people.by_telegram_id(telegram_id) is not None:
                return JoinRefused("already")
            if await access.open_request(telegram_id, now - JOIN_REQUEST_WAITS) is not None:
                return JoinRefused("pending")
            if await access.requests_since(telegram_id, day_began) >= JOIN_REQUESTS_PER_DAY:
                return JoinRefused("too_many")
            request = await access.add_request(telegram_id, display, claimed, now)
            everyone = await people.members(include_inactive=False)
        admins = tuple(m for m in everyone if m.is_admin and m.telegram_id is not None)
        return Requested(_candidates(request, everyone), admins)

    async def candidates(self, request_id: int) -> Candidates | None:
        """Whom an open request may be bound to; None once it is decided (or unknown)."""
        async with self.services.sessions() as session:
            request = await AccessRepository(session).request(request_id)
            if request is None or request.status != "open":
                return None
            everyone = await RosterRepository(session).members(include_inactive=False)
        return _candidates(request, everyone)

    async def decide(self, admin: Member, request_id: int, member_id: int | None) -> Decision:
        """Bind a join request to a member (or refuse it), once."""
        if not admin.is_admin:
            return Decision("not_allowed", None)
        now = self.now()
        async with self.services.writing() as session:
            access, people = AccessRepository(session), RosterRepository(session)
            request = await access.request(request_id)
            if request is None or request.status != "open":
                return Decision("decided", request)
            if member_id is None:
                await access.decide(request_id, "refused", admin.id, now)
                await AuditLog(session).append(
                    actor_id=admin.id,
                    action="join.refuse",
                    entity="join_request",
                    entity_id=request_id,
                    before=None,
                    after={"telegram_id": request.telegram_id},
                    now=now,
                )
                return Decision("refused", request)
            member = await people.by_id(member_id)
            holder = await people.by_telegram_id(request.telegram_id)
            if (
                member is None
                or not member.active
                or member.telegram_id is not None  # joined meanwhile: never rebind them
                or holder is not None
            ):
                return Decision("taken", request, member)
            await access.decide(request_id, "approved", admin.id, now)
            await people.bind_telegram(member.id, request.telegram_id, now)
            after = await people.by_id(member.id)
            assert after is not None
            await AuditLog(session).append(
                actor_id=admin.id,
                action="join",
                entity="member",
                entity_id=member.id,
                before=snapshot(member),
                after=snapshot(after),
                now=now,
            )
        self.services.people.clear()
        return Decision("bound", request, after)

    async def change(self, admin: Member | None, name: str, changes: Changes) -> Member:
        """Change a member's roles, department, supervision, language, or deactivate them.

        Raises:
            NotFoundError: nobody of that name.
            OwnAdminRoleError: an admin (`admin`; None is the operator) taking away their own
                admin role or deactivating themselves.
            LastAdminError: the change would leave no active admin.
            ChangeError: an empty or unknown department.
        """
        now = self.now()
        async with self.services.writing() as session:
            people = RosterRepository(session)
            member = await people.by_name(name)
            if member is None:
                raise NotFoundError(name)
            changed = replace(
                member,
                roles=member.roles if changes.roles is None else changes.roles,
                active=member.active if changes.active is None else changes.active,
            )
            if member.is_admin and member.active and not (changed.is_admin and changed.active):
                if admin is not None and admin.id == member.id:
                    raise OwnAdminRoleError(member.name)
                everyone = await people.members()
                lost = admins_lost(
                    everyone, [changed if m.id == member.id else m for m in everyone]
                )
                if lost:
                    raise LastAdminError([m.name for m in lost])
            if changes.department is not None and not changes.department.strip():
                raise ChangeError("no_department", "the department cannot be empty")
            known = set(await people.department_names())
            wanted = set(changes.supervises or ()) | (
                {changes.department} if changes.department else set()
            )
            unknown = sorted(wanted - known)
            if unknown:
                raise ChangeError(
                    "department", f"unknown department {unknown[0]!r}", value=unknown[0]
                )
            after = await people.update(
                member.id,
                now=now,
                roles=changes.roles,
                department=changes.department,
                supervises=changes.supervises,
                lang=changes.lang,
                active=changes.active,
            )
            await AuditLog(session).append(
                actor_id=admin.id if admin else None,
                action="member.update",
                entity="member",
                entity_id=member.id,
                before=snapshot(member),
                after=snapshot(after),
                now=now,
            )
        self.services.people.clear()
        return after

    async def audit(self, member_name: str | None = None, limit: int = 1000) -> list[AuditRecord]:
        async with self.services.sessions() as session:
            actor = None
            if member_name:
                found = await RosterRepository(session).by_name(member_name)
                if found is None:
                    raise NotFoundError(member_name)
                actor = found.id
            entries = await AuditLog(session).entries(limit=100_000)
        if actor is not None:
            entries = [
                e
                for e in entries
                if actor in (e.actor_id, e.entity_id)
                and (e.actor_id == actor or e.entity == "member")
            ]
        return entries[-limit:]

    async def verify(self) -> int | None:
        async with self.services.sessions() as session:
            return await AuditLog(session).verify()

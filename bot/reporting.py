"""Reporting activities: from a message to drafts, from button presses to records, evidence.

Each use case opens its own unit of work; the results are plain values that `bot.views` turns
into text and buttons.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import deferred
from bot.callbacks import Press
from bot.core.activity import (
    DRAFT_LIFETIME,
    Activity,
    DayProblem,
    NewActivity,
    Status,
    day_problem,
    is_unit_kind,
)
from bot.core.mood import Mood, is_courtesy
from bot.core.parser import OTHER, Reading, Recogniser, clean
from bot.core.people import Member, person_named
from bot.core.plan import Plan
from bot.core.progress import Tally
from bot.core.questions import told_after_question
from bot.i18n import t
from storage.activities import ActivityRepository, card_place
from storage.audit import AuditLog
from storage.deliveries import DeliveryRepository

if TYPE_CHECKING:
    from bot.services import RosterCache, Services

MAX_REPORT_CHARS = 1000
EVIDENCE_WINDOW = dt.timedelta(minutes=30)
HIDDEN = "_"  # attribute keys starting with this are the draft's notes, not the record's


@dataclass(frozen=True)
class Card:
    """An activity to show on a card, with what the member needs to know about it."""

    activity: Activity
    member: Member
    logger: Member
    plan: Plan
    problem: DayProblem | None = None
    duplicates: tuple[tuple[Activity, str], ...] = ()
    tallies: tuple[Tally, ...] = ()  # what confirming it does to each obligation it counts in

    @property
    def candidates(self) -> tuple[str, ...]:
        raw = self.activity.attributes.get("_candidates", "")
        return tuple(k for k in raw.split(",") if k)

    @property
    def needs_kind(self) -> bool:
        return bool(self.candidates)

    @property
    def missing_attribute(self) -> str | None:
        spec = self.plan.kinds[self.activity.kind].attribute if not self.needs_kind else None
        if spec is not None and spec.name not in self.activity.attributes:
            return spec.name
        return None

    @property
    def ready(self) -> bool:
        return not self.needs_kind and self.missing_attribute is None and self.problem is None


# What a press or a message leads to.


@dataclass(frozen=True)
class Hint:
    # empty | not_report | question | too_long | file_without_activity | planned | not_done |
    # cancelled
    reason: str
    # a plan with its kind and day: the bot offers to remind the member on that day
    remind: tuple[str, dt.date] | None = None


def _is(name: str | None, member: Member) -> bool:
    return name is not None and person_named(name, [member]) is not None


def _not_a_report(reading: Reading, today: dt.date) -> Hint:
    """Why a message that is not a report gets no card: a question, a plan (with the offer of
    a reminder on its day, when it names one), an activity that has not happened or was put
    off, or nothing the bot can read."""
    if reading.is_question:
        return Hint("question")
    if reading.mood in (Mood.CORRECTION, Mood.DETAIL):
        return Hint(reading.mood.value)
    if (
        reading.mood is Mood.PLANNED
        and reading.kind not in (None, OTHER)
        and reading.day
        and reading.day > today
        and reading.day_question is None  # (下个月: no day was given)
    ):
        return Hint("planned", (reading.kind, reading.day))
    if (reading.candidates or reading.alternatives) and reading.mood is not Mood.DONE:
        return Hint(reading.mood.value)  # 党组会延期到下周: put off, whatever it was
    if is_courtesy(reading.text):
        return Hint("courtesy")
    return Hint("not_report")


@dataclass(frozen=True)
class Reminded:
    """A reminder on the day of a planned activity, written down."""

    kind: str
    day: dt.date
    plan: Plan
    hour: int = 9


@dataclass(frozen=True)
class Refusal:
    key: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Drafts:
    cards: tuple[Card, ...]
    new: bool
    skipped: tuple[str, ...] = ()  # lines of the message not taken as activities


@dataclass(frozen=True)
class CardScreen:
    card: Card


@dataclass(frozen=True)
class KindPicker:
    card: Card | None
    kinds: tuple[str, ...]
    plan: Plan


@dataclass(frozen=True)
class DatePicker:
    card: Card | None
    kind: str
    month: dt.date
    today: dt.date
    plan: Plan


@dataclass(frozen=True)
class AttributePicker:
    card: Card


@dataclass(frozen=True)
class PersonPicker:
    card: Card
    people: tuple[Member, ...]


@dataclass(frozen=True)
class DuplicateScreen:
    card: Card


@dataclass(frozen=True)
class Notice:
    key: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchDone:
    confirmed: int
    waiting: int
    cancelled: int
    duplicates: int = 0  # like a record already kept (or one before it in the same message)
    settled: tuple[Card, ...] = ()  # the cards confirmed or cancelled, to show as they now are


@dataclass(frozen=True)
class HistoryScreen:
    member: Member
    activities: tuple[Activity, ...]
    plan: Plan


@dataclass(frozen=True)
class DeleteConfirm:
    activity: Activity
    plan: Plan


@dataclass(frozen=True)
class Undone:
    activity: Activity
    plan: Plan


@dataclass(frozen=True)
class Attached:
    activity: Activity
    count: int
    plan: Plan


Screen = (
    CardScreen
    | KindPicker
    | DatePicker
    | AttributePicker
    | PersonPicker
    | DuplicateScreen
    | Notice
    | BatchDone
    | HistoryScreen
    | DeleteConfirm
    | Undone
    | Reminded
)


@dataclass(frozen=True)
class FileInfo:
    file_id: str
    file_unique_id: str
    name: str
    mime_type: str | None
    size: int | None


def _public(attributes: dict[str, str] | Any) -> dict[str, str]:
    return {k: v for k, v in dict(attributes).items() if not k.startswith(HIDDEN)}


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "member_id": activity.member_id,
        "kind": activity.kind,
        "happened_on": activity.happened_on.isoformat(),
        "attributes": _public(activity.attributes),
        "participants": activity.participants,
        "text": activity.text,
        "status": activity.status.value,
    }


class Reports:
    """The reporting use cases."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._recognisers: dict[int, Recogniser] = {}

    # Helpers -------------------------------------------------------------------------------------

    def plan_for(self, day: dt.date) -> Plan:
        return self.services.plans.for_day(day) or self.services.plans.latest()

    def recogniser(self, plan: Plan) -> Recogniser:
        if plan.year not in self._recognisers:
            self._recognisers[plan.year] = Recogniser(plan)
        return self._recognisers[plan.year]

    def now(self) -> dt.datetime:
        return self.services.clock.now()

    async def _card(
        self,
        repo: ActivityRepository,
        people: RosterCache,
        activity: Activity,
        *,
        with_duplicates: bool = False,
    ) -> Card:
        plan = self.plan_for(activity.happened_on)
        member = await people.by_id(activity.member_id)
        logger = await people.by_id(activity.logged_by_id or activity.member_id)
        assert member is not None and logger is not None
        problem = day_problem(self.services.plans, activity.happened_on, self.now().date())
        if problem is DayProblem.OUTSIDE_PLAN and activity.status is not Status.DRAFT:
            problem = None
        # A day to ask for, unless the month meant is outside every plan (去年12月 with no
        # 2021 plan): then that is the one thing to say.
        asking = activity.status is Status.DRAFT and "_ask_day" in activity.attributes
        if asking and problem is not DayProblem.OUTSIDE_PLAN:
            problem = DayProblem.ASK
        duplicates: tuple[tuple[Activity, str], ...] = ()
        if with_duplicates:
            found = await repo.same_day(activity.kind, activity.happened_on, exclude=activity.id)
            named = []
            for other in found:
                if other.id == activity.replaces_id:
                    continue
                who = await people.by_id(other.member_id)
                named.append((other, who.name if who else "?"))
            duplicates = tuple(named)
        tallies: tuple[Tally, ...] = ()
        if activity.status in (Status.DRAFT, Status.CONFIRMED) and problem is not DayProblem.ASK:
            replaced = (
                await repo.get(activity.replaces_id)
                if activity.replaces_id is not None and activity.status is Status.DRAFT
                else None
            )
            if replaced is not None:  # an edit keeps the evidence of the version it replaces
                attachments = activity.attachments + replaced.attachments
                activity = replace(activity, attachments=attachments)
            tallies = tuple(
                await self.services.standing.tallies(
                    repo.session,
                    member,
                    activity,
                    replaced,
                    recent=activity.status is Status.DRAFT,
                )
            )
        # A day past the plan year that is in none of its grace windows: outside, as any other.
        past_year = activity.happened_on.year != plan.year
        if problem is None and activity.status is Status.DRAFT and past_year and not tallies:
            problem = DayProblem.OUTSIDE_PLAN
        return Card(activity, member, logger, plan, problem, duplicates, tallies)

    # Messages -------------------------------------------------------------------------------------

    async def receive(
        self, member: Member, text: str, *, chat_id: int, message_id: int, update_id: int | None
    ) -> Hint | Refusal | Drafts:
        """Turn a member's message into drafts, or say why not."""
        text = clean(text)
        if not text:
            return Hint("empty")
        if len(text) > MAX_REPORT_CHARS:
            return Hint("too_long")
        now = self.now()
        plan = self.plan_for(now.date())
        roster = await self.services.people.members()
        readings, skipped = self.recogniser(plan).read_lines(text, now.date(), roster)
        told = told_after_question(text) if len(readings) == 1 else None
        if told is not None and readings[0].is_question:  # 谁还没去过？反正我今天去了…
            readings, skipped = self.recogniser(plan).read_lines(told, now.date(), roster)
        if len(readings) == 1 and not readings[0].is_report:
            return _not_a_report(readings[0], now.date())
        # A report that opens with a colleague as its subject is theirs when an admin sends it;
        # anyone else reports their own part ("王书记给我们讲了党课": staff took part).
        readings = [
            replace(r, on_behalf_of=None, behalf_implied=False)
            if r.behalf_implied and (not member.is_admin or _is(r.on_behalf_of, member))
            else r
            for r in readings
        ]
        async with self.services.writing() as session:
            people = self.services.people
            subjects: dict[str, Member] = {}  # each line is for the person it names, or me
            names = sorted({r.on_behalf_of for r in readings if r.on_behalf_of})
            if names and not member.is_admin:
                return Refusal("behalf.admin_only")
            for name in names:
                found = person_named(name, roster)
                if found is None:
                    return Refusal("behalf.unknown", {"name": name})
                subjects[name] = found
            drafts = [
                self._draft(
                    reading,
                    subjects.get(reading.on_behalf_of or "", member),
                    member,
                    now,
                    chat_id,
                    message_id,
                    update_id,
                    i,
                )
                for i, reading in enumerate(readings)
            ]
            repo = ActivityRepository(session)
            added, new = await repo.add_once(drafts)
            cards = [await self._card(repo, people, a) for a in added]
        return Drafts(tuple(cards), new, skipped)

    def _draft(
        self,
        reading: Reading,
        subject: Member,
        logger: Member,
        now: dt.datetime,
        chat_id: int,
        message_id: int,
        update_id: int | None,
        line: int,
    ) -> NewActivity:
        attributes: dict[str, str] = {}
        if reading.kind is None:
            attributes["_candidates"] = ",".join(reading.candidates)
        if reading.attribute:
            attributes[reading.attribute[0]] = reading.attribute[1]
        if reading.day_assumed:
            attributes["_assumed"] = "1"
        if reading.day_question:
            attributes["_ask_day"] = reading.day_question
            if reading.day_impossible:
                attributes["_impossible"] = "1"
            if reading.day_conflict:
                attributes["_weekday"] = "1"
        return NewActivity(
            member_id=subject.id,
            logged_by_id=logger.id,
            kind=reading.kind or reading.candidates[0],
            happened_on=reading.day or now.date(),
            reported_at=now,
            attributes=attributes,
            participants=reading.participants,
            text=reading.text,
            chat_id=chat_id,
            message_id=message_id,
            update_id=update_id,
            source_key=f"{chat_id}:{message_id}:{line}",
        )

    async def set_card(self, activity_id: int, card_message_id: int, chat_id: int) -> None:
        """Remember where a draft's card is shown (a reply to it attaches evidence): with the
        mark that the update is done when the intake handles it, else at once."""
        write = card_place(activity_id, chat_id, card_message_id)
        if deferred.defer(write):
            return
        async with self.services.writing() as session:
            await session.execute(*write)

    # Button presses -------------------------------------------------------------------------------

    async def press(self, member: Member, press: Press) -> Screen:
        """Carry out a button press by `member`; anything not theirs or stale is refused."""
        if press.scope == "d" and press.target is not None:
            return await self._draft_press(member, press.target, press.action, press.arg)
        if press.scope == "g" and press.target is not None:
            return await self._batch_press(member, press.target, press.action)
        if press.scope == "h" and press.target is not None:
            return await self._history_press(member, press.target, press.action)
        if press.scope == "l":
            return await self._log_press(member, press.action, press.arg)
        return Notice("press.noop")

    async def _draft_press(
        self, member: Member, activity_id: int, action: str, arg: str | None
    ) -> Screen:
        now = self.now()
        async with self.services.writing() as session:
            repo, people = ActivityRepository(session), self.services.people
            activity = await repo.get(activity_id)
            if activity is None or member.id not in _editors(activity):
                return Notice("press.not_yours")
            if activity.status is Status.CONFIRMED:
                return Notice("press.already_confirmed")
            if activity.status is not Status.DRAFT:
                return Notice("press.already_closed")
            if activity.expired(now):
                await repo.move_status(activity.id, Status.DRAFT, Status.CANCELLED)
                return Notice("press.expired")
            card = await self._card(repo, people, activity)
            plan = card.plan
            attrs = dict(activity.attributes)
            if action == "x":
                await repo.move_status(activity.id, Status.DRAFT, Status.CANCELLED)
                cancelled = await repo.get(activity.id)
                assert cancelled is not None
                return CardScreen(replace(card, activity=cancelled))
            if action == "kind":
                kinds = (*card.candidates, "other") if card.needs_kind else tuple(plan.kinds)
                return KindPicker(card, kinds, plan)
            if action == "k":
                if arg not in plan.kinds:
                    return Notice("press.stale")
                attrs.pop("_candidates", None)
                if arg != activity.kind or card.needs_kind:
                    attrs = {k: v for k, v in attrs.items() if k.startswith(HIDDEN)}
                    attrs.pop("_candidates", None)
                    reading = self.recogniser(plan).attribute_in(arg, activity.text)
                    if reading:
                        attrs[reading[0]] = reading[1]
                changed = await repo.change(activity.id, kind=arg, attributes=attrs)
                assert changed is not None
                return self.next_screen(await self._card(repo, people, changed))
            if action in ("date", "cal"):
                month = _month_of(arg) if action == "cal" else activity.happened_on
                if month is None:
                    return Notice("press.stale")
                return DatePicker(card, activity.kind, month.replace(day=1), now.date(), plan)
            if action == "day":
                day = _day_of(arg)
                if day is None:
                    return Notice("press.stale")
                for note in ("_assumed", "_ask_day", "_impossible", "_weekday"):
                    attrs.pop(note, None)
                changed = await repo.change(activity.id, happened_on=day, attributes=attrs)
                assert changed is not None
                return self.next_screen(await self._card(repo, people, changed))
            if action == "a":
                spec = plan.kinds[activity.kind].attribute
                if spec is None or arg not in spec.values:
                    return Notice("press.stale")
                attrs[spec.name] = arg
                changed = await repo.change(activity.id, attributes=attrs)
                assert changed is not None
                return self.next_screen(await self._card(repo, people, changed))
            if action == "who":
                if not member.is_admin:
                    return Notice("press.not_allowed")
                people_list = tuple(m for m in await people.members(include_inactive=False))
                return PersonPicker(card, people_list)
            if action == "m":
                subject = await people.by_id(int(arg)) if arg and arg.isdecimal() else None
                if not member.is_admin or subject is None or not subject.active:
                    return Notice("press.not_allowed")
                changed = await repo.change(activity.id, member_id=subject.id)
                assert changed is not None
                return self.next_screen(await self._card(repo, people, changed))
            if action == "back":
                return self.next_screen(card)
            if action in ("ok", "dup"):
                return await self._confirm(repo, people, card, member, now, force=action == "dup")
        return Notice("press.stale")

    def next_screen(self, card: Card) -> Screen:
        """What a card needs next: a kind, an attribute, or nothing (the card itself)."""
        if card.needs_kind:
            return KindPicker(card, (*card.candidates, "other"), card.plan)
        if card.missing_attribute:
            return AttributePicker(card)
        return CardScreen(card)

    async def _confirm(
        self,
        repo: ActivityRepository,
        people: RosterCache,
        card: Card,
        member: Member,
        now: dt.datetime,
        *,
        force: bool,
    ) -> Screen:
        if not card.ready:
            return self.next_screen(card)
        activity = card.activity
        if not force:
            checked = await self._card(repo, people, activity, with_duplicates=True)
            # A unit event told by anyone, or the same person's own record told twice.
            unit = is_unit_kind(card.plan, activity.kind)
            same = tuple(
                d for d in checked.duplicates if unit or d[0].member_id == activity.member_id
            )
            if same:
                return DuplicateScreen(replace(checked, duplicates=same))
        public = _public(activity.attributes)
        await repo.change(activity.id, attributes=public)
        if not await repo.move_status(activity.id, Status.DRAFT, Status.CONFIRMED, now):
            return Notice("press.already_confirmed")
        old = None
        if activity.replaces_id is not None:  # an edit: the new version takes the old's place
            old = await repo.get(activity.replaces_id)
            await repo.move_status(activity.replaces_id, Status.CONFIRMED, Status.REPLACED)
            await repo.move_attachments(activity.replaces_id, activity.id)
        confirmed = await repo.get(activity.id)
        assert confirmed is not None
        await AuditLog(repo.session).append(
            actor_id=member.id,
            action="edit" if activity.replaces_id is not None else "create",
            entity="activity",
            entity_id=confirmed.id,
            before=_snapshot(old) if old else None,
            after=_snapshot(confirmed),
            now=now,
        )
        return CardScreen(await self._card(repo, people, confirmed))

    async def _batch_press(self, member: Member, activity_id: int, action: str) -> Screen:
        now = self.now()
        async with self.services.writing() as session:
            repo, people = ActivityRepository(session), self.services.people
            first = await repo.get(activity_id)
            if first is None or first.logged_by_id != member.id or first.source_key is None:
                return Notice("press.not_yours")
            group = await repo.by_source(first.source_key.rsplit(":", 1)[0])
            confirmed = waiting = cancelled = duplicates = 0
            settled: list[Card] = []
            for activity in group:
                if activity.status is not Status.DRAFT:
                    continue
                if activity.expired(now) or action == "x":
                    await repo.move_status(activity.id, Status.DRAFT, Status.CANCELLED)
                    cancelled += 1
                    closed = await repo.get(activity.id)
                    assert closed is not None
                    settled.append(await self._card(repo, people, closed))
                    continue
                card = await self._card(repo, people, activity)
                screen = await self._confirm(repo, people, card, member, now, force=False)
                if isinstance(screen, CardScreen) and screen.card.activity.counts:
                    confirmed += 1
                    settled.append(screen.card)
                elif isinstance(screen, DuplicateScreen):
                    duplicates += 1
                    settled.append(screen.card)  # its card asks, as pressing 确认 on it would
                else:
                    waiting += 1
        return BatchDone(confirmed, waiting, cancelled, duplicates, tuple(settled))

    async def _history_press(self, member: Member, activity_id: int, action: str) -> Screen:
        now = self.now()
        async with self.services.writing() as session:
            repo, people = ActivityRepository(session), self.services.people
            activity = await repo.get(activity_id)
            allowed = activity is not None and member.id in (
                activity.member_id,
                activity.logged_by_id,
            )
            if activity is None or not allowed:
                return Notice("press.not_yours")
            plan = self.plan_for(activity.happened_on)
            if action == "restore":
                if await repo.restore(activity.id):
                    await AuditLog(session).append(
                        actor_id=member.id,
                        action="restore",
                        entity="activity",
                        entity_id=activity.id,
                        before=None,
                        after=_snapshot(activity),
                        now=now,
                    )
                    return Notice("history.restored")
                return Notice("press.stale")
            if not activity.counts:
                return Notice("press.stale")
            if action == "del":
                return DeleteConfirm(activity, plan)
            if action == "keep":
                return await self._history(repo, member)
            if action == "delok":
                if await repo.soft_delete(activity.id, now):
                    await AuditLog(session).append(
                        actor_id=member.id,
                        action="delete",
                        entity="activity",
                        entity_id=activity.id,
                        before=_snapshot(activity),
                        after=None,
                        now=now,
                    )
                return await self._history(repo, member)
            if action == "edit":
                draft = await repo.add(
                    NewActivity(  # the same record again: for and by the same people
                        member_id=activity.member_id,
                        logged_by_id=activity.logged_by_id or activity.member_id,
                        kind=activity.kind,
                        happened_on=activity.happened_on,
                        reported_at=now,
                        attributes=dict(activity.attributes),
                        participants=activity.participants,
                        text=activity.text,
                        chat_id=activity.chat_id,
                        replaces_id=activity.id,
                    )
                )
                return CardScreen(await self._card(repo, people, draft))
        return Notice("press.stale")

    async def _history(self, repo: ActivityRepository, member: Member) -> HistoryScreen:
        activities = await repo.recent(member.id)
        return HistoryScreen(member, tuple(activities), self.plan_for(self.now().date()))

    async def _remind_on(self, member: Member, kind: str, day: dt.date | None) -> Screen:
        """Write down a reminder for the morning of a planned activity's day (once per member,
        kind and day, however often the button is pressed)."""
        now = self.now()
        if day is None or not now.date() < day <= now.date() + dt.timedelta(days=366):
            return Notice("press.stale")
        if member.telegram_id is None:
            return Notice("press.stale")
        plan = self.plan_for(now.date())
        zone = self.services.settings.zone
        what = plan.kinds[kind].label.in_(member.lang)
        async with self.services.writing() as session:
            await DeliveryRepository(session).add(
                key=f"plan:{member.id}:{kind}:{day:%Y%m%d}",
                kind="plan",
                chat_id=member.telegram_id,
                member_id=member.id,
                text=t(member.lang, "plan.reminder", what=escape(what)),
                buttons=[],
                now=now,
                due_at=dt.datetime.combine(day, dt.time(PLAN_REMINDER_HOUR), zone),
            )
        return Reminded(kind, day, plan, PLAN_REMINDER_HOUR)

    async def _log_press(self, member: Member, action: str, arg: str | None) -> Screen:
        now = self.now()
        plan = self.plan_for(now.date())
        parts = (arg or "").split(":")
        kind = parts[0] if parts and parts[0] else None
        if action == "start":
            return KindPicker(None, tuple(plan.kinds), plan)
        if kind not in plan.kinds:
            return Notice("press.stale")
        assert kind is not None
        if action == "rm":
            day = _day_of(parts[1] if len(parts) > 1 else None)
            return await self._remind_on(member, kind, day)
        if action == "k":
            return DatePicker(None, kind, now.date().replace(day=1), now.date(), plan)
        if action == "c":
            month = _month_of(parts[1] if len(parts) > 1 else None)
            if month is None:
                return Notice("press.stale")
            return DatePicker(None, kind, month, now.date(), plan)
        if action == "d":
            day = _day_of(parts[1] if len(parts) > 1 else None)
            if day is None:
                return Notice("press.stale")
            async with self.services.writing() as session:
                repo, people = ActivityRepository(session), self.services.people
                draft = await repo.add(
                    NewActivity(
                        member_id=member.id,
                        logged_by_id=member.id,
                        kind=kind,
                        happened_on=day,
                        reported_at=now,
                    )
                )
                return self.next_screen(await self._card(repo, people, draft))
        return Notice("press.stale")

    async def expire_drafts(self) -> int:
        """Close the drafts nobody confirmed within a day."""
        async with self.services.writing() as session:
            return await ActivityRepository(session).expire_drafts(self.now() - DRAFT_LIFETIME)

    # Commands -------------------------------------------------------------------------------------

    async def history(self, member: Member) -> HistoryScreen:
        async with self.services.sessions() as session:
            return await self._history(ActivityRepository(session), member)

    async def undo(self, member: Member) -> Undone | None:
        """Take back the member's last confirmed record (soft delete)."""
        now = self.now()
        async with self.services.writing() as session:
            repo = ActivityRepository(session)
            last = await repo.last_confirmed_by(member.id)
            if last is None or not await repo.soft_delete(last.id, now):
                return None
            await AuditLog(session).append(
                actor_id=member.id,
                action="delete",
                entity="activity",
                entity_id=last.id,
                before=_snapshot(last),
                after=None,
                now=now,
            )
            return Undone(last, self.plan_for(last.happened_on))

    # Evidence -------------------------------------------------------------------------------------

    async def evidence_target(
        self, member: Member, chat_id: int, reply_to: int | None
    ) -> Activity | None:
        """The activity a file is evidence for: the card it replies to, else the latest card."""
        async with self.services.sessions() as session:
            repo = ActivityRepository(session)
            found = None
            if reply_to is not None:
                found = await repo.by_card(chat_id, reply_to)
                if found is not None and member.id not in (found.logged_by_id, found.member_id):
                    found = None
            if found is None:
                found = await repo.latest_card_of(member.id, self.now() - EVIDENCE_WINDOW)
            if found is not None and found.status is Status.DRAFT and found.replaces_id:
                # An edit not yet confirmed: the file is for the record being edited (it moves
                # to the new version on confirmation, and stays if the edit is cancelled).
                return await repo.get(found.replaces_id)
            return found

    async def attach(
        self, member: Member, activity: Activity, info: FileInfo, content: bytes | None
    ) -> Attached:
        """Keep a file as evidence: its Telegram ids always, a copy and SHA-256 when downloaded."""
        digest = stored = None
        if content is not None:
            digest = hashlib.sha256(content).hexdigest()
            folder = Path(self.services.settings.evidence_dir)
            suffix = Path(info.name).suffix[:10] if info.name else ""
            path = folder / f"{digest}{suffix}"
            await asyncio.to_thread(_write_once, path, content)
            stored = str(path)
        now = self.now()
        async with self.services.writing() as session:
            repo = ActivityRepository(session)
            count = await repo.add_attachment(
                activity.id,
                file_id=info.file_id,
                file_unique_id=info.file_unique_id,
                name=info.name,
                mime_type=info.mime_type,
                size=info.size,
                sha256=digest,
                stored_path=stored,
                added_by_id=member.id,
                now=now,
            )
            await AuditLog(session).append(
                actor_id=member.id,
                action="attach",
                entity="activity",
                entity_id=activity.id,
                before=None,
                after={"file": info.name, "sha256": digest},
                now=now,
            )
        return Attached(activity, count, self.plan_for(activity.happened_on))

    async def attach_to_each(
        self, member: Member, drafts: Drafts, info: FileInfo, content: bytes | None
    ) -> Drafts:
        """A file sent with the report's words (a photo's caption) is evidence of each of its
        drafts; the cards count it."""
        cards = []
        for card in drafts.cards:
            attached = await self.attach(member, card.activity, info, content)
            cards.append(replace(card, activity=replace(card.activity, attachments=attached.count)))
        return replace(drafts, cards=tuple(cards))


def _editors(draft: Activity) -> tuple[int | None, ...]:
    """Who may press a draft's buttons: its logger; for an edit, also the person it is for."""
    return (draft.logged_by_id, draft.member_id if draft.replaces_id else None)


def _write_once(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_bytes(content)


def _month_of(arg: str | None) -> dt.date | None:
    if not arg or len(arg) != 6 or not arg.isdecimal():
        return None
    year, month = int(arg[:4]), int(arg[4:])
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


PLAN_REMINDER_HOUR = 9


def _day_of(arg: str | None) -> dt.date | None:
    if not arg or len(arg) != 8 or not arg.isdecimal():
        return None
    try:
        return dt.date(int(arg[:4]), int(arg[4:6]), int(arg[6:]))
    except ValueError:
        return None

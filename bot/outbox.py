"""What the bot sends on its own: weekly digests, the admins' table, group posts, reminders.

`prepare(now)` writes down every message due by `now` that is not written yet (one per key:
member and week, obligation and person and week), before anything is sent; `bot.jobs` sends
what is pending and marks it. A restart therefore sends what is left and nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.activity import Activity
from bot.core.digest import (
    IsWorkday,
    Logged,
    Message,
    Reminder,
    compose_digest,
    compose_reminders,
    compose_table,
    digest_moment,
    group_moment,
    monday_of,
    reminders_due,
    week_of,
)
from bot.core.formatting import format_day
from bot.core.people import Member
from bot.core.progress import Progress
from bot.i18n import t
from bot.standing import OutsidePlans, UnitStanding
from bot.standing_views import progress_view
from storage.activities import ActivityRepository
from storage.deliveries import DeliveryRepository, Outgoing
from storage.roster import RosterRepository

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)
ADMINS = frozenset({"secretary", "clerk"})
REMINDER_HOUR = 9
_unknown_years: set[int] = set()


def china_workday(day: dt.date) -> bool:
    """Whether mainland China works on this day (statutory holidays and make-up days); a year
    the calendar does not know falls back to Monday to Friday, with a warning."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # the calendar library says so for a year it does not know
        if day.year not in _unknown_years:
            _unknown_years.add(day.year)
            log.warning("the holiday calendar does not know %s; using Monday to Friday", day.year)
        return day.weekday() < 5


@dataclass(frozen=True)
class Planned:
    """A message due, before it is written down."""

    key: str
    kind: str  # digest | table | group | reminder
    chat_id: int
    member: Member | None
    message: Message
    reminder: Reminder | None = None


def _buttons(message: Message) -> list[list[list[str]]]:
    return [[[label, data] for label, data in row] for row in message.buttons]


class Outbox:
    """Composes and records the bot's own messages."""

    def __init__(self, services: Services, is_workday: IsWorkday = china_workday) -> None:
        self.services = services
        self.is_workday = is_workday
        self._charts: dict[tuple[int, str, dt.date], bytes] = {}

    async def due(
        self, now: dt.datetime, *, everything: bool = False, only: str | None = None
    ) -> list[Planned]:
        """Every message due by `now` this week (or, with `everything`, every one this week
        would bring, whatever the hour: the dry run)."""
        day = now.date()
        zone = self.services.settings.zone
        unit = await self.services.standing.for_unit(None, day)
        if isinstance(unit, OutsidePlans):
            return []
        async with self.services.sessions() as session:
            roster = await self.services.people.members(include_inactive=False)
            groups = await DeliveryRepository(session).groups()
            last_monday = monday_of(day) - dt.timedelta(days=7)
            logged = await ActivityRepository(session).confirmed_between(
                dt.datetime.combine(last_monday, dt.time(), zone),
                dt.datetime.combine(monday_of(day), dt.time(), zone),
            )
        week = week_of(day)
        by_holder: dict[int, list[Progress]] = defaultdict(list)
        for p in unit.people:
            if p.holder is not None:
                by_holder[p.holder.id].append(p)
        records: dict[int, list[Activity]] = defaultdict(list)
        for activity in logged:
            records[activity.member_id].append(activity)
        planned: list[Planned] = []
        reachable = [
            m
            for m in roster
            if m.telegram_id is not None and not m.blocked and (only is None or m.name == only)
        ]
        for member in reachable:
            if member.digest_paused:
                continue
            moment = digest_moment(member, day, zone, self.is_workday)
            if not everything and (now < moment or week_of(moment.date()) != week):
                continue
            planned += self._digests(
                member, unit, moment.date(), week, by_holder, records.get(member.id, [])
            )
        reminder_time = self.is_workday(day) and now.hour >= REMINDER_HOUR
        if everything or reminder_time:
            items = list(unit.unit) + list(unit.people)
            for reminder in reminders_due(items, reachable, day):
                holder = reminder.progress.holder
                key = (
                    f"reminder:{week}:{reminder.progress.obligation.id}:"
                    f"{holder.id if holder else 'unit'}:{reminder.recipient.id}"
                )
                assert reminder.recipient.telegram_id is not None
                planned.append(
                    Planned(
                        key,
                        "reminder",
                        reminder.recipient.telegram_id,
                        reminder.recipient,
                        compose_reminders([reminder]),
                        reminder,
                    )
                )
        moment = group_moment(day, zone, self.is_workday)
        if only is None and (everything or (now >= moment and week_of(moment.date()) == week)):
            lang = self.services.settings.language
            view = progress_view(unit, lang, group=True)
            for chat_id in groups:
                planned.append(
                    Planned(f"group:{week}:{chat_id}", "group", chat_id, None, Message(view.text))
                )
        return planned

    def _digests(
        self,
        member: Member,
        unit: UnitStanding,
        on: dt.date,
        week: str,
        by_holder: dict[int, list[Progress]],
        logged: list[Activity],
    ) -> list[Planned]:
        assert member.telegram_id is not None
        plan = unit.plan
        shown = [
            Logged(
                a.happened_on,
                plan.kinds[a.kind].label.in_(member.lang) if a.kind in plan.kinds else a.kind,
            )
            for a in logged
        ]
        message = compose_digest(member, on, shown, by_holder.get(member.id, []), unit.unit)
        planned = [
            Planned(f"digest:{week}:{member.id}", "digest", member.telegram_id, member, message)
        ]
        if member.roles & ADMINS:
            table = compose_table(plan, on, unit.people, member.lang)
            planned.append(
                Planned(f"table:{week}:{member.id}", "table", member.telegram_id, member, table)
            )
            caption = t(member.lang, "chart.title", year=plan.year, day=format_day(on, member.lang))
            planned.append(
                Planned(
                    f"chart:{week}:{member.id}",
                    "chart",
                    member.telegram_id,
                    member,
                    Message(caption),
                )
            )
        return planned

    async def chart_for(self, item: Outgoing) -> bytes:
        """The picture a chart delivery carries, drawn when it is sent (once per language)."""
        member = await self.services.people.by_id(item.member_id) if item.member_id else None
        lang = member.lang if member else self.services.settings.language
        day = self.services.clock.now().date()
        plan = self.services.plans.for_day(day) or self.services.plans.latest()
        key = (plan.year, lang, day)
        if key not in self._charts:
            self._charts = {key: await self.services.ledger.chart(plan.year, lang)}
        return self._charts[key]

    async def prepare(self, now: dt.datetime) -> int:
        """Write down every message due by `now`; returns how many were new."""
        planned = await self.due(now)
        created = 0
        async with self.services.writing() as session:
            repo = DeliveryRepository(session)
            known = await repo.existing_keys([p.key for p in planned])
            for p in bundle_reminders([p for p in planned if p.key not in known], now):
                if p.kind == "covered":  # one obligation of a bundled reminder: not sent alone
                    await repo.add(
                        key=p.key,
                        kind="reminder",
                        chat_id=p.chat_id,
                        member_id=p.member.id if p.member else None,
                        text="",
                        buttons=[],
                        now=now,
                        status="covered",
                    )
                    continue
                created += await repo.add(
                    key=p.key,
                    kind=p.kind,
                    chat_id=p.chat_id,
                    member_id=p.member.id if p.member else None,
                    text=p.message.text,
                    buttons=_buttons(p.message),
                    now=now,
                )
        return created

    async def pending(self, limit: int = 1000) -> list[Outgoing]:
        async with self.services.sessions() as session:
            return await DeliveryRepository(session).pending(self.services.clock.now(), limit)

    async def mark(self, item: Outgoing, status: str, error: str | None = None) -> None:
        async with self.services.writing() as session:
            await DeliveryRepository(session).mark(
                item.id, status, self.services.clock.now(), error
            )

    async def failed(self, item: Outgoing, error: str) -> None:
        async with self.services.writing() as session:
            await DeliveryRepository(session).failed_attempt(item.id, error)

    async def blocked(self, item: Outgoing) -> None:
        """The member blocked the bot: skip this, and send nothing until they write again."""
        now = self.services.clock.now()
        async with self.services.writing() as session:
            await DeliveryRepository(session).mark(item.id, "skipped", now, "blocked")
            if item.member_id is not None:
                await RosterRepository(session).set_delivery(item.member_id, blocked_at=now)
        self.services.people.clear()

    async def group(self, chat_id: int, title: str, active: bool) -> None:
        async with self.services.writing() as session:
            await DeliveryRepository(session).set_group(
                chat_id, title, active, self.services.clock.now()
            )


def bundle_reminders(planned: list[Planned], now: dt.datetime) -> list[Planned]:
    """A person's reminders of one run become one message; each obligation keeps its own key
    (marked covered) so that it is reminded at most once a week."""
    others = [p for p in planned if p.reminder is None]
    by_person: dict[int, list[Planned]] = defaultdict(list)
    for p in planned:
        if p.reminder is not None:
            by_person[p.chat_id].append(p)
    for chat_id, items in by_person.items():
        if len(items) == 1:
            others.append(items[0])
            continue
        reminders = [p.reminder for p in items if p.reminder is not None]
        first = items[0]
        others += [Planned(p.key, "covered", p.chat_id, p.member, p.message) for p in items]
        others.append(
            Planned(
                f"reminders:{now.date().isoformat()}:{chat_id}",
                "reminder",
                chat_id,
                first.member,
                compose_reminders(reminders),
            )
        )
    return others


def dry_run_text(planned: list[Planned]) -> str:
    """What `activity-bot digest --dry-run` prints: each message under its recipient."""
    blocks = []
    moment = dt.datetime.now(dt.UTC)
    for p in bundle_reminders(planned, moment):
        if p.kind == "covered":
            continue
        who = p.member.name if p.member else f"group {p.chat_id}"
        buttons = "  ".join(f"[{label}]" for row in p.message.buttons for label, _ in row)
        blocks.append(
            f"── {p.kind} → {who} ({p.chat_id}) ──\n{p.message.text}"
            + (f"\n{buttons}" if buttons else "")
        )
    return "\n\n".join(blocks) if blocks else "(nothing due)"

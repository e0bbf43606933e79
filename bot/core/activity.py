"""Activities as the core sees them, and the rules of a draft's life."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.people import Member
from bot.core.plan import Obligation, Plan, PlanBook, Scope
from bot.core.progress import Fact, counts_in

DRAFT_LIFETIME = dt.timedelta(days=1)


class Status(StrEnum):
    DRAFT = "draft"  # shown on a card, counts for nothing yet
    CONFIRMED = "confirmed"  # counts
    CANCELLED = "cancelled"  # a draft the member threw away, or one that expired
    REPLACED = "replaced"  # an earlier version of an edited activity


@dataclass(frozen=True)
class Activity:
    """One reported activity (or a draft of one)."""

    id: int
    member_id: int
    kind: str
    happened_on: dt.date
    reported_at: dt.datetime
    status: Status
    logged_by_id: int | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    participants: int | None = None
    text: str = ""
    chat_id: int | None = None
    message_id: int | None = None
    card_message_id: int | None = None
    replaces_id: int | None = None
    deleted_at: dt.datetime | None = None
    attachments: int = 0
    source_key: str | None = None  # chat:message:line of the report it came from

    @property
    def counts(self) -> bool:
        return self.status is Status.CONFIRMED and self.deleted_at is None

    def expired(self, now: dt.datetime) -> bool:
        return self.status is Status.DRAFT and now - self.reported_at > DRAFT_LIFETIME


@dataclass(frozen=True)
class NewActivity:
    """What a draft is made from."""

    member_id: int
    logged_by_id: int
    kind: str
    happened_on: dt.date
    reported_at: dt.datetime
    attributes: Mapping[str, str] = field(default_factory=dict)
    participants: int | None = None
    text: str = ""
    chat_id: int | None = None
    message_id: int | None = None
    update_id: int | None = None
    source_key: str | None = None
    replaces_id: int | None = None


def public_attribute(attributes: Mapping[str, object] | None) -> str | None:
    """The record's one attribute value (keys starting with "_" are a draft's notes)."""
    return next((str(v) for k, v in (attributes or {}).items() if not k.startswith("_")), None)


def record_fact(activity: Activity) -> Fact:
    """The activity as the progress calculator would count it once confirmed."""
    return Fact(
        activity.kind,
        activity.happened_on,
        public_attribute(activity.attributes),
        activity.member_id,
        1,
        activity.id,
        activity.text,
    )


class DayProblem(StrEnum):
    FUTURE = "future"
    OUTSIDE_PLAN = "outside_plan"
    ASK = "ask"  # the message named no real day (2月30日) or only a month or span (上个月)


def day_problem(plans: PlanBook, day: dt.date, today: dt.date) -> DayProblem | None:
    """Why a day cannot be taken as it is: in the future, or in no loaded plan's year.

    A day of last year is still fine in the grace days after a year-end window (a year-end report
    logged in early January).
    """
    if day > today:
        return DayProblem.FUTURE
    if plans.for_day(day) is None:
        return DayProblem.OUTSIDE_PLAN
    return None


def applies_to(obligation: Obligation, member: Member) -> bool:
    """Whether the member holds one of the obligation's roles (unit obligations apply to all)."""
    if obligation.scope is Scope.UNIT:
        return True
    return bool(member.roles & set(obligation.roles))


def matches(obligation: Obligation, kind: str, attributes: Mapping[str, str]) -> bool:
    """Whether an activity of this kind and these attributes is the obligation's kind of thing."""
    if obligation.kind != kind or obligation.is_rule:
        return False
    return all(attributes.get(name) == value for name, value in obligation.attribute.items())


def counted_in(
    plan: Plan, activity: Activity, member: Member, roster: Sequence[Member] = ()
) -> list[Obligation]:
    """The obligations the activity counts in once confirmed, as the progress calculator counts
    them: the member holds the obligation's role, and the kind, attribute and window match.

    Args:
        plan: the plan of the activity's day.
        activity: the activity, for `member`.
        member: the person it is recorded for.
        roster: the people, for talks that name who they were with.
    """
    fact = record_fact(activity)
    return [
        ob
        for ob in plan.obligations
        if not ob.is_rule
        and applies_to(ob, member)
        and counts_in(plan, ob, None if ob.scope is Scope.UNIT else member, fact, roster)
    ]


def is_unit_kind(plan: Plan, kind: str) -> bool:
    """Whether the kind is a unit-level event (one counter for the office), where two reports of
    the same day are likely the same event told twice."""
    return any(ob.kind == kind and ob.scope is Scope.UNIT for ob in plan.obligations) and not any(
        ob.kind == kind and ob.scope is Scope.EACH for ob in plan.obligations
    )

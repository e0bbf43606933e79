"""The question use case: read a question, load the records it needs, answer it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.core.activity import Activity
from bot.core.answers import Answer, asked_obligations, compose, needs
from bot.core.people import Member
from bot.core.plan import Plan, Scope
from bot.core.progress import Fact
from bot.core.questions import FOLLOW_UP_WINDOW, Intent, Question, QuestionReader
from storage.activities import ActivityRepository
from storage.progress import ProgressQueries

if TYPE_CHECKING:
    from bot.services import Services


@dataclass(frozen=True)
class Asked:
    """A question and its answer, with the plan and the roster it was answered from."""

    answer: Answer
    plan: Plan
    roster: tuple[Member, ...]
    today: dt.date


class Questions:
    """Answers questions; remembers each member's last question for ten minutes, so that a
    short follow-up ("孙伟呢？", "and last month?") takes its shape."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._readers: dict[int, QuestionReader] = {}
        self._last: dict[int, tuple[dt.datetime, Question]] = {}

    def reader(self, plan: Plan) -> QuestionReader:
        if plan.year not in self._readers:
            self._readers[plan.year] = QuestionReader(self.services.reports.recogniser(plan))
        return self._readers[plan.year]

    def read(self, member: Member, text: str, roster: list[Member]) -> Question | None:
        """The question the text asks (a follow-up of the member's last one, within ten
        minutes), or None when it asks none."""
        now = self.services.clock.now()
        plan = self.services.reports.plan_for(now.date())
        last = self._last.get(member.id)
        previous = last[1] if last is not None and now - last[0] <= FOLLOW_UP_WINDOW else None
        question = self.reader(plan).read(text, member, roster, now.date(), previous)
        if question is not None and question.intent is not Intent.OTHER:
            self._last[member.id] = (now, question)
        return question

    async def ask(self, member: Member, text: str, *, private: bool = True) -> Asked | None:
        """The answer to the question a message asks; None when it asks none (a report)."""
        roster = await self.services.people.members()
        question = self.read(member, text, roster)
        if question is None:
            return None
        return await self.answer(member, question, roster, private=private)

    async def answer(
        self, member: Member, question: Question, roster: list[Member], *, private: bool
    ) -> Asked:
        today = self.services.clock.now().date()
        plan = self.services.reports.plan_for(today)
        wanted = needs(question, plan, member, roster, private=private)
        records: list[Activity] = []
        total = 0
        unit_facts: list[Fact] = []
        done_ids: frozenset[int] | None = None
        if not wanted.refused and question.intent is not Intent.OTHER:
            obligations = (
                plan.obligations
                if question.intent in (Intent.DUE, Intent.REMAINING)
                else asked_obligations(plan, question)
            )
            unit = [ob for ob in obligations if ob.scope is Scope.UNIT]
            ids = [m.id for m in wanted.people] if wanted.people is not None else None
            if ids is not None and len(ids) >= sum(m.active for m in roster):
                ids = None  # everyone: no list of ids to match
            everyone = ids is None and wanted.people is not None
            async with self.services.sessions() as session:
                repo = ActivityRepository(session)
                if (
                    everyone
                    and question.kinds
                    and not any(ob.scope is Scope.EACH for ob in obligations)
                ):  # who of everyone did a duty of the office: who, not what
                    attribute = question.attribute[1] if question.attribute else None
                    done_ids = await repo.who_did(
                        question.kinds, wanted.start, wanted.end, attribute
                    )
                    wanted = replace(wanted, limit=3)
                # The office's year is its tallies': counting its records again is not needed
                tallied = wanted.people is None and question.period.name in ("year", "before")
                counting = not (
                    question.intent is Intent.LAST
                    or done_ids is not None
                    or (tallied and unit and question.intent is Intent.COUNT)
                )
                records, total = await repo.counted(
                    wanted.kinds,
                    ids,
                    wanted.start,
                    wanted.end,
                    wanted.limit,
                    question.attribute[1] if question.attribute else None,
                    total=counting,
                )
                if unit:
                    unit_facts = await ProgressQueries(session).unit_facts(plan, unit)
        answer = compose(
            question, plan, member, roster, wanted, records, total, unit_facts, today, done_ids
        )
        return Asked(answer, plan, tuple(roster), today)

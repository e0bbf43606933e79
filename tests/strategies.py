"""Hypothesis strategies for the core."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from bot.core.people import Member
from bot.core.plan import Plan
from bot.core.progress import Fact

ROSTER = (
    Member(1, "王建国", frozenset({"secretary"}), telegram_id=1),
    Member(
        2,
        "李明",
        frozenset({"deputy"}),
        supervises=frozenset({"综合科", "银行保险科"}),
        telegram_id=2,
    ),
    Member(3, "赵敏", frozenset({"deputy"}), supervises=frozenset({"金融服务科"}), telegram_id=3),
    Member(4, "陈静", frozenset({"dept_head", "clerk"}), department="综合科", telegram_id=4),
    Member(5, "刘洋", frozenset({"dept_head"}), department="银行保险科", telegram_id=5),
    Member(6, "周婷", frozenset({"dept_head"}), department="金融服务科", telegram_id=6),
    Member(7, "郑磊", frozenset({"staff"}), department="银行保险科", telegram_id=7),
)


def days(start: dt.date = dt.date(2021, 11, 1), end: dt.date = dt.date(2023, 2, 28)):  # type: ignore[no-untyped-def]
    return st.dates(min_value=start, max_value=end)


@st.composite
def facts(draw, plan: Plan, *, day=None) -> Fact:  # type: ignore[no-untyped-def]
    kind = draw(st.sampled_from(sorted(plan.kinds)))
    spec = plan.kinds[kind].attribute
    attribute = draw(st.sampled_from([None, *sorted(spec.values)])) if spec else None
    names = draw(st.lists(st.sampled_from([m.name for m in ROSTER]), max_size=2))
    return Fact(
        kind=kind,
        day=draw(day if day is not None else days()),
        attribute=attribute,
        member_id=draw(st.sampled_from([m.id for m in ROSTER])),
        count=draw(st.integers(min_value=1, max_value=3)),
        text="、".join(names),
    )

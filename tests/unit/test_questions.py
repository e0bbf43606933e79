"""The question reader and the answer composer (the pure core)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.language import DEVELOPMENT_CHAT, chat_cases, roster_people
from bench.questions import right, rows
from bot.core.answers import Needs, compose, needs
from bot.core.parser import Recogniser
from bot.core.people import Member, person_named
from bot.core.plan import Plan
from bot.core.questions import Intent, QuestionReader, told_after_question

TODAY = dt.date(2022, 6, 15)


@pytest.fixture(scope="module")
def reader(plan: Plan) -> QuestionReader:
    return QuestionReader(Recogniser(plan))


@pytest.fixture(scope="module")
def people(plan: Plan) -> list[Member]:
    return roster_people(plan)


def who(name: str, people: list[Member]) -> Member:
    member = person_named(name, people)
    assert member is not None
    return member


@pytest.mark.parametrize(
    ("text", "asker", "intent", "subject", "kinds", "period"),
    [
        ("党组研究还要开几次？", "陈静", "count", "unit", ("party_group_study",), "year"),
        ("刘洋的风险点清单交了吗", "王建国", "done_check", "刘洋", ("risk_list",), "year"),
        ("书记和班子成员谈过话没有", "吴强", "done_check", "王建国", ("reminder_talk",), "year"),
        (
            "哪些班子成员还没向党组报告",
            "王建国",
            "who",
            "leaders",
            ("report_to_party_group",),
            "year",
        ),
        ("最近一次党组研究廉政是什么时候", "陈静", "last", "unit", ("party_group_study",), "year"),
        ("我上周报了些什么", "郑磊", "records", "me", (), "last_week"),
        ("show me what I logged in May", "Alice Chen", "records", "me", (), "2022-05"),
        ("这个月有啥要截止的", "吴强", "due", "unit", (), "this_month"),
        (
            "anything due before the end of July?",
            "Alice Chen",
            "due",
            "unit",
            (),
            "before:2022-07-31",
        ),
        ("我还欠哪些", "李明", "remaining", "me", (), "year"),
        ("孙伟他们科今年调研几次", "刘洋", "count", "地方金融监管科", ("research_trip",), "year"),
        (
            "how many party group studies do we still need?",
            "Alice Chen",
            "count",
            "unit",
            ("party_group_study",),
            "year",
        ),
    ],
)
def test_what_is_asked(
    reader: QuestionReader,
    people: list[Member],
    text: str,
    asker: str,
    intent: str,
    subject: str,
    kinds: tuple[str, ...],
    period: str,
) -> None:
    question = reader.read(text, who(asker, people), people, TODAY)
    assert question is not None
    assert (
        question.intent.value,
        question.subject.label,
        question.kinds,
        question.period.label,
    ) == (
        intent,
        subject,
        kinds,
        period,
    )


@pytest.mark.parametrize(
    "text",
    [
        "昨天去银行调研了",
        "谁还没去过？反正我今天去了警示教育基地",
        "前天到县里几家小微企业实地看看，听听融资难的意见",  # 几家: several, not how many
        "Did I mention I visited a county credit union on May 30 for research?",
        "今年全局去哪些地方调研、调研什么，已经排好了表印发了",
    ],
)
def test_reports_are_not_questions(reader: QuestionReader, people: list[Member], text: str) -> None:
    assert reader.read(text, who("吴强", people), people, TODAY) is None


def test_a_follow_up_takes_the_previous_shape(reader: QuestionReader, people: list[Member]) -> None:
    clerk = who("吴强", people)
    first = reader.read("李明向党组报告了吗", clerk, people, TODAY)
    assert first is not None
    follow = reader.read("赵敏呢？", clerk, people, TODAY, first)
    assert follow is not None
    assert (follow.intent, follow.subject.label, follow.kinds) == (
        Intent.DONE_CHECK,
        "赵敏",
        ("report_to_party_group",),
    )
    who_asked = reader.read("哪些班子成员还没向党组报告", clerk, people, TODAY)
    one = reader.read("李明呢？", clerk, people, TODAY, who_asked)
    assert one is not None and (one.intent, one.subject.label) == (Intent.DONE_CHECK, "李明")
    later = reader.read("and last month?", clerk, people, TODAY, first)
    assert (
        later is not None and later.period.label == "last_month" and later.subject.label == "李明"
    )


def test_the_report_after_a_question() -> None:
    assert told_after_question("这个算不算？上周五支部组织学习了纪律处分条例") == (
        "上周五支部组织学习了纪律处分条例"
    )
    assert told_after_question("党组研究还要开几次？") is None


def test_the_development_table_reads_well(reader: QuestionReader, people: list[Member]) -> None:
    """At least nine rows in ten of the development table (written apart from the reader)."""
    good = total = 0
    previous = None
    for row in rows("questions.tsv"):
        question = reader.read(
            row[0], who(row[1], people), people, TODAY, previous if row[6] == "followup" else None
        )
        good += right(question, row)
        total += 1
        previous = question
    assert total >= 300 and good / total >= 0.9


def test_reports_of_the_development_chat_files_stay_reports(
    reader: QuestionReader, people: list[Member]
) -> None:
    clerk = who("吴强", people)
    reports = [c[0] for name in DEVELOPMENT_CHAT for c in chat_cases(name) if c[1] != "-"]
    asked = [text for text in reports if reader.read(text, clerk, people, TODAY) is not None]
    assert len(reports) > 1400 and len(asked) <= 3, asked


@given(text=st.text(max_size=200))
def test_any_text_reads_without_error(
    reader: QuestionReader, people: list[Member], text: str
) -> None:
    question = reader.read(text, people[0], people, TODAY)
    assert question is None or question.intent in Intent


def test_one_person_the_asker_may_not_see_is_refused(
    reader: QuestionReader, people: list[Member], plan: Plan
) -> None:
    staff = who("郑磊", people)
    question = reader.read("李明向党组报告了吗", staff, people, TODAY)
    assert question is not None
    wanted = needs(question, plan, staff, people, private=True)
    assert wanted.refused and wanted.limit == 0
    answer = compose(question, plan, staff, people, wanted, [], 0, [], TODAY)
    assert answer.shape == "refused" and not answer.records


def test_a_group_chat_never_names_people(
    reader: QuestionReader, people: list[Member], plan: Plan
) -> None:
    secretary = who("王建国", people)
    question = reader.read("哪些班子成员还没向党组报告", secretary, people, TODAY)
    assert question is not None
    assert needs(question, plan, secretary, people, private=True).names
    wanted: Needs = needs(question, plan, secretary, people, private=False)
    assert not wanted.names
    answer = compose(question, plan, secretary, people, wanted, [], 0, [], TODAY)
    assert answer.shape == "who" and not answer.names
    assert {m.name for m in answer.pending} == {"李明", "赵敏"}  # counted, never shown

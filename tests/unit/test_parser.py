"""The parser against a table of realistic messages (tests/data/parser_cases.tsv)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.parser import Recogniser, clean
from bot.core.plan import Plan

TODAY = dt.date(2022, 6, 15)
CASES = Path(__file__).resolve().parents[1] / "data" / "parser_cases.tsv"


def load_cases() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, kind, day, attribute = line.split("\t")
            rows.append((text, kind, day, attribute))
    return rows


@pytest.fixture(scope="module")
def recogniser(plan: Plan) -> Recogniser:
    return Recogniser(plan)


def test_the_table_is_large_and_mixed() -> None:
    cases = load_cases()
    assert len(cases) >= 100
    assert sum(1 for c in cases if c[1] == "-") >= 15
    assert sum(1 for c in cases if c[0].isascii()) >= 25


@pytest.mark.parametrize(
    ("text", "kind", "day", "attribute"), load_cases(), ids=[c[0][:24] for c in load_cases()]
)
def test_reading(recogniser: Recogniser, text: str, kind: str, day: str, attribute: str) -> None:
    [reading] = recogniser.read_message(text, TODAY)
    if kind == "-":
        assert not reading.is_report, (reading.kind, reading.candidates)
        return
    assert reading.is_report
    if "|" in kind:
        assert reading.kind is None
        assert set(reading.candidates) == set(kind.split("|"))
    else:
        assert reading.kind == kind
    if day == "?":  # a month or a span instead of a day, or a day that cannot be: ask
        assert reading.day_question is not None and not reading.day_assumed
    elif day != "-":
        assert reading.day_question is None
        assert reading.day_assumed == day.startswith("~")
        assert reading.day == dt.date.fromisoformat(day.lstrip("~"))
    expected = None if attribute == "-" else tuple(attribute.split("="))
    assert reading.attribute == expected


def test_a_list_becomes_one_reading_per_line(recogniser: Recogniser) -> None:
    readings = recogniser.read_message("3月15日讲廉政党课；5月20日调研\n6月1日向党组报告", TODAY)
    assert [(r.kind, r.day) for r in readings] == [
        ("integrity_lecture", dt.date(2022, 3, 15)),
        ("research_trip", dt.date(2022, 5, 20)),
        ("report_to_party_group", dt.date(2022, 6, 1)),
    ]


def test_a_detail_after_a_semicolon_stays_with_its_report(recogniser: Recogniser) -> None:
    [reading] = recogniser.read_message("3月15日讲廉政党课；参加人员30人", TODAY)
    assert reading.kind == "integrity_lecture" and reading.participants == 30


def test_on_behalf_of(recogniser: Recogniser) -> None:
    [reading] = recogniser.read_message("代李明：3月15日讲廉政党课", TODAY)
    assert reading.on_behalf_of == "李明" and reading.kind == "integrity_lecture"
    assert reading.text == "3月15日讲廉政党课"
    readings = recogniser.read_message("代 赵敏: 3月15日讲廉政党课；5月20日调研", TODAY)
    assert [r.on_behalf_of for r in readings] == ["赵敏", "赵敏"]
    [english] = recogniser.read_message("for Alice Chen: visited a bank yesterday", TODAY)
    assert english.on_behalf_of == "Alice Chen" and english.kind == "research_trip"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("全体干部职工30人参加廉政党课", 30),
        ("三十五名党员参加支部学习", 35),
        ("共25人参加警示教育", 25),
        ("12 people attended the lecture", 12),
        ("讲廉政党课", None),
    ],
)
def test_participants(recogniser: Recogniser, text: str, count: int | None) -> None:
    assert recogniser.read(text, TODAY).participants == count


def test_control_characters_are_dropped() -> None:
    assert clean("\u202e讲\x00廉政党课\x07 ") == "讲廉政党课"


@given(text=st.text(max_size=300))
def test_any_text_reads_without_error(recogniser: Recogniser, text: str) -> None:
    for reading in recogniser.read_message(text, TODAY):
        assert reading.kind is None or reading.kind in recogniser.plan.kinds
        assert reading.day is not None


@pytest.fixture(scope="module")
def every_word_searched(plan: Plan) -> Recogniser:
    """The same vocabulary, with no word skipped for its first character."""
    import dataclasses

    slow = Recogniser(plan)
    slow.words = [dataclasses.replace(w, first="") for w in slow.words]
    return slow


@given(data=st.data())
def test_skipping_words_whose_first_character_is_absent_changes_no_reading(
    recogniser: Recogniser, every_word_searched: Recogniser, data: st.DataObject
) -> None:
    vocabulary = [
        word.replace("…", "").replace("+", "")
        for kind in recogniser.plan.kinds.values()
        for word in (*kind.words.zh, *kind.words.en)
    ]
    pieces = st.sampled_from(vocabulary) | st.text(max_size=4)
    text = "".join(data.draw(st.lists(pieces, max_size=5)))
    text = data.draw(st.sampled_from([text, text.upper(), text.title()]))
    assert recogniser.kinds_in(text) == every_word_searched.kinds_in(text)


@given(st.integers(0, 40), st.integers(0, 40))
def test_a_month_and_day_is_that_day_or_a_question(month: int, day: int) -> None:
    """Every 'M月D日' is read as that day of the last twelve months, or asked about: never today."""
    from bot.core.dates import find_day

    found = find_day(f"{month}月{day}日去银行调研", TODAY)
    assert found is not None
    try:
        real = dt.date(2022, month, day)
    except ValueError:
        assert found.unclear == "impossible" and found.text == f"{month}月{day}日"
        return
    assert found.unclear is None and (found.day.month, found.day.day) == (real.month, real.day)


@pytest.mark.parametrize(
    ("text", "day", "unclear"),
    [
        ("3天之前到村镇银行调研", dt.date(2022, 6, 12), None),
        ("会议之前组织学习了条例", None, None),  # 之前, 最近, 上次: no time of the activity
        ("最近一次支部会学习了条例", None, None),
        ("学习2.30小时", None, None),  # a quantity, not a day
        ("2021年2月30日开会", dt.date(2021, 2, 1), "impossible"),  # the calendar opens there
        ("去年2月30日开会", dt.date(2021, 2, 1), "impossible"),
    ],
)
def test_what_is_and_is_not_a_day(text: str, day: dt.date | None, unclear: str | None) -> None:
    from bot.core.dates import find_day

    found = find_day(text, TODAY)
    assert (found.day if found else None, found.unclear if found else None) == (day, unclear)

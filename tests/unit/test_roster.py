"""Roster CSV parsing: all rows or a list of every bad line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.roster import decode_roster, parse_roster
from bot.errors import ActivityBotError, RosterError
from tests.factories import roster_csv

ROLES = {"secretary", "deputy", "dept_head", "clerk", "staff"}


def parse(text: str, known: tuple[str, ...] = ()) -> list:
    return parse_roster(text, path="r.csv", roles=ROLES, known_departments=known)


def test_valid_roster() -> None:
    rows = parse(
        roster_csv(
            "王建国,100001,secretary,,,zh",
            "李明,100002,deputy,,综合科;银行保险科,",
            "陈静,,dept_head;clerk,综合科,,en",
            "刘洋,100005,dept_head,银行保险科,,zh",
        )
    )
    assert [r.name for r in rows] == ["王建国", "李明", "陈静", "刘洋"]
    assert rows[1].supervises == {"综合科", "银行保险科"}
    assert rows[1].lang == "zh"
    assert rows[2].telegram_id is None
    assert rows[2].roles == {"dept_head", "clerk"}
    assert rows[2].lang == "en"
    assert [r.line for r in rows] == [2, 3, 4, 5]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("张三,1,chairman,综合科,,zh", "line 3: unknown role 'chairman'"),
        ("张三,1,deputy,,财务科,zh", "line 3: supervises unknown department '财务科'"),
        ("张三,100001,staff,综合科,,zh", "line 3: telegram_id 100001 repeats line 2"),
        ("张三,abc,staff,综合科,,zh", "line 3: telegram_id 'abc' is not a number"),
        (",5,staff,综合科,,zh", "line 3: name is empty"),
        ("张三,5,,综合科,,zh", "line 3: roles is empty"),
        ("张三,5,staff,综合科,,fr", "line 3: lang must be zh or en, not 'fr'"),
        ("王建国,5,staff,综合科,,zh", "line 3: name '王建国' repeats line 2"),
        ("=cmd|' /C calc'!A0,5,staff,综合科,,zh", "line 3: name \"=cmd|' /C calc'!A0\" cannot"),
        ("张三,5,deputy,,综合科;-财务科,zh", "line 3: department '-财务科' cannot start"),
        ("张三,5,staff,综合科,,zh,x", "line 3: 7 cells where the header has 6"),
        ('"张三\r\n",5,staff,综合科,,zh', "line 3: a cell holds a line break"),
    ],
)
def test_bad_rows_are_reported_with_their_line(row: str, message: str) -> None:
    with pytest.raises(RosterError) as caught:
        parse(roster_csv("王建国,100001,secretary,综合科,,zh", row))
    assert message in str(caught.value)
    assert "nothing was imported" in str(caught.value)


def test_every_bad_line_is_reported_at_once() -> None:
    with pytest.raises(RosterError) as caught:
        parse(roster_csv("a,1,chairman,,,zh", "b,2,staff,,,zh", "c,x,staff,,,zh"))
    assert [p.line for p in caught.value.problems] == [2, 4]


def test_supervising_a_department_known_from_the_database() -> None:
    rows = parse(roster_csv("李明,2,deputy,,财务科,zh"), known=("财务科",))
    assert rows[0].supervises == {"财务科"}


def test_missing_columns_are_named() -> None:
    with pytest.raises(RosterError, match="line 1: missing column"):
        parse("name,roles\n张三,staff\n")


def test_a_record_over_several_lines_is_named_by_its_first() -> None:
    with pytest.raises(RosterError) as caught:
        parse(roster_csv('"a\nb",1,staff,,,zh', "", "c,x,staff,,,zh"))
    assert [p.line for p in caught.value.problems] == [2, 5]


def test_empty_trailing_cells_are_no_extra_column() -> None:
    assert parse(roster_csv("张三,,staff,综合科,,zh,,"))[0].name == "张三"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_roster_is_read_in_the_encodings_excel_saves(encoding: str) -> None:
    text = roster_csv("李明,,staff,综合科,,zh")
    assert decode_roster(text.encode(encoding), path="r.csv").lstrip("\ufeff") == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_other_encodings_are_refused_rather_than_guessed(encoding: str) -> None:
    data = roster_csv("李明,,staff,综合科,,zh").encode(encoding)
    with pytest.raises(ActivityBotError, match=r"^r\.csv: .* save it as UTF-8"):
        decode_roster(data, path="r.csv")


def test_a_byte_order_mark_is_ignored() -> None:
    assert parse("\ufeff" + roster_csv("张三,,staff,综合科,,zh"))[0].name == "张三"


names = st.text(alphabet="王李张刘陈杨赵黄周吴明华国伟芳娟", min_size=2, max_size=4)


@given(
    st.lists(
        st.tuples(names, st.sampled_from(sorted(ROLES))),
        min_size=1,
        max_size=20,
        unique_by=lambda t: t[0],
    )
)
def test_any_valid_roster_round_trips(people: list[tuple[str, str]]) -> None:
    lines = [f"{name},{i + 1},{role},综合科,,zh" for i, (name, role) in enumerate(people)]
    rows = parse(roster_csv(*lines))
    assert [(r.name, r.telegram_id, set(r.roles)) for r in rows] == [
        (name, i + 1, {role}) for i, (name, role) in enumerate(people)
    ]

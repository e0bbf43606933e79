"""Finding a roster member from the words a colleague uses for them."""

from __future__ import annotations

import pytest

from bot.core.people import Member, person_named

PEOPLE = [
    Member(1, "王建国", frozenset({"secretary"})),
    Member(2, "李明", frozenset({"deputy"})),
    Member(3, "赵敏", frozenset({"deputy"})),
    Member(4, "陈静", frozenset({"dept_head", "clerk"})),
    Member(5, "刘洋", frozenset({"dept_head"})),
    Member(6, "李红", frozenset({"staff"})),
    Member(7, "Alice Chen", frozenset({"staff"})),
    Member(8, "王芳", frozenset({"staff"}), active=False),
]


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("李明", "李明"),
        ("王书记", "王建国"),
        ("李局", "李明"),
        ("赵局长", "赵敏"),
        ("陈静科长", "陈静"),
        ("刘科", "刘洋"),
        ("老王", "王建国"),  # the other 王 has left
        ("Li Ming", "李明"),
        ("ming li", "李明"),
        ("alice chen", "Alice Chen"),
        ("老李", None),  # two people named 李
        ("张三", None),
        ("王芳", None),  # not active
        ("孙科长", None),
    ],
)
def test_person_named(words: str, name: str | None) -> None:
    found = person_named(words, PEOPLE)
    assert (found.name if found else None) == name

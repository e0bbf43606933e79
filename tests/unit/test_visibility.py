"""One visibility rule for every query that shows others' records."""

from bot.core.visibility import can_see, visible
from tests.strategies import ROSTER

SECRETARY, LI_MING, ZHAO_MIN, CHEN_JING, LIU_YANG, ZHOU_TING, ZHENG_LEI = ROSTER


def names(viewer) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.name for m in visible(viewer, ROSTER)}


def test_staff_see_their_own() -> None:
    assert names(ZHENG_LEI) == {"郑磊"}


def test_a_department_head_sees_their_department() -> None:
    assert names(LIU_YANG) == {"刘洋", "郑磊"}  # both in 银行保险科


def test_a_deputy_sees_the_departments_they_supervise() -> None:
    assert names(LI_MING) == {"李明", "陈静", "刘洋", "郑磊"}
    assert names(ZHAO_MIN) == {"赵敏", "周婷"}
    assert not can_see(LI_MING, ZHAO_MIN)


def test_the_secretary_and_the_clerk_see_everything() -> None:
    assert names(SECRETARY) == {m.name for m in ROSTER}
    assert names(CHEN_JING) == {m.name for m in ROSTER}  # 陈静 is the clerk too

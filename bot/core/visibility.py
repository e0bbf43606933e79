"""Who may see whose records: one rule, used by every query that shows records of others.

Staff see their own; a department head their department's; a deputy (or the secretary) the
departments they supervise; the secretary and the clerk everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.people import Member

SEE_ALL = frozenset({"secretary", "clerk"})
SEE_OTHERS = frozenset({"secretary", "clerk", "deputy", "dept_head"})


def sees_everyone(viewer: Member) -> bool:
    return bool(viewer.roles & SEE_ALL)


def can_see(viewer: Member, subject: Member) -> bool:
    """Whether `viewer` may see `subject`'s records and personal progress."""
    if viewer.id == subject.id or sees_everyone(viewer):
        return True
    if subject.department is None:
        return False
    if subject.department in viewer.supervises:
        return True
    return "dept_head" in viewer.roles and viewer.department == subject.department


def visible(viewer: Member, people: Iterable[Member]) -> list[Member]:
    """The people whose records the viewer may see."""
    return [m for m in people if can_see(viewer, m)]

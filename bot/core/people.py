"""The people of the office as the core sees them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ADMIN_ROLES = frozenset({"secretary", "clerk"})


@dataclass(frozen=True)
class Member:
    """A person on the roster; `telegram_id` is None until they join."""

    id: int
    name: str
    roles: frozenset[str]
    department: str | None = None
    supervises: frozenset[str] = field(default_factory=frozenset)
    telegram_id: int | None = None
    lang: str = "zh"
    active: bool = True
    digest_weekday: int = 0  # Monday
    digest_hour: int = 9
    digest_paused: bool = False
    reminders_muted: bool = False
    blocked: bool = False  # blocked the bot: nothing is sent until they write again

    @property
    def is_admin(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    def has_role(self, role: str) -> bool:
        return role in self.roles


def person_named(words: str, people: Iterable[Member]) -> Member | None:
    """The one active member these words name (their name), or None."""
    words = words.strip()
    return next((m for m in people if m.active and m.name == words), None)

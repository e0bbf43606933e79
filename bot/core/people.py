"""The people of the office as the core sees them."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.core.homophones import CJK, readings

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


def admins_lost(before: Iterable[Member], after: Iterable[Member]) -> list[Member]:
    """The active admins of `before` when `after` has none left (the change would leave nobody
    to administer the roster); empty when an admin remains, or when there was none before.
    """
    if any(m.active and m.is_admin for m in after):
        return []
    return [m for m in before if m.active and m.is_admin]


# Titles people use for each other, and the roles they imply ("王书记", "李局", "孙科长").
TITLES: tuple[tuple[str, frozenset[str]], ...] = (
    ("副书记", frozenset({"deputy"})),
    ("书记", frozenset({"secretary"})),
    ("副局长", frozenset({"deputy"})),
    ("局长", frozenset({"secretary", "deputy"})),
    ("副局", frozenset({"deputy"})),
    ("局", frozenset({"secretary", "deputy"})),
    ("副科长", frozenset({"dept_head"})),
    ("科长", frozenset({"dept_head"})),
    ("主任", frozenset({"dept_head"})),
    ("科", frozenset({"dept_head"})),
    ("同志", frozenset()),
    ("老师", frozenset()),
)


def person_named(words: str, people: Iterable[Member]) -> Member | None:
    """The one active member these words name, or None when they name nobody or several.

    A name as on the roster, with or without a title (陈静科长); a surname with a title (王书记,
    李局, 孙科长: the one holder of such a role with that surname); 老王 / 小李 (the one person of
    that surname); a Chinese name written in pinyin, either order (Li Ming, Ming Li).
    """
    words = words.strip()
    active = [m for m in people if m.active]
    exact = [m for m in active if m.name.lower() == words.lower()]
    if exact:
        return exact[0] if len(exact) == 1 else None
    for title, roles in TITLES:
        if words == title and roles == {"secretary"}:  # 书记 alone: the one secretary
            holders = [m for m in active if m.roles & roles]
            return holders[0] if len(holders) == 1 else None
        if words.endswith(title) and len(words) > len(title):
            base = words[: -len(title)]
            named = [m for m in active if m.name == base] or _sounding(base, active)
            if len(named) == 1:
                return named[0]
            if len(base) == 1:  # a surname
                holders = [m for m in active if m.name.startswith(base) and m.roles & roles]
                return holders[0] if len(holders) == 1 else None
    if len(words) == 2 and words[0] in "老小":
        same = [m for m in active if m.name.startswith(words[1])]
        return same[0] if len(same) == 1 else None
    english = _english_title(words, active)
    if english is not None:
        return english
    spelled = _spelling(words)
    if spelled:
        romanised = [m for m in active if spelled in _spellings(m.name)]
        if romanised:
            return romanised[0] if len(romanised) == 1 else None
        if " " in words.strip():  # "Li Ming pls": the name, then a word more
            return person_named(words.rsplit(None, 1)[0], active)
        return None
    sounding = _sounding(words, active)
    return sounding[0] if len(sounding) == 1 else None


def _sounding(words: str, active: list[Member]) -> list[Member]:
    """The members whose Chinese name these words are a slip of pinyin input for: the same
    surname, the rest typed with characters of the same sound (刘阳 for 刘洋, 赵民 for 赵敏)."""
    if len(words) < 2 or not all(CJK.fullmatch(c) for c in words):
        return []
    return [
        m
        for m in active
        if len(m.name) == len(words)
        and m.name[0] == words[0]
        and all(readings(a) & readings(b) for a, b in zip(m.name[1:], words[1:], strict=True))
    ]


# English titles and the roles they imply ("Director Li", "Section Chief Liu", "Secretary Wang")
EN_TITLES: tuple[tuple[str, frozenset[str]], ...] = (
    ("deputy director", frozenset({"deputy"})),
    ("deputy secretary", frozenset({"deputy"})),
    ("director", frozenset({"secretary", "deputy"})),
    ("secretary", frozenset({"secretary"})),
    ("section chief", frozenset({"dept_head"})),
    ("section head", frozenset({"dept_head"})),
    ("chief", frozenset({"dept_head"})),
    ("head", frozenset({"dept_head"})),
)


def _english_title(words: str, active: list[Member]) -> Member | None:
    """ "Director Li", "Section Chief Liu": the one holder of such a role with that surname in
    pinyin; "Alice": the one member whose name starts with that word."""
    lowered = " ".join(words.lower().replace(".", " ").split())
    if not lowered.isascii() or not lowered.replace(" ", "").isalpha():
        return None
    for title, roles in EN_TITLES:
        if lowered.startswith(title + " "):
            surname = lowered[len(title) + 1 :]
            holders = [m for m in active if m.roles & roles and _surname(m.name) == surname]
            return holders[0] if len(holders) == 1 else None
    if " " not in lowered:
        first = [m for m in active if m.name.isascii() and m.name.lower().split()[0] == lowered]
        return first[0] if len(first) == 1 else None
    return None


def _surname(name: str) -> str:
    if name.isascii():
        return name.lower().split()[-1]
    from pypinyin import lazy_pinyin

    return lazy_pinyin(name[0])[0]


def _spelling(words: str) -> str:
    """Latin words as one lower-case run: "Li Ming" → "liming" ("" when not Latin)."""
    letters = "".join(words.split()).lower()
    return letters if letters.isascii() and letters.isalpha() else ""


def _spellings(name: str) -> tuple[str, ...]:
    """A Chinese name in pinyin, surname first and last: 李明 → ("liming", "mingli")."""
    if name.isascii():
        return ()
    from pypinyin import lazy_pinyin  # (loaded on the first Latin name only)

    syllables = lazy_pinyin(name)
    return ("".join(syllables), "".join(syllables[1:] + syllables[:1]))


# Every title as one alternation, longest first (副局长 before 局长)
TITLE_WORDS = "|".join(sorted((t for t, _ in TITLES), key=len, reverse=True))
_TITLED = re.compile(
    "(?!(?<=[上下本这每])周)([\u4e00-\u9fff])("
    + "|".join(t for t, _ in TITLES if t != "同志")
    + ")(?![\u4e00-\u9fff]?长|室)"
)


EN_TITLED = re.compile(
    r"\b(?:deputy director|deputy secretary|director|secretary|section chief|section head|chief)"
    r"\s+[a-z]+\b",
    re.I,
)
_SECRETARY = re.compile(
    "(?:(?<![\u4e00-\u9fff])|(?<=[和与跟同给向找由对陪请让被]))(?:党组)?书记(?!处)|(?<=党组)书记|"
    "\\bthe secretary\\b",
    re.I,
)
_FAMILIAR = re.compile("[老小][\u4e00-\u9fff]")  # 老李, 小周


def people_in(text: str, people: Iterable[Member]) -> list[Member]:
    """The members a message names, in order: by full name (赵敏, Alice Chen, Zhao Min), or by
    surname and title (李局, 孙科长) when that names one person."""
    return [m for _, m in named_in(text, people)]


def named_in(text: str, people: Iterable[Member]) -> list[tuple[int, Member]]:
    """`people_in`, each with where in the text it is named."""
    active = [m for m in people if m.active]
    found: list[tuple[int, Member]] = []
    lowered = text.lower()
    latin = any("a" <= c <= "z" for c in lowered)
    for member in active:
        at = lowered.find(member.name.lower()) if len(member.name) >= 2 else -1
        if at < 0 and latin and not member.name.isascii():
            at = next((m.start() for s in _spoken(member.name) if (m := s.search(lowered))), -1)
        if at >= 0:
            found.append((at, member))
    for at, member in _slips(text, active):
        if all(m.id != member.id for _, m in found):
            found.append((at, member))
    secretaries = [m for m in active if "secretary" in m.roles]
    if len(secretaries) == 1:  # 书记 alone: the one secretary ("书记和班子成员谈了话")
        for match in _SECRETARY.finditer(text):
            if all(m.id != secretaries[0].id for _, m in found):
                found.append((match.start(), secretaries[0]))
    for match in (*_TITLED.finditer(text), *_FAMILIAR.finditer(text), *EN_TITLED.finditer(text)):
        named = person_named(match.group(0), active)
        if named is not None and all(m.id != named.id for _, m in found):
            found.append((match.start(), named))
    return sorted(found, key=lambda f: f[0])


def _slips(text: str, active: list[Member]) -> list[tuple[int, Member]]:
    """Names typed with a slip of pinyin input (刘阳 for 刘洋): where a member's surname is
    written and the characters after it sound like the rest of the name."""
    by_surname: dict[str, list[Member]] = {}
    for member in active:
        if len(member.name) in (2, 3) and CJK.fullmatch(member.name[0]):
            by_surname.setdefault(member.name[0], []).append(member)
    found = []
    for at, char in enumerate(text):
        for member in by_surname.get(char, ()):
            span = text[at : at + len(member.name)]
            if span != member.name and _sounding(span, [member]):
                found.append((at, member))
    return found


@functools.lru_cache(maxsize=16384)
def _spoken(name: str) -> tuple[re.Pattern[str], ...]:
    """A Chinese name in pinyin as words, either order: 刘洋 → "liu yang", "yang liu"."""
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    given = "".join(syllables[1:])
    return (
        re.compile(rf"\b{syllables[0]}\s*{given}\b"),
        re.compile(rf"\b{given}\s+{syllables[0]}\b"),
    )

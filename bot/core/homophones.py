"""Slips of pinyin input: a plan word typed with other characters of the same sound.

Chinese is typed by its sound, and a slip picks another character with the same pinyin: 廉政当课
for 廉政党课, 警示教鱼 for 警示教育, 掉研 for 调研. A span of a message that sounds like a word of
the plan's vocabulary (tones ignored, any reading of a character with several) and keeps at least
one of its characters — a slip changes a character, not the whole word — is read as that word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

CJK = re.compile(r"[\u4e00-\u9fff]")


@functools.lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every toneless pinyin reading of one Chinese character (none for anything else)."""
    if not CJK.fullmatch(char):
        return frozenset()
    from pypinyin import Style, pinyin  # (a large table: loaded when first needed)

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


class Homophones:
    """The vocabulary's words by sound; `restore` puts them back where a slip replaced them."""

    def __init__(self, words: Iterable[str]) -> None:
        from pypinyin import lazy_pinyin

        self._by_sound: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for word in sorted(set(words), key=len, reverse=True):  # longest first
            if len(word) < 2 or not all(CJK.fullmatch(c) for c in word):
                continue
            sound = tuple(lazy_pinyin(word))
            self._by_sound.setdefault(sound[0], []).append((word, sound))

    def restore(self, text: str) -> str:
        """The text with each span that sounds like a vocabulary word (and is not it) replaced
        by the word."""
        out: list[str] = []
        i = 0
        while i < len(text):
            found = self._word_at(text, i)
            if found is None:
                out.append(text[i])
                i += 1
            else:
                out.append(found)
                i += len(found)
        return "".join(out)

    def _word_at(self, text: str, i: int) -> str | None:
        for syllable in readings(text[i]):
            for word, sound in self._by_sound.get(syllable, ()):
                span = text[i : i + len(word)]
                if len(span) < len(word) or span == word:
                    continue
                if not any(a == b for a, b in zip(span, word, strict=True)):
                    continue  # nothing of the word kept: another word, not a slip
                if all(s in readings(c) for c, s in zip(span, sound, strict=True)):
                    return word
        return None

"""Slips of pinyin input: a plan word typed with other characters of the same sound.

Chinese is typed by its sound, and a slip picks another character with the same pinyin: 廉政当课
for 廉政党课, 警示教鱼 for 警示教育, 掉研 for 调研 — or with a sound the input method's fuzzy
pinyin merges (民组 for 民主: zu and zhu). A span of a message that sounds like a word of
the plan's vocabulary (tones ignored, any reading of a character with several) and keeps at least
one of its characters — a slip changes a character, not the whole word — is read as that word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

CJK = re.compile(r"[\u4e00-\u9fff]")


# Sounds that pinyin input confuses, as the input methods' "fuzzy pinyin" settings list them:
# zh/z, ch/c, sh/s, n/l at the start; ang/an, eng/en, ing/in at the end.
_FUZZY_START = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))
_FUZZY_END = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def fuzzy(syllable: str) -> str:
    """A syllable with the sounds pinyin input confuses merged (zhu → zu, ling → nin)."""
    for long, short in _FUZZY_START:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    for long, short in _FUZZY_END:
        if syllable.endswith(long):
            return syllable[: -len(long)] + short
    return syllable


@functools.lru_cache(maxsize=8192)
def readings(char: str) -> frozenset[str]:
    """Every toneless pinyin reading of one Chinese character, fuzzy sounds merged (none for
    anything else)."""
    if not CJK.fullmatch(char):
        return frozenset()
    from pypinyin import Style, pinyin  # (a large table: loaded when first needed)

    return frozenset(fuzzy(r) for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0])


class Homophones:
    """The vocabulary's words by sound; `restore` puts them back where a slip replaced them."""

    def __init__(self, words: Iterable[str]) -> None:
        self._by_sound: dict[str, list[str]] = {}
        self._by_first: dict[str, list[str]] = {}
        for word in sorted(set(words), key=len, reverse=True):  # longest first
            if len(word) < 2 or not all(CJK.fullmatch(c) for c in word):
                continue
            self._by_first.setdefault(word[0], []).append(word)
            for syllable in readings(word[0]):  # (调研: diao or tiao, as 条研 was typed)
                self._by_sound.setdefault(syllable, []).append(word)

    def restore(self, text: str) -> str:
        """The text with each span that sounds like a vocabulary word (and is not it) replaced
        by the word."""
        kept = self._written(text)
        out: list[str] = []
        i = 0
        while i < len(text):
            found = self._word_at(text, i, kept)
            if found is None:
                out.append(text[i])
                i += 1
            else:
                out.append(found)
                i += len(found)
        return "".join(out)

    def _written(self, text: str) -> list[bool]:
        """Where the text has a vocabulary word as it is written."""
        kept = [False] * len(text)
        for i, char in enumerate(text):
            for word in self._by_first.get(char, ()):
                if text.startswith(word, i):
                    kept[i : i + len(word)] = [True] * len(word)
                    break
        return kept

    def _word_at(self, text: str, i: int, kept: list[bool]) -> str | None:
        for syllable in readings(text[i]):
            for word in self._by_sound.get(syllable, ()):
                span = text[i : i + len(word)]
                if len(span) < len(word) or span == word:
                    continue
                if any(kept[i : i + len(word)]):
                    continue  # a vocabulary word written as it is (负责人) is no slip
                if not any(a == b for a, b in zip(span, word, strict=True)):
                    continue  # nothing of the word kept: another word, not a slip
                if all(readings(c) & readings(w) for c, w in zip(span, word, strict=True)):
                    return word
        return None

"""From a message to what the bot understood: kind, day, attribute, participants, on whose behalf.

Kinds are recognised from the plan's own vocabulary (a new plan brings its own words). A word
with "…" needs its parts in that order, a short gap apart. When one match lies inside a longer
match of another kind (调研 inside 调研报告), the longer one wins; when two kinds still tie, the
reading lists both as candidates and the bot asks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.dates import find_day, normalise
from bot.core.homophones import Homophones
from bot.core.plan import AttributeSpec, Plan

GAP = r".{0,24}?"
LIST_SEPARATORS = re.compile(r"[\n；;]+")
QUESTION = re.compile(
    r"([?？]\s*$)|(吗|呢|么)\s*[。.!！]?\s*$|^\s*(请问|是否|能否|几点|什么时候|"
    r"哪天|有没有|要不要|can|could|when|what|where|is|are|do|does|will|should)\b",
    re.I,
)
# "For whom": the ways people say they are writing down someone else's activity. The name is
# taken as written (王书记, 李局, Li Ming); the roster decides who it is (`person_named`).
_NAME = r"([^\s：:，,。、]{1,12}?(?:书记)?)"  # (王书记记一下: the title is not the verb)
_EN_NAME = r"([A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*){0,2}?)"
_WRITE = r"(?:补录|补记|登记|记录|录入|记|录|报|填报|上报|填)(?:一下|一笔|下|上)?"
_PRONOUN = r"(?:(?:他|她)(?=\S))?"
SELF = frozenset({"我", "忙", "咱", "自己", "我们", "me", "myself", "us"})
ON_BEHALF = re.compile(
    "|".join(
        (
            # 帮李明记一下：… / 请替赵敏登记 … / 代李明报一下，…
            rf"^\s*请?(?:帮|替|代|给)\s*{_NAME}\s*{_WRITE}\s*[：:，,。]?\s*{_PRONOUN}",
            # 代李明：… / 代 李明 … / 替赵敏, …
            rf"^\s*(?:代|替)\s*{_NAME}(?:\s*[：:，,]\s*|\s+)",
            # 李明让我记一下，他… / 赵局托我报一下：…
            rf"^\s*{_NAME}\s*(?:让|叫|托|请|要)我\s*(?:帮(?:他|她)\s*)?{_WRITE}\s*[：:，,。]?\s*"
            rf"{_PRONOUN}",
            # log this for Li Ming: … / please record on behalf of Zhao Min - …
            rf"^\s*(?:please\s+)?(?:log|record|add|enter|note)\s+(?:this|it|one)?\s*"
            rf"(?:for|on behalf of)\s+{_EN_NAME}\s*[:：,.\-–]\s*",
            # on behalf of Li Ming: … / for Alice Chen: …
            rf"^\s*(?:on behalf of|for)\s+{_EN_NAME}\s*[:：,]\s*",
            # Li Ming asked me to log this: …
            rf"^\s*{_EN_NAME}\s+asked me to\s+(?:log|record|add|note)\s*(?:this|it)?"
            rf"(?:\s+for\s+(?:him|her))?\s*[:：,.\-–]\s*",
        )
    ),
    re.I,
)
PARTICIPANTS = re.compile(
    r"(?:共|约|计)?\s*(\d{1,4})\s*(?:名|人|位)(?!民|员之)|"
    r"\b(\d{1,4})\s+(?:people|participants|attendees|staff|members|"
    r"colleagues|persons)\b",
    re.I,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class _Word:
    kind: str
    pattern: re.Pattern[str]
    weight: int
    first: str  # the word's first character, lower-cased: no match without it in the text


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    weight: int


@dataclass(frozen=True)
class Reading:
    """What the bot understood of one report."""

    text: str
    kind: str | None
    candidates: tuple[str, ...]
    day: dt.date | None
    day_assumed: bool
    day_approximate: bool
    attribute: tuple[str, str] | None
    participants: int | None
    on_behalf_of: str | None
    is_question: bool
    day_question: str | None = None  # the date as written, when the bot must ask the day
    day_impossible: bool = False  # … because no such day exists (else: a month, a span)

    @property
    def is_report(self) -> bool:
        return bool(self.candidates) and not self.is_question


def _compile(word: str) -> tuple[re.Pattern[str], int]:
    parts = [p for p in word.split("…") if p]
    latin = bool(re.search(r"[A-Za-z]", word))
    body = GAP.join(re.escape(p) for p in parts)
    if latin:
        body = r"(?<![a-z])" + body
    # A phrase written out whole is a surer sign than the same letters spread out.
    return re.compile(body, re.I), sum(len(p) for p in parts) - (len(parts) - 1)


class Recogniser:
    """A plan's vocabulary, compiled once; reads messages against it."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.words: list[_Word] = []
        for kind_id, kind in plan.kinds.items():
            for word in (*kind.words.zh, *kind.words.en):
                pattern, weight = _compile(word)
                first = word.lstrip("…")[:1].lower()
                self.words.append(_Word(kind_id, pattern, weight, first))
        self.values: dict[str, list[tuple[str, re.Pattern[str], int]]] = {}
        for kind_id, kind in plan.kinds.items():
            if kind.attribute is not None:
                self.values[kind_id] = [
                    (value, *_compile(word))
                    for value, spec in kind.attribute.values.items()
                    for word in (*spec.words.zh, *spec.words.en)
                ]
        zh = [w for k in plan.kinds.values() for w in k.words.zh] + [
            w
            for k in plan.kinds.values()
            if k.attribute is not None
            for v in k.attribute.values.values()
            for w in v.words.zh
        ]
        self.homophones = Homophones(part for word in zh for part in word.split("…"))

    def kinds_in(self, text: str) -> tuple[str, ...]:
        """The kinds the text names, best first; several when they tie."""
        lowered = text.lower()
        hits = [
            _Hit(w.kind, m.start(), m.end(), w.weight)
            for w in self.words
            if w.first in lowered  # (most words are not in a message: skip their search)
            for m in w.pattern.finditer(text)
        ]
        kept = [
            h
            for h in hits
            if not any(
                o.kind != h.kind and o.weight > h.weight and o.start <= h.start and h.end <= o.end
                for o in hits
            )
        ]
        best: dict[str, int] = {}
        for hit in kept:
            best[hit.kind] = max(best.get(hit.kind, 0), hit.weight)
        if not best:
            return ()
        top = max(best.values())
        return tuple(sorted((k for k, w in best.items() if w == top), key=list(best).index))

    def attribute_in(self, kind: str, text: str) -> tuple[str, str] | None:
        spec: AttributeSpec | None = self.plan.kinds[kind].attribute
        if spec is None:
            return None
        found = [
            (weight, m.start(), value)
            for value, pattern, weight in self.values.get(kind, [])
            for m in pattern.finditer(text)
        ]
        if not found:
            return None
        if spec.type == "flag" and any(value == "no" for _, _, value in found):
            return (spec.name, "no")
        _, _, value = max(found, key=lambda f: (f[0], -f[1]))
        return (spec.name, value)

    def read(self, text: str, today: dt.date) -> Reading:
        """Read one report.

        Args:
            text: the message (or one line of it).
            today: the day the message is read on, in the office's time zone.

        Returns:
            The reading; `kind` is None when no kind (or several) matched.
        """
        text = clean(text)
        on_behalf_of = None
        match = ON_BEHALF.match(text)
        if match:
            on_behalf_of = next((g.strip() for g in match.groups() if g and g.strip()), None)
            if on_behalf_of and on_behalf_of.lower() in SELF:  # 帮忙记一下, 帮我记一下
                on_behalf_of = None
            text = text[match.end() :]
        heard = text
        candidates = self.kinds_in(text)
        if not candidates:  # no plan word as written: perhaps one a slip of pinyin input changed
            heard = self.homophones.restore(text)
            candidates = self.kinds_in(heard) if heard != text else ()
        kind = candidates[0] if len(candidates) == 1 else None
        found = find_day(text, today)
        unclear = found.unclear if found else None
        return Reading(
            text=text,
            kind=kind,
            candidates=candidates,
            day=found.day if found else today,
            day_assumed=found is None,
            day_approximate=bool(found and found.approximate),
            attribute=self.attribute_in(kind, heard) if kind else None,
            participants=participants_in(text),
            on_behalf_of=on_behalf_of,
            is_question=bool(QUESTION.search(text)),
            day_question=found.text if found and unclear else None,
            day_impossible=unclear == "impossible",
        )

    def read_message(self, text: str, today: dt.date) -> list[Reading]:
        """Read a message: one reading, or one per line when several lines are reports."""
        return self.read_lines(text, today)[0]

    def read_lines(self, text: str, today: dt.date) -> tuple[list[Reading], tuple[str, ...]]:
        """Read a message line by line: the readings, and the lines of a list of reports that
        are not reports themselves (a heading, a remark), so that none is dropped unsaid."""
        whole = self.read(text, today)
        lines = [line.strip() for line in LIST_SEPARATORS.split(clean(text)) if line.strip()]
        if len(lines) < 2:
            return [whole], ()
        readings = [self.read(line, today) for line in lines]
        if sum(r.is_report for r in readings) < 2:
            return [whole], ()
        # Whom a line is for holds for the lines after it ("帮李明记一下：" as a heading, or
        # "代李明：…；…"), never for the lines before it.
        reports: list[Reading] = []
        skipped: list[str] = []
        behalf: str | None = None
        for line, reading in zip(lines, readings, strict=True):
            behalf = reading.on_behalf_of or behalf
            if reading.is_report:
                reports.append(_with_behalf(reading, behalf) if behalf else reading)
            elif not reading.on_behalf_of:
                skipped.append(line)
        return reports, tuple(skipped)


def _with_behalf(reading: Reading, name: str) -> Reading:
    from dataclasses import replace

    return replace(reading, on_behalf_of=reading.on_behalf_of or name)


def clean(text: str) -> str:
    """Drop control and direction-override characters; keep everything a person can read."""
    return CONTROL.sub("", text).strip()


def participants_in(text: str) -> int | None:
    match = PARTICIPANTS.search(normalise(text))
    if match is None:
        return None
    number = int(match.group(1) or match.group(2))
    return number if number > 1 else None

"""From a message to what the bot understood: kind, day, attribute, participants, on whose behalf.

Kinds are recognised from the plan's own vocabulary (a new plan brings its own words). A word
with "…" needs its parts in that order, a short gap apart; a word with "+" needs them near each
other in any order. When one match lies inside a longer
match of another kind (调研 inside 调研报告), the longer one wins; when two kinds still tie, the
reading lists both as candidates and the bot asks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.dates import DayMatch, as_written, find_days, find_vague, normalise
from bot.core.homophones import Homophones
from bot.core.mood import DONE, PERFECTIVE, Mood, mood_of
from bot.core.people import EN_TITLED, TITLE_WORDS, Member, named_in, people_in, person_named
from bot.core.plan import AttributeSpec, Plan

DEPARTMENT = "科室"  # what the plan's words call any department
OTHER = "other"  # the plan's catch-all kind: an activity it does not name
# Presence denied after the attendee is named: 纪检组这次没有派人, 纪检组未到
NOT_PRESENT = re.compile(r"[^，,。；;]{0,14}?(?:没有?|未|不)(?:派|来|到|参加|列席|出席|邀请)")

GAP = r".{0,24}?"  # between the parts of a word joined by "…"
GAP_LATIN = r".{0,72}?"  # (English words are longer: three times the reach, as for "+")
PARTS = re.compile(r"[…+]")  # what joins the parts of a word: in order (…), in any order (+)
REACH = 24  # how far apart the parts of a word may be
# Where one activity of a list ends: a line, a semicolon, a full stop, a number "2." or "（2）"
SENTENCES = re.compile(r"[。！!]+")
LIST_SEPARATORS = re.compile(
    r"[\n；;]+|\s*(?<![\d.])(?:[2-9]|1[0-9])\s*[.、．)）](?!\d)|\s*[（(][2-9][)）]"
)
# "For whom": the ways people say they are writing down someone else's activity. The name is
# taken as written (王书记, 李局, Li Ming); the roster decides who it is (`person_named`).
# (王书记记一下: the title is not the verb; Li Ming: a name in pinyin has a space)
_NAME = r"([A-Za-z]+(?:\s+[A-Za-z]+){1,2}|[^\s：:，,。、]{1,12}?(?:书记)?)"
_EN_NAME = (
    r"([A-Za-z][A-Za-z.'-]*(?:\s+[A-Za-z][A-Za-z.'-]*){0,3}?|[\u4e00-\u9fff]{2,4})"
    r"(?:\s*\([^)]{0,40}\))?"
)
_WRITE = (
    r"(?:补录一条|补一条|记一条|补录|补记|代记|代录|登记|记录|录入|登个记|(?<!书)记|录|报|填报|上报|填)"
    r"(?:一下|一笔|下|上)?"
)
_PRONOUN = r"(?:(?:他|她)(?=\S))?"
SELF = frozenset({"我", "忙", "咱", "自己", "我们", "me", "myself", "us"})
ON_BEHALF = re.compile(
    "|".join(
        (
            # 以下为代录：赵敏，1月20日… / 代报：李明 …
            rf"^\s*(?:以下(?:为|是))?(?:代录|代记|代报|代填|代登记?)\s*[：:]\s*{_NAME}\s*[：:，,。\s]\s*",
            # 帮李明记一下：… / 请替赵敏登记 … / 代李明报一下，…
            rf"^\s*我?(?:请|麻烦|帮忙)?(?:帮|替|代|给)\s*{_NAME}\s*{_WRITE}\s*[：:，,。]?\s*{_PRONOUN}",
            # 这条是李局的：… / 记在赵敏名下：… / 算王书记的，…
            rf"^\s*(?:这条|这个|此条)?(?:是|记|算|登记)(?:在|到|给)?\s*{_NAME}\s*(?:的|名下|头上)"
            r"\s*[：:，,。]\s*",
            # 代李明：… / 代 李明 … / 替赵敏, …
            rf"^\s*(?:代|替)\s*{_NAME}(?:\s*[：:，,]\s*|\s+)",
            # 李明让我记一下，他… / 赵局托我报一下：…
            rf"^\s*{_NAME}\s*(?:让|叫|托|请|要|委托|交代)我\s*(?:帮(?:他|她)?\s*|帮忙\s*)?{_WRITE}"
            r"\s*[：:，,。]?\s*"
            rf"{_PRONOUN}",
            # log this for Li Ming: … / please record on behalf of Zhao Min - …
            rf"^\s*(?:please\s+)?(?:log|logging|record|recording|reporting|add|enter|note)\s+"
            r"(?:this|it|one)?\s*"
            rf"(?:for|on behalf of|under)\s+{_EN_NAME}\s*(?:[:：,.\-–]|\s+that\b)\s*",
            # Alice's report: … / please put this under Zhou Ting: …
            rf"^\s*{_EN_NAME}'s\s+(?:report|record|entry|item|activity)\s*[:：,\-–]\s*",
            rf"^\s*(?:please\s+)?(?:put|file|book)\s+(?:this|it)\s+(?:under|down for|for)\s+"
            rf"{_EN_NAME}\s*[:：,.\-–]\s*",
            # on behalf of Li Ming: … / for Alice Chen: … / on Li Ming's behalf, …
            rf"^\s*(?:on behalf of|for)\s+{_EN_NAME}\s*[:：,\-–]\s*",
            rf"^\s*on\s+{_EN_NAME}'s\s+behalf\s*[:：,\-–]?\s*",
            # Li Ming asked me to log this: …
            rf"^\s*{_EN_NAME}\s+asked me to\s+(?:log|record|add|note)\s*(?:this|it)?"
            rf"(?:\s+for\s+(?:him|her))?\s*[:：,.\-–]\s*",
        )
    ),
    re.I,
)
SUBJECT_TITLE = f"(?:{TITLE_WORDS})?"
# Presence denied anywhere in the clause that names the attendee: 没有纪检组人员列席, 纪检组因故缺席
ABSENT = re.compile(
    r"没有|没|未|无人|缺席|不在|\b(?:without|not|no one|nobody|absent|wasn't|weren't)\b", re.I
)
# 周五, 星期5 alone: in a plan, the next one
BARE_WEEKDAY = re.compile(
    r"(?:周|星期|礼拜)[1-7日天]|(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.I
)
# Words before a name that make it a counterpart, not the subject: 和李明谈话
COMPANION = re.compile(r"和|与|跟|同|找|给|对|陪|带|\b(?:with|to|and|accompan\w*)\b", re.I)
# … or after the report, its subject named at its start: "赵局今天…谈话，帮她记一下"
BEHALF_AFTER = re.compile(
    r"[，,。；;\s]*(?:由我|我来|我)?(?:请)?(?:帮|替|给|代)(?:着|为|忙)?((?:他|她)|[^\s，,。、]{1,4}?)??"
    r"(?:登个记|记|登记|记录|录|报|补录|填报|录入|记上|登)"
    r"(?:一下|上|下|一笔)?\s*[。.!！~～]?\s*$|"
    r"[，,.;\s]*(?:please\s+)?(?:log|record)\s+(?:it|this)\s+for\s+(?:him|her)\s*[.!]?\s*$",
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
    parts: tuple[re.Pattern[str], ...]
    weight: float
    first: str  # the word's first character, lower-cased: no match without it in the text

    latin: bool = False
    ordered: re.Pattern[str] | None = None  # parts joined by "…": in this order

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the word is: a part alone; parts joined by "…" in that order a short gap
        apart; parts joined by "+" within a short reach of each other in any order
        (研究了廉政工作, 把廉政工作拿出来研究)."""
        if self.ordered is not None:
            return [m.span() for m in self.ordered.finditer(text)]
        if len(self.parts) == 1:
            return [m.span() for m in self.parts[0].finditer(text)]
        found = [[m.span() for m in part.finditer(text)] for part in self.parts]
        if not all(found):
            return []
        reach = REACH * (len(self.parts) - 1) * (3 if self.latin else 1)  # (words are longer)
        out = []
        for start, end in found[0]:
            near = [
                min(
                    (s for s in spans if abs(s[0] - start) <= reach),
                    default=None,
                    key=lambda s: abs(s[0] - start),
                )
                for spans in found[1:]
            ]
            if all(n is not None for n in near):
                ends = [n for n in near if n is not None]
                out.append((min(start, *(n[0] for n in ends)), max(end, *(n[1] for n in ends))))
        return out


@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int
    end: int
    weight: float
    whole: bool = True  # a word of one part (调研计划), not parts with a gap (去…银行)


@dataclass(frozen=True)
class Reading:
    """What the bot understood of one report."""

    text: str
    kind: str | None
    candidates: tuple[str, ...]
    day: dt.date | None
    day_assumed: bool
    attribute: tuple[str, str] | None
    participants: int | None
    on_behalf_of: str | None
    mood: Mood = Mood.DONE
    day_question: str | None = None  # the date as written, when the bot must ask the day
    day_impossible: bool = False  # … because no such day exists (else: a month, a span)
    day_conflict: bool = False  # … because the weekday written beside it says another day
    alternatives: tuple[str, ...] = ()  # the other kinds considered, best first
    # `on_behalf_of` is the person the report is about, named as its subject ("王书记和班子成员
    # 谈了话"), not said to be written for them: only an admin's report is taken so
    behalf_implied: bool = False

    @property
    def is_question(self) -> bool:
        return self.mood is Mood.QUESTION

    @property
    def is_report(self) -> bool:
        return bool(self.candidates) and self.mood is Mood.DONE


def _compile(word: str) -> tuple[re.Pattern[str], int]:
    parts = [p for p in PARTS.split(word) if p]  # (attribute words: "+" read as "…")
    latin = bool(re.search(r"[A-Za-z]", word))
    body = (GAP_LATIN if latin else GAP).join(_part(p, latin) for p in parts)
    if latin:
        body = r"(?<![a-z])" + body
    # A phrase written out whole is a surer sign than the same letters spread out.
    return re.compile(body, re.I), sum(len(p) for p in parts) - (len(parts) - 1)


def _part(part: str, latin: bool) -> str:
    """One part of a word as a pattern; in Latin words a space and a hyphen are one
    (clean-government, clean government) and a word takes any ending (visited: visit,
    visits, visiting)."""
    if not latin:
        return re.escape(part)
    tokens = re.split(r"[\s\-]+", part.strip())
    return r"[\s\-]+".join(_any_ending(token) for token in tokens if token)


ENDING = re.compile(r"(?:ing|ed|es|s)$")


def _any_ending(token: str) -> str:
    stem = ENDING.sub("", token.lower())
    if len(token) < 5 or len(stem) < 4 or not token.isalpha():
        return re.escape(token)
    if stem.endswith("i"):  # studied: study, studies
        stem = stem[:-1]
    return re.escape(stem) + r"[a-z]{0,4}"


def _word(kind: str, word: str) -> _Word:
    parts = [p for p in PARTS.split(word) if p]
    latin = bool(re.search(r"[A-Za-z]", word))
    patterns = tuple(
        re.compile((r"(?<![a-z])" if latin else "") + _part(p, latin), re.I) for p in parts
    )
    weight: float = sum(len(p) for p in parts) - (len(parts) - 1)
    if latin:  # an English word says about as much as three letters of Chinese
        weight = weight / 3
    ordered = _compile(word)[0] if "…" in word else None
    return _Word(kind, patterns, weight, parts[0][:1].lower() if parts else "", latin, ordered)


# Where a message says that something was done (for an activity the plan does not name).
DONE_SIGNS = re.compile(
    r"了|已|过|完成|参加|参与|组织|举办|举行|开展|召开|搞|"
    r"\b(?:did|held|had|took part|ran|went|gave|done|[a-z]{3,}ed)\b",
    re.I,
)
# Stronger signs of an activity done, for one the plan does not name (not a bare 了: "投影仪坏了")
ACTIVITY_DONE = re.compile(
    r"完成了|参加了|参与了|组织了|举办了|举行了|开展了|召开了|学习了|听了|报送了|看望|完成|"
    r"慰问|陪同|配合|来我局|来局|"
    r"\b(?:attended|played|studied|joined|took part|held|organi[sz]ed|completed|participated|"
    r"volunteered|visited)\b",
    re.I,
)
# A clause about a notice or a document received: its date is not the activity's day.
NOTICE = re.compile(r"收到|接到|通知|下发|印发|来文|发文|\bnotice\b|\breceived\b", re.I)


class Recogniser:
    """A plan's vocabulary, compiled once; reads messages against it."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.words: list[_Word] = []
        self.other: list[_Word] = []  # words of the plan's catch-all kind: tried last
        for kind_id, kind in plan.kinds.items():
            for word in (*kind.words.zh, *kind.words.en):
                bucket = self.other if kind_id == OTHER else self.words
                bucket.append(_word(kind_id, word))
        self.values: dict[str, list[tuple[str, re.Pattern[str], int]]] = {}
        for kind_id, kind in plan.kinds.items():
            if kind.attribute is not None:
                self.values[kind_id] = [
                    (value, *_compile(word))
                    for value, spec in kind.attribute.values.items()
                    for word in (*spec.words.zh, *spec.words.en)
                ]
        # Everyday words read as the plan's: longest first, so that 谈谈心 goes before 谈心.
        same = [
            (everyday, word)
            for word, vocabulary in plan.reading.same_as.items()
            for everyday in (*vocabulary.zh, *vocabulary.en)
        ]
        same.sort(key=lambda pair: len(pair[0]), reverse=True)
        self.same_as = {everyday.lower(): word for everyday, word in same}
        self._same_as = re.compile("|".join(re.escape(e) for e, _ in same), re.I) if same else None
        zh = [w for k in plan.kinds.values() for w in k.words.zh] + [
            w
            for k in plan.kinds.values()
            if k.attribute is not None
            for v in k.attribute.values.values()
            for w in v.words.zh
        ]
        self.homophones = Homophones(part for word in zh for part in PARTS.split(word))
        # The kinds a message mentions by a piece of their words (党组会 of 党组会+廉政): enough
        # to tell "党组会延期到下周" is about an activity put off, never to make a card
        self._pieces = [
            (kind_id, part)
            for kind_id, kind in plan.kinds.items()
            if kind_id != OTHER
            for word in kind.words.zh
            for part in PARTS.split(word)
            if len(part) >= 3
        ]
        # Guesses come near whole words and the kinds' names, not a part of a word (班子)
        self._guess_words = [
            (kind_id, word, True)
            for kind_id, kind in plan.kinds.items()
            if kind_id != OTHER
            for word in (*kind.words.zh, kind.label.zh)
            if PARTS.search(word) is None and len(word) >= 3
        ]

    def _without_attributes(self, text: str) -> str:
        """The text with the words of attribute values blanked: "纪检组因故缺席" says the
        inspectors were away, not that the meeting did not take place."""
        for values in self.values.values():
            for _, pattern, _ in values:
                text = pattern.sub(lambda m: "□" * len(m.group(0)), text)
        return text

    def _hits(self, text: str, words: list[_Word]) -> list[_Hit]:
        lowered = text.lower()
        hits = [
            _Hit(w.kind, start, end, w.weight, len(w.parts) == 1)
            for w in words
            if w.first in lowered  # (most words are not in a message: skip their search)
            for start, end in w.spans(text)
        ]
        return [
            h
            for h in hits
            if not any(
                o.kind != h.kind and o.weight > h.weight and o.start <= h.start and h.end <= o.end
                for o in hits
            )
        ]

    def kinds_in(self, text: str) -> tuple[str, ...]:
        """The kinds the text names, best first; several when they tie."""
        return _top(self._hits(text, self.words))[0]

    def heard(self, text: str, departments: Sequence[str] = ()) -> str:
        """The text as the plan would write it: everyday words replaced by the plan's, the
        office's departments by 科室, then slips of pinyin input put right."""
        for name in departments:
            text = text.replace(name, DEPARTMENT)
        if self._same_as is not None:
            text = self._same_as.sub(lambda m: self.same_as[m.group(0).lower()], text)
        return self.homophones.restore(text)

    def _with_people(self, kind: str | None) -> bool:
        """Whether the kind is done with people whose roles say which (a talk with 李明)."""
        spec = self.plan.kinds[kind].attribute if kind in self.plan.kinds else None
        return spec is not None and any(choice.roles for choice in spec.values.values())

    def attribute_in(
        self, kind: str, text: str, people: Sequence[Member] = (), subject: str | None = None
    ) -> tuple[str, str] | None:
        spec: AttributeSpec | None = self.plan.kinds[kind].attribute
        if spec is None:
            return None
        if subject:  # 赵敏副局长…与孙伟谈话: the subject's title says nothing of the counterpart
            text = re.sub(re.escape(subject) + SUBJECT_TITLE, "", text)
            for title in EN_TITLED.finditer(text):  # Deputy Director Li held talks with…
                if people and person_named(title.group(0), people) == person_named(subject, people):
                    text = text.replace(title.group(0), "")
        found = [
            (weight, m.start(), value)
            for value, pattern, weight in self.values.get(kind, [])
            for m in pattern.finditer(text)
        ]
        if spec.type == "flag" and any(value == "yes" for _, _, value in found):
            yes_at = min(start for _, start, value in found if value == "yes")
            clause = next((c.group(0) for c in _clauses(text) if c.start() <= yes_at < c.end()), "")
            if NOT_PRESENT.match(text, yes_at) or ABSENT.search(clause):  # 纪检组这次没有派人
                return (spec.name, "no")
        if not found:
            others = [m for m in people if subject is None or person_named(subject, [m]) is None]
            return self._attribute_from_people(spec, text, others)
        if spec.type == "flag" and any(value == "no" for _, _, value in found):
            return (spec.name, "no")
        _, _, value = max(found, key=lambda f: (f[0], -f[1]))
        return (spec.name, value)

    def _attribute_from_people(
        self, spec: AttributeSpec, text: str, people: Sequence[Member]
    ) -> tuple[str, str] | None:
        """The value the roles of the people a message names give (李明, 赵敏 are deputies)."""
        named = people_in(text, people) if people else []
        for value, choice in spec.values.items():
            holders = [m for m in named if m.roles & set(choice.roles)]
            if holders and len(holders) * 2 >= len(named):
                return (spec.name, value)
        return None

    def read(self, text: str, today: dt.date, people: Sequence[Member] = ()) -> Reading:
        """Read one report.

        Args:
            text: the message (or one line of it).
            today: the day the message is read on, in the office's time zone.
            people: the roster, whose names and roles tell whom a talk was with.

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
        elif (after := BEHALF_AFTER.search(text)) is not None:
            written = after.group(1)
            named = named_in(text[: after.start()], people)
            if written and written not in ("他", "她") and written not in SELF:
                on_behalf_of, text = written, text[: after.start()]  # …，帮李局记一下
            elif named and not COMPANION.search(text, 0, named[0][0]):
                on_behalf_of = named[0][1].name  # the report's subject, named first
                text = text[: after.start()]
        heard = self.heard(
            text, sorted({m.department for m in people if m.department}, key=len, reverse=True)
        )
        written_hits = self._hits(text, self.words)
        hits = written_hits
        if heard != text:
            as_heard = self._hits(heard, self.words)
            if _top(as_heard)[1] > _top(written_hits)[1]:
                hits = as_heard
        words_at = heard if hits is not written_hits else text
        if hits:  # 走访慰问, 专题报告会: a plan word inside a longer word of something else
            outside = self._hits(words_at, self.other)
            hits = [
                h
                for h in hits
                if not any(
                    o.weight > h.weight and o.start <= h.start and h.end <= o.end for o in outside
                )
            ]
        hits = _done_first(words_at, hits)
        mood = mood_of(self._without_attributes(_blanked(words_at, hits)))
        near, alternatives = self._guesses(heard, _top(hits)[0])
        if not hits and near is not None:  # 组织生会: a plan word with a character dropped
            candidates: tuple[str, ...] = (near,)
        else:
            if not hits and DONE_SIGNS.search(text):  # outside the plan: only what was done
                hits = self._hits(words_at, self.other)
            candidates = _top(hits)[0]
        if not candidates and mood is Mood.DONE and DONE_SIGNS.search(text) and alternatives:
            candidates = alternatives[:3]  # a past activity, kind unsure: ask with best guesses
            alternatives = alternatives[3:]
        elif not candidates and mood is Mood.DONE and ACTIVITY_DONE.search(text):
            candidates = (OTHER,)  # something done the plan does not name: kept, counted nowhere
        if mood is not Mood.DONE and not candidates and not alternatives:
            alternatives = tuple(dict.fromkeys(k for k, piece in self._pieces if piece in heard))
        kind = candidates[0] if len(candidates) == 1 else None
        implied = None
        if on_behalf_of is None and people:
            implied = _subject_named(text, people, self._with_people(kind))
        found = self._day(text, hits, words_at is text, today)
        if (
            found is not None
            and found.day > today
            and found.unclear != "impossible"
            and not DONE.search(text)
            and not PERFECTIVE.search(text)  # "下个月3号作了述责述廉": done, the date a slip
        ):
            mood = Mood.PLANNED if mood is Mood.DONE else mood
        if mood is Mood.PLANNED and found is not None and BARE_WEEKDAY.fullmatch(found.text):
            found = replace(
                found, day=found.day + dt.timedelta(days=7 if found.day <= today else 0)
            )
        unclear = found.unclear if found else None
        return Reading(
            text=text,
            kind=kind,
            candidates=candidates,
            day=found.day if found else today,
            day_assumed=found is None,
            attribute=self.attribute_in(kind, heard, people, on_behalf_of or implied)
            if kind
            else None,
            participants=participants_in(text),
            on_behalf_of=on_behalf_of or implied,
            behalf_implied=implied is not None,
            mood=mood,
            day_question=as_written(text, found.text) if found and unclear else None,
            day_impossible=unclear == "impossible",
            day_conflict=unclear == "weekday",
            alternatives=tuple(k for k in alternatives if k not in candidates),
        )

    def _day(
        self, text: str, hits: list[_Hit], positions_match: bool, today: dt.date
    ) -> DayMatch | None:
        """The activity's own day among those the message names: the one in the clause that
        names the activity, else the nearest before it, else after it; a day a notice arrived
        on ("5月3日收到通知，…") only when there is no other."""
        clauses = [(m.start(), m.end()) for m in _clauses(text)]
        dated: list[tuple[int, DayMatch, bool]] = []
        for index, (start, end) in enumerate(clauses):
            part = text[start:end]
            notice = bool(NOTICE.search(part))
            for match in find_days(part, today):
                dated.append((index, match, notice))
        if not dated:
            return find_vague(text, today)
        if len(dated) == 1:
            return dated[0][1]
        at = min((h.start for h in hits), default=None) if positions_match else None
        home = next((i for i, (s, e) in enumerate(clauses) if at is not None and s <= at < e), None)
        if home is None:  # no place for the activity: the first day that is not a notice's
            return min(dated, key=lambda d: (d[2], d[0]))[1]

        def distance(entry: tuple[int, DayMatch, bool]) -> tuple[bool, int, int]:
            index, _, notice = entry
            gap = index - home
            return (notice and index != home, abs(gap) * 2 + (gap > 0), 0)

        return min(dated, key=distance)[1]

    def _guesses(self, heard: str, chosen: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
        """Kinds a message comes near without naming: most of a plan word's characters are
        in it (学习了纪律条例 comes near 纪律处分条例), best first; and the one kind whose word
        of four characters or more is there with one character dropped or changed, if any."""
        letters = set(heard)
        score: dict[str, float] = {}
        near: set[str] = set()
        for kind, part, whole in self._guess_words:
            if kind in chosen:
                continue
            shared = sum(1 for c in set(part) if c in letters)
            if shared < 2:
                continue
            run = _common_run(part, heard)  # (少开会 is not near 开了个会: 开, 会 apart)
            if (run >= 3 and run * 2 >= len(part)) or (
                run >= 2 and shared * 3 >= len(set(part)) * 2
            ):
                score[kind] = max(score.get(kind, 0.0), shared + run / len(part))
                if whole and len(part) >= 4 and _dropped(part, heard):
                    near.add(kind)
        guesses = tuple(sorted(score, key=lambda k: -score[k]))
        return (next(iter(near)) if len(near) == 1 else None), guesses

    def read_message(
        self, text: str, today: dt.date, people: Sequence[Member] = ()
    ) -> list[Reading]:
        """Read a message: one reading, or one per line when several lines are reports."""
        return self.read_lines(text, today, people)[0]

    def read_lines(
        self, text: str, today: dt.date, people: Sequence[Member] = ()
    ) -> tuple[list[Reading], tuple[str, ...]]:
        """Read a message line by line: the readings, and the lines of a list of reports that
        are not reports themselves (a heading, a remark), so that none is dropped unsaid."""
        whole = self.read(text, today, people)
        lines = [line.strip() for line in LIST_SEPARATORS.split(clean(text)) if line.strip()]
        readings = [self.read(line, today, people) for line in lines] if len(lines) > 1 else []
        if sum(_named_report(r) for r in readings) < 2:
            # Sentences are separate reports only when each names its own day: "3月3日去银行
            # 调研。3月10日参加了组织生活会。", not "…调研。了解了融资情况。"
            lines = [s.strip() for line in lines for s in SENTENCES.split(line) if s.strip()]
            if len(lines) < 2:
                return [whole], ()
            readings = [self.read(line, today, people) for line in lines]
            found = [r for r in readings if r.is_report]
            if sum(map(_named_report, found)) < 2 or any(r.day_assumed for r in found):
                return [whole], ()
        # Whom a line is for holds for the lines after it ("帮李明记一下：" as a heading, or
        # "代李明：…；…"), never for the lines before it.
        reports: list[Reading] = []
        skipped: list[str] = []
        behalf: str | None = None
        for line, reading in zip(lines, readings, strict=True):
            behalf = reading.on_behalf_of or behalf
            if reading.is_report and (_named_report(reading) or not reading.day_assumed):
                reports.append(_with_behalf(reading, behalf) if behalf else reading)
            elif not reading.on_behalf_of:
                skipped.append(line)
        return reports, tuple(skipped)


def _named_report(reading: Reading) -> bool:
    """A report of a kind the plan names (not one taken as `other` for want of any)."""
    return reading.is_report and reading.kind != OTHER


def _top(hits: list[_Hit]) -> tuple[tuple[str, ...], float]:
    """The kinds of the heaviest hits (several when they tie), and that weight."""
    best: dict[str, float] = {}
    for hit in hits:
        best[hit.kind] = max(best.get(hit.kind, 0), hit.weight)
    for kind in list(best):
        own = sorted((h for h in hits if h.kind == kind), key=lambda h: -h.weight)
        used = [own[0]]
        for h in own[1:]:
            if all(h.end <= u.start or u.end <= h.start for u in used):
                used.append(h)
                best[kind] += 0.5 * h.weight
    if not best:
        return (), 0
    top = max(best.values())
    return tuple(sorted((k for k, w in best.items() if w == top), key=list(best).index)), top


# Before a subject: a day, a time, a place; never 我, nor a word that makes the name a companion
_BEFORE_SUBJECT = re.compile(r"[^我咱和与跟同找给对陪带随，,。；;！!？?]{0,12}")


def _subject_named(text: str, people: Sequence[Member], with_people: bool = False) -> str | None:
    """The roster member a report is about when it opens with them as its subject: "王书记6月1日
    和班子成员谈了话", "6月10日李局去银行调研了" (not "和李明谈话", "陪同王书记调研", "我和…")."""
    named = named_in(text, people)
    if not named:
        return None
    for at, member in named:  # 周婷和孙伟被赵局叫去谈话: the one after 被 did it
        if re.search(r"被\s*$", text[:at]):
            return member.name
    at, member = named[0]
    before = text[:at]
    dated = re.fullmatch(r"[^我咱]{0,16}\d[^我咱]{0,8}[，,]\s*", before)  # 6月7日，赵局…
    if not (_BEFORE_SUBJECT.fullmatch(before) or dated) or COMPANION.search(text, 0, at):
        return None
    end = at + _named_length(text, at, member)
    joins = "、及,，" if with_people else "、和与及,，"  # 王书记与李局谈话: a talk *with* 李局
    joined = re.match(rf"\s*{SUBJECT_TITLE}\s*[{joins}]\s*", text[end:])
    if joined and any(where == end + joined.end() for where, _ in named[1:]):
        return None  # 李明、赵敏参加了…: several people, no one subject
    return member.name


_NAMED_BY_TITLE = re.compile(
    rf"[\u4e00-\u9fff](?:{TITLE_WORDS})|(?:党组)?书记|[老小][\u4e00-\u9fff]"
)


def _named_length(text: str, at: int, member: Member) -> int:
    """How long the words naming `member` at `at` are (赵敏, 赵局, 书记, Director Li)."""
    if text.startswith(member.name, at):
        return len(member.name)
    match = _NAMED_BY_TITLE.match(text, at) or EN_TITLED.match(text, at)
    return len(match.group(0)) if match else len(member.name)


def _done_first(text: str, hits: list[_Hit]) -> list[_Hit]:
    """The hits in clauses that tell of something done, when some are: "去了两家银行，…后面
    写进调研报告里" is a research trip, the report still to come."""
    if len({h.kind for h in hits}) < 2:
        return hits
    clauses = _clauses(text)
    blanked = _blanked(text, hits)

    def done(hit: _Hit) -> bool:
        clause = next((c for c in clauses if c.start() <= hit.start < c.end()), None)
        if clause is None:
            return True
        return mood_of(blanked[clause.start() : clause.end()]) is Mood.DONE

    kept = [h for h in hits if done(h)]
    return kept or hits


def _common_run(word: str, text: str) -> int:
    """The length of the longest run of the word's characters that the text has as it is."""
    for length in range(len(word), 1, -1):
        if any(word[i : i + length] in text for i in range(len(word) - length + 1)):
            return length
    return 0


def _dropped(word: str, text: str) -> bool:
    """The word is in the text with one of its characters left out (组织生会)."""
    return any(word[:i] + word[i + 1 :] in text for i in range(len(word)))


def _blanked(text: str, hits: list[_Hit]) -> str:
    """The text with the plan's words blanked out: 调研计划 names an activity, not a plan."""
    chars = list(text)
    for hit in hits:
        if hit.whole and mood_of(text[hit.start : hit.end]) is not Mood.DONE:
            chars[hit.start : hit.end] = "□" * (hit.end - hit.start)
    return "".join(chars)


def _clauses(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^，,。；;！!？?\n]+", text))


def _with_behalf(reading: Reading, name: str) -> Reading:
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

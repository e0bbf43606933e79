"""Questions in a member's own words: what is asked, about whom, about which activities, over
which period. Pure: the plan, the roster, the asker and the day come in as arguments.

Whether a message is a question or a report is decided here, once, for every caller
(`understand`): a message that tells of something done in a clause of its own is a report,
whatever question it opens with ("谁还没去过？反正我今天去了警示教育基地"); otherwise a message
with a question's marks (a question word, 吗/呢/没有 at the end, a question mark, an English
interrogative) is a question.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.core.dates import find_days, normalise
from bot.core.mood import DONE, PERFECTIVE, QUESTION, Mood, mood_of
from bot.core.parser import OTHER, Recogniser
from bot.core.people import TITLE_WORDS, Member, named_in
from bot.core.plan import Plan, Scope


class Intent(StrEnum):
    COUNT = "count"  # how many done / left
    DONE_CHECK = "done_check"  # has someone done it
    WHO = "who"  # who has / has not
    LAST = "last"  # when was the last one
    RECORDS = "records"  # what was recorded
    DUE = "due"  # what is due soon
    REMAINING = "remaining"  # what remains
    OTHER = "other"  # nothing the bot can answer


@dataclass(frozen=True)
class Period:
    """The days a question is about; `name` is year, h1, h2, this_month, last_month,
    this_week, last_week, month (a named month) or before (due before `end`)."""

    name: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.name == "month":
            return f"{self.start:%Y-%m}"
        if self.name == "before":
            return f"before:{self.end.isoformat()}"
        return self.name


@dataclass(frozen=True)
class Subject:
    """Whom a question is about: `me`, `unit`, a `person`, a `department` or a `group`
    (leaders, deputies, dept_heads)."""

    kind: str
    member: Member | None = None
    department: str | None = None
    group: str | None = None

    @property
    def label(self) -> str:
        if self.kind == "person" and self.member is not None:
            return self.member.name
        if self.kind == "department" and self.department:
            return self.department
        if self.kind == "group" and self.group:
            return self.group
        return self.kind


@dataclass(frozen=True)
class Question:
    text: str
    intent: Intent
    subject: Subject
    kinds: tuple[str, ...]
    period: Period
    attribute: tuple[str, str] | None = None
    negative: bool = False  # who has *not*, what is *still* open
    said: frozenset[str] = frozenset()  # which of subject, kinds, period the words gave


# What is asked, in the order the readings are tried (a question can carry several marks:
# "最近一次…是几号" asks when, not how many).
_DUE = re.compile(r"截止|到期|期限|快到|要交|该交|逾期|过期|deadline|\bdue\b|closing|expire", re.I)
_RECORDS = re.compile(
    r"(?:报|记|录|登记|登|填|提交|上报)(?:了|过)?(?:些|哪些)?(?:什么|啥|哪些|几条|多少条)|"
    r"(?:记录|记的|报的|录的|交的|登记的|登的|报过的|记过的|交过的)[\u4e00-\u9fff]{0,6}?(?:有|是)?"
    r"(?:哪些|什么|啥)|"
    r"(?:列|看|查|翻)(?:一下|一列|一看|下|翻)?.{0,10}(?:记录|记的|报的|交过的|记过的|报过的|登记的|登了)|"
    r"(?:记录|记的|报的|交过的|记过的|报过的).{0,10}(?:看看|看一下|列一下|列出来|发我|给我)|"
    r"记录(?:吗|呢)?[?？]?$|"
    r"\b(?:show|list|see)\b.{0,20}\b(?:records?|entries|logs?|logged|recorded|reported)\b|"
    r"\bwhat (?:did|have|has)\b.{0,30}\b(?:log|logged|record|recorded|report|reported|submit|"
    r"submitted|enter|entered)\b|\bmy (?:records|entries|logs)\b",
    re.I,
)
_LAST = re.compile(
    r"最近一次|上一次|上次|最后一次|什么时候|啥时候|哪天|哪一天|几号|几月几|何时|多久没|多长时间没|"
    r"\bwhen\b|\blast time\b|\bmost recent(?:ly)?\b|\blatest\b",
    re.I,
)
_WHO = re.compile(
    r"谁|哪些(?:人|同志|领导|班子成员|科长|副局长|科室|科|部门|负责人)|哪几(?:位|个)|哪位|哪个科|"
    r"哪个部门|有没有人|还有人|\bwho\b|\bwhich\b.{0,20}\b(?:deputies|heads|sections|"
    r"departments|people|leaders|members|colleagues|chiefs|directors)\b|\banyone\b|\banybody\b",
    re.I,
)
# How many: 几 and 多少 asked at the end of a clause (走访了几家企业？, 还要开几次) — not
# "几位同志碰了个头", "这几次走访", "十几家企业" (several); 第几; English
_COUNT = re.compile(
    r"(?<![这那前后十好头])(?:几|多少)\s*(?:个|家|位|件|条|次|回|趟|场|份|篇|轮|项|天|人|名)?"
    r"[\u4e00-\u9fff]{0,5}?(?:了|呢|啊|呀|啦|来着)?\s*(?:[?？,，。;；!！]|$)|"
    r"(?<![这那前后十好头])几(?:次|回|趟|场|份|篇|轮)|多少次|第几|多远|差多少|差几|"
    r"\bhow many\b|\bhow much\b|\bhow far\b|"
    r"\bhow often\b|\bnumber of\b",
    re.I,
)
_REMAINING = re.compile(
    r"还剩|还差|剩下|剩余|还欠|欠(?:哪些|什么|啥|着)|还有(?:哪些|什么|啥|几[项次个件])|没完成|未完成|"
    r"没做完|没干完|没弄完|没搞完|落下|还没做|还要做|完成情况|完成了多少|任务进度|我的进度|"
    r"进度(?:怎么样|如何)|\b(?:what|anything|something)\b.{0,12}\bleft\b|\bremain|"
    r"\boutstanding\b|\bstill (?:owe|need|have to)\b|"
    r"\bwhat do (?:i|we) (?:still )?(?:have|need) to do\b|\bto-?do\b|\bbehind\b|\bprogress\b",
    re.I,
)
_DONE_CHECK = re.compile(
    r"了吗|过吗|了么|了没|过没|没有[?？。]?\s*$|没[?？]?\s*$|有没有|是否|吗|么[?？]?\s*$|嘛|"
    r"\b(?:did|has|have|had|was|were|is|are)\b",
    re.I,
)
_NEGATIVE = re.compile(
    r"还没|没有|未|没|\b(?:not|yet|still owes?|haven'?t|hasn'?t|didn'?t|missing)\b", re.I
)

# Whom: the asker, the whole office, a group of roles
_ME = re.compile(r"我(?!们|局|科|司|单位|处)|本人|\b(?:i|me|my|mine|myself|i'?ve|i'?m)\b", re.I)
_OUR_DEPARTMENT = re.compile(
    r"我们科|我科|咱们科|咱科|科里|本科室|我们科室|\b(?:my|our) (?:section|department|dept|team)\b",
    re.I,
)
_UNIT = re.compile(
    r"我们|咱们|咱|全局|局里|单位|大家|整体|\b(?:we|our|us|everyone)\b|"
    r"\b(?:the )?(?:whole |entire )?(?:bureau|unit|office)\b",
    re.I,
)
# Before a group or a person: the talk was with them
_WITH = re.compile(r"(?:和|与|跟|同|找|对|给|\bwith)\s*(?:分管的?|各|the|my|his|her)?\s*$", re.I)
# 孙伟他们科: the department of the person named
_THEIR_DEPARTMENT = re.compile(r"\s*(?:他们|她们|那边|那个)?\s*(?:科室|科|部门)")
GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "deputies",
        re.compile(r"副局长们?|副职|分管领导|\bdeput(?:y|ies)(?: directors?)?\b", re.I),
    ),
    (
        "dept_heads",
        re.compile(
            r"科长们?|科室负责人|各科室|科室主要负责人|负责人们?|\b(?:department|section|division)"
            r" (?:heads|chiefs)\b|\bheads of (?:the )?(?:departments|sections)\b",
            re.I,
        ),
    ),
    (
        "leaders",
        re.compile(
            r"班子成员|领导班子|班子|局领导|领导们|\bleadership(?: team)?\b|\bleaders\b|"
            r"\bteam members\b",
            re.I,
        ),
    ),
)
GROUP_ROLES = {
    "leaders": frozenset({"secretary", "deputy"}),
    "deputies": frozenset({"deputy"}),
    "dept_heads": frozenset({"dept_head"}),
}

# The period
_BEFORE = re.compile(
    r"(\d{1,2})\s*月\s*(?:底|末|份?结束)\s*(?:之?前|以前)|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*(?:之?前|以前)|"
    r"(年底|年末|年终|\bend of (?:the|this) year\b)\s*(?:之?前|以前)?|(月底|月末)\s*(?:之?前|以前)|"
    r"\b(?:before|by) (?:the )?end of ([a-z]+)\b|\b(?:before|by) ([a-z]+) (\d{1,2})\b|"
    r"(国庆|五一|七一|八一)节?\s*(?:之前|以前|前)",
    re.I,
)
_PERIODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("h1", re.compile(r"上半年|\bfirst half\b|\bh1\b|\bjan(?:uary)? to june\b", re.I)),
    ("h2", re.compile(r"下半年|\bsecond half\b|\bh2\b", re.I)),
    ("last_month", re.compile(r"上个?月|\blast month\b", re.I)),
    ("next_month", re.compile(r"下个?月|\bnext month\b", re.I)),
    ("next_week", re.compile(r"下个?(?:周|星期|礼拜)|\bnext week\b", re.I)),
    ("this_month", re.compile(r"这个?月|本月|当月|\bthis month\b", re.I)),
    ("last_week", re.compile(r"上个?(?:周|星期|礼拜)|\blast week\b", re.I)),
    ("this_week", re.compile(r"这个?(?:周|星期|礼拜)|本周|\bthis week\b", re.I)),
    ("year", re.compile(r"今年|全年|本年度?|年度|\bthis year\b|\bso far\b", re.I)),
)
_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\s*月(?:份)?(?![\d底末初中]|\s*\d)")
EN_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_EN_MONTH = re.compile(
    r"\b(?:in|for|during|of|since)\s+(" + "|".join(m[:3] + r"[a-z]*" for m in EN_MONTHS) + r")\b",
    re.I,
)

# The parts of a message, to find a report told after a question
CLAUSES = re.compile(r"[，,。；;！!？?…~～]+|\.{2,}|(?<=[A-Za-z])\.\s")
# "I visited", "we held": told as done, whatever question is around it
FIRST_PERSON_PAST = re.compile(
    r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:visited|held|went|gave|had|talked|met|finished|submitted|"
    r"studied|organi[sz]ed|reported|completed|wrote|sent|spoke|reviewed|did)\b|"
    r"\bjust (?:got back|finished|visited|held|had|came back)\b",
    re.I,
)

# A short follow-up that takes the shape of the previous question: 孙强呢？ and last month?
FOLLOW_UP = re.compile(
    r"^\s*(?:那|那么)?.{1,12}?(?:呢|的呢)\s*[?？]?\s*$|^\s*(?:and|what about|how about)\b.{0,40}$",
    re.I,
)
FOLLOW_UP_WINDOW = dt.timedelta(minutes=10)


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def period_in(text: str, plan: Plan, today: dt.date) -> Period | None:
    """The period the words name, or None when they name none."""
    plain = normalise(text)
    year = plan.year
    before = _BEFORE.search(plain)
    if before:
        end: dt.date | None = None
        if before.group(1):
            end = (
                _month_bounds(year, int(before.group(1)))[1]
                if 1 <= int(before.group(1)) <= 12
                else None
            )
        elif before.group(2):
            try:
                end = dt.date(year, int(before.group(2)), int(before.group(3)))
            except ValueError:
                end = None
        elif before.group(4):
            end = dt.date(year, 12, 31)
        elif before.group(5):
            end = _month_bounds(today.year, today.month)[1]
        elif before.group(6):
            month = _en_month(before.group(6))
            end = _month_bounds(year, month)[1] if month else None
        elif before.group(7):
            month = _en_month(before.group(7))
            if month:
                try:
                    end = dt.date(year, month, int(before.group(8)))
                except ValueError:
                    end = None
        elif before.group(9):
            month, day = {"国庆": (10, 1), "五一": (5, 1), "七一": (7, 1), "八一": (8, 1)}[
                before.group(9)
            ]
            end = dt.date(year, month, day) - dt.timedelta(days=1)
        if end is not None:
            return Period("before", today, end)
    for name, pattern in _PERIODS:
        if pattern.search(plain):
            return _named_period(name, plan, today)
    written = _MONTH.search(plain)
    if written and 1 <= int(written.group(1)) <= 12:
        start, last = _month_bounds(year, int(written.group(1)))
        return Period("month", start, last)
    english = _EN_MONTH.search(plain)
    if english:
        number = _en_month(english.group(1))
        if number:
            start, end = _month_bounds(year, number)
            return Period("month", start, end)
    return None


def _en_month(word: str) -> int | None:
    word = word.lower()
    return next(
        (i + 1 for i, m in enumerate(EN_MONTHS) if len(word) >= 3 and m.startswith(word)), None
    )


def _named_period(name: str, plan: Plan, today: dt.date) -> Period:
    year = plan.year
    if name == "h1":
        return Period(name, dt.date(year, 1, 1), dt.date(year, 6, 30))
    if name == "h2":
        return Period(name, dt.date(year, 7, 1), dt.date(year, 12, 31))
    if name == "this_month":
        return Period(name, *_month_bounds(today.year, today.month))
    if name == "last_month":
        first = today.replace(day=1) - dt.timedelta(days=1)
        return Period(name, *_month_bounds(first.year, first.month))
    if name == "next_month":
        first = _month_bounds(today.year, today.month)[1] + dt.timedelta(days=1)
        return Period(name, *_month_bounds(first.year, first.month))
    if name == "next_week":
        start = _monday(today) + dt.timedelta(days=7)
        return Period(name, start, start + dt.timedelta(days=6))
    if name == "this_week":
        return Period(name, _monday(today), _monday(today) + dt.timedelta(days=6))
    if name == "last_week":
        start = _monday(today) - dt.timedelta(days=7)
        return Period(name, start, start + dt.timedelta(days=6))
    return whole_year(plan)


def whole_year(plan: Plan) -> Period:
    return Period("year", dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31))


def department_in(text: str, departments: Sequence[str]) -> str | None:
    """A department the words name: in full (银行保险科), by its last part (保险科, 监管科) or
    by the initials of its words (银保科)."""
    for name in sorted(departments, key=len, reverse=True):
        if any(alias in text for alias in _aliases(name)):
            return name
    return None


def _aliases(name: str) -> tuple[str, ...]:
    if not name.endswith("科") or len(name) < 4:
        return (name,)
    body = name[:-1]
    aliases = [name, body[-2:] + "科"]
    if len(body) >= 4:
        aliases.append(body[::2][:2] + "科")  # 银行保险 → 银保
    return tuple(aliases)


class QuestionReader:
    """Reads questions with the plan's vocabulary (the report reader's, typos included)."""

    def __init__(self, recogniser: Recogniser) -> None:
        self.recogniser = recogniser
        self.plan = recogniser.plan
        self._labels = _label_patterns(self.plan)

    def kinds_in(self, text: str, people: Sequence[Member]) -> tuple[str, ...]:
        """The kinds a question names: by the report reader's vocabulary, else by the names the
        plan gives its kinds and duties (党组研究, discipline study sessions)."""
        departments = sorted({m.department for m in people if m.department}, key=len, reverse=True)
        heard = self.recogniser.heard(text, departments)
        kinds = self.recogniser.kinds_in(heard) or self.recogniser.kinds_in(text)
        kinds = tuple(k for k in kinds if k != OTHER)
        if kinds:
            return kinds
        lowered = heard.lower()
        found = [kind for kind, pattern in self._labels if pattern.search(lowered)]
        return tuple(dict.fromkeys(found))

    def read(
        self,
        text: str,
        asker: Member,
        people: Sequence[Member],
        today: dt.date,
        previous: Question | None = None,
    ) -> Question | None:
        """The question a message asks, or None when it asks none (a report, a plan…)."""
        text = text.strip()
        if previous is not None and FOLLOW_UP.search(text) and not self._tells(text, people, today):
            return self._follow_up(text, asker, people, today, previous)
        if not self._is_question(text, people, today):
            return None
        question = self._question(text, asker, people, today)
        if question.intent is Intent.OTHER:
            return Question(text, Intent.OTHER, Subject("unit"), (), whole_year(self.plan))
        return question

    def _tells(self, text: str, people: Sequence[Member], today: dt.date) -> bool:
        """Whether the text tells of something done ("那我昨天讲了党课呢", "and I visited…")."""
        if FIRST_PERSON_PAST.search(text):
            return True
        return bool(
            PERFECTIVE.search(text) and (find_days(text, today) or self.kinds_in(text, people))
        )

    def _is_question(self, text: str, people: Sequence[Member], today: dt.date) -> bool:
        if not (QUESTION.search(text) or _asks(text)):
            return False
        told = FIRST_PERSON_PAST.search(text)
        if told and not _LAST.search(text, 0, told.start()) and self.kinds_in(text, people):
            return False  # "Did I mention I visited a credit union on May 30?"
        # A question, then what was done in a clause of its own: "谁都没落下，全局干部职工今天
        # 我都集体谈了话", "这个算不算？上周五支部组织学习了纪律处分条例"
        clauses = [c.strip() for c in CLAUSES.split(text) if c.strip()]
        if len(clauses) > 1 and self.kinds_in(text, people):
            for clause in clauses:
                if QUESTION.search(clause) or _asks(clause):
                    continue
                if mood_of(clause) is Mood.DONE and (
                    PERFECTIVE.search(clause) or DONE.search(clause) or find_days(clause, today)
                ):
                    return False
        return True

    def _question(
        self, text: str, asker: Member, people: Sequence[Member], today: dt.date
    ) -> Question:
        kinds = self.kinds_in(text, people)
        said: set[str] = set()
        if kinds:
            said.add("kinds")
        period = period_in(text, self.plan, today)
        if period is not None:
            said.add("period")
        intent = _intent(text, bool(kinds), period)
        subject, attribute = self._subject(text, asker, people, kinds, intent)
        if subject is not None:
            said.add("subject")
        else:
            subject = self._default_subject(asker, kinds, intent)
        if period is None:
            period = whole_year(self.plan)
        negative = bool(_NEGATIVE.search(text)) and intent in (Intent.WHO, Intent.DONE_CHECK)
        return Question(text, intent, subject, kinds, period, attribute, negative, frozenset(said))

    def _subject(
        self,
        text: str,
        asker: Member,
        people: Sequence[Member],
        kinds: tuple[str, ...],
        intent: Intent,
    ) -> tuple[Subject | None, tuple[str, str] | None]:
        attribute = None
        kind = kinds[0] if len(kinds) == 1 else None
        if kind is not None and self.plan.kinds[kind].attribute is not None:
            attribute = self.recogniser.attribute_in(kind, text, people)
        named = [(at, m) for at, m in named_in(text, people)]
        for at, member in named:
            before = text[max(0, at - 2) : at]
            if re.search(r"[和与跟同找对给]$|\bwith\s*$", before, re.I) and len(named) > 1:
                continue  # 书记和李明谈过话吗: the talk was with 李明, 书记 is asked about
            if member.department and _THEIR_DEPARTMENT.match(
                text, at + _name_length(text, at, member)
            ):
                return Subject("department", department=member.department), attribute
            if member.id == asker.id:
                return Subject("me"), attribute
            return Subject("person", member), attribute
        departments = sorted({m.department for m in people if m.department})
        if _OUR_DEPARTMENT.search(text) and asker.department:
            return Subject("department", department=asker.department), attribute
        department = department_in(text, departments)
        if department is not None:
            return Subject("department", department=department), attribute
        plain = text
        mentions = sorted(
            (m.start(), m.end(), group) for group, pattern in GROUPS for m in pattern.finditer(text)
        )
        for start, end, group in mentions:  # 哪位副局长还没和分管科长谈过话: the first, not the one
            if _WITH.search(text[:start]):  # talked *with*
                continue
            plain = text[:start] + " " * (end - start) + text[end:]
            if kind is not None and self.plan.kinds[kind].attribute is not None:
                attribute = self.recogniser.attribute_in(kind, plain, people)
            return Subject("group", group=group), attribute
        if attribute is not None and kind is not None:  # 班子成员 as the counterpart of a talk
            spec = self.plan.kinds[kind].attribute
            assert spec is not None
            choice = spec.values[attribute[1]]
            for word in (*choice.words.zh, *choice.words.en):
                word = word.replace("…", "").replace("+", "")
                plain = re.sub(re.escape(word), " ", plain, flags=re.I)
        if _ME.search(plain) and not _UNIT.search(plain):
            return Subject("me"), attribute
        if _UNIT.search(plain):
            return Subject("unit"), attribute
        if _ME.search(plain):
            return Subject("me"), attribute
        return None, attribute

    def _default_subject(self, asker: Member, kinds: tuple[str, ...], intent: Intent) -> Subject:
        """Nobody named: a duty of the office is the office's; a duty of a role is the asker's
        when they hold it; "who" asks about the role's holders."""
        obligations = [ob for ob in self.plan.obligations if ob.kind in kinds]
        each = [ob for ob in obligations if ob.scope is Scope.EACH]
        if intent is Intent.WHO:
            roles = {r for ob in each for r in ob.roles}
            if roles and roles != {"secretary"}:  # (one person's duty: who of anyone did it)
                return Subject("group", group=_group_of(roles))
            return Subject("unit")
        if intent in (Intent.RECORDS, Intent.REMAINING):
            return Subject("me")
        if (
            intent in (Intent.DONE_CHECK, Intent.COUNT, Intent.DUE)
            and each
            and not any(ob.scope is Scope.UNIT for ob in obligations)
            and any(asker.roles & set(ob.roles) for ob in each)
        ):
            return Subject("me")
        return Subject("unit")

    def _follow_up(
        self,
        text: str,
        asker: Member,
        people: Sequence[Member],
        today: dt.date,
        previous: Question,
    ) -> Question:
        """The previous question with what the follow-up names put in its place."""
        own = self._question(text, asker, people, today)
        subject = own.subject if "subject" in own.said else previous.subject
        kinds = own.kinds if "kinds" in own.said else previous.kinds
        period = own.period if "period" in own.said else previous.period
        attribute = own.attribute if "kinds" in own.said else previous.attribute
        if "kinds" in own.said and "subject" not in own.said and previous.subject.kind == "person":
            subject = previous.subject
        intent = previous.intent
        if intent is Intent.WHO and subject.kind in ("me", "person"):
            intent = Intent.DONE_CHECK  # 哪些班子成员还没报告？… 李明呢？: has 李明 done it
        return replace(
            previous,
            text=text,
            intent=intent,
            subject=subject,
            kinds=kinds,
            period=period,
            attribute=attribute,
            said=own.said,
        )


def _name_length(text: str, at: int, member: Member) -> int:
    """How long the words naming `member` at `at` are (孙伟, 孙科长, 老孙)."""
    if text.startswith(member.name, at):
        return len(member.name)
    match = re.match(r"[\u4e00-\u9fff](?:" + TITLE_WORDS + r")|[老小][\u4e00-\u9fff]", text[at:])
    return len(match.group(0)) if match else len(member.name)


def told_after_question(text: str) -> str | None:
    """The report a message tells after a question it opens with ("谁还没去过？反正我今天去了
    警示教育基地" → "反正我今天去了警示教育基地"), or None when it opens with none."""
    start = 0
    for match in CLAUSES.finditer(text):
        clause = text[start : match.start()]
        if not (QUESTION.search(clause + match.group(0)) or _asks(clause)):
            break
        start = match.end()
    rest = text[start:].strip()
    if start == 0 or not rest or QUESTION.search(rest) or mood_of(rest) is not Mood.DONE:
        return None
    return rest


def _group_of(roles: set[str]) -> str:
    if roles <= {"deputy"}:
        return "deputies"
    if roles <= {"dept_head"}:
        return "dept_heads"
    return "leaders"


def _label_patterns(plan: Plan) -> list[tuple[str, re.Pattern[str]]]:
    """The plan's names of its kinds and duties as words a question may use: in Chinese as
    written, in English each word with any ending (studies, sessions) and the last two words
    alone (discipline study), longest first."""
    names: list[tuple[str, str]] = []
    for kind_id, kind in plan.kinds.items():
        if kind_id != OTHER:
            names += [(kind_id, kind.label.zh), (kind_id, kind.label.en)]
    for ob in plan.obligations:
        names += [(ob.kind, ob.title.zh), (ob.kind, ob.title.en)]
        if ob.short is not None:
            names += [(ob.kind, ob.short.zh), (ob.kind, ob.short.en)]
    patterns = []
    for kind_id, name in sorted(set(names), key=lambda n: -len(n[1])):
        words = re.findall(r"[a-z]+", name.lower())
        if words:
            for part in {tuple(words), tuple(words[-2:])}:
                if len(" ".join(part)) >= 8:
                    stems = [w[:-1] if w.endswith(("y", "s")) and len(w) > 4 else w for w in part]
                    body = r"\s+".join(re.escape(w) + r"\w*" for w in stems)
                    patterns.append((kind_id, re.compile(r"\b" + body, re.I)))
        elif len(name) >= 2:
            patterns.append((kind_id, re.compile(re.escape(name))))
    return patterns


def _asks(text: str) -> bool:
    """Question words strong enough without a question mark (党组研究还要开几次)."""
    return bool(
        _COUNT.search(text)
        or _WHO.search(text)
        or _LAST.search(text)
        or (
            (_DUE.search(text) or _BEFORE.search(normalise(text)))
            and re.search(r"[?？]|啥|什么|哪些|\bwhat\b|\bany", text, re.I)
        )
        or _RECORDS.search(text)
        or _REMAINING.search(text)
    )


def _intent(text: str, has_kind: bool, period: Period | None = None) -> Intent:
    """What is asked: the strongest mark first."""
    if _DUE.search(text):
        return Intent.DUE
    if (
        period is not None
        and period.name == "before"
        and not (has_kind and (_WHO.search(text) or _COUNT.search(text) or _LAST.search(text)))
    ):
        return Intent.DUE  # 月底前全局得交啥, 国庆之前有哪些得交差的
    if _RECORDS.search(text):
        return Intent.RECORDS
    if _LAST.search(text) and has_kind:
        return Intent.LAST
    if _WHO.search(text) and has_kind:
        return Intent.WHO
    if _COUNT.search(text) and has_kind:
        return Intent.COUNT
    if _REMAINING.search(text) and (has_kind or not _COUNT.search(text)):
        return Intent.REMAINING  # (今年年假我还剩几天: something else counted)
    if has_kind and _DONE_CHECK.search(text):
        return Intent.DONE_CHECK
    if has_kind:
        return Intent.DONE_CHECK
    return Intent.OTHER

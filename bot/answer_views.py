"""Answers as the member reads them: a few short lines, the number asked for first, Telegram
HTML with everything the member or the records wrote escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.core.activity import Activity
from bot.core.answers import Answer
from bot.core.formatting import format_day, names_list
from bot.core.people import Member
from bot.core.plan import Plan
from bot.core.progress import Progress, Status
from bot.core.questions import Period
from bot.i18n import t
from bot.views import esc, kind_label

SHOWN = 8  # duties listed in an answer (the soonest due)
GROUP_NAMES = {
    "zh": {"leaders": "班子成员", "deputies": "副局长", "dept_heads": "科室负责人"},
    "en": {
        "leaders": "the leadership",
        "deputies": "the deputies",
        "dept_heads": "department heads",
    },
}


def period_text(period: Period, lang: str) -> str:
    if period.name == "month":
        return t(
            lang,
            "answer.period.month",
            month=format_day(period.start, lang)[:-2]
            if lang != "en"
            else period.start.strftime("%B"),
        )
    if period.name == "before":
        return t(lang, "answer.period.before", day=format_day(period.end, lang))
    return t(lang, f"answer.period.{period.name}")


def _whom(answer: Answer, lang: str) -> str:
    subject = answer.question.subject
    if subject.kind == "me":
        return t(lang, "answer.whom.me")
    if subject.kind == "person" and subject.member is not None:
        return esc(subject.member.name)
    if subject.kind == "department" and subject.department:
        return esc(subject.department)
    if subject.kind == "group" and subject.group:
        return GROUP_NAMES["en" if lang == "en" else "zh"][subject.group]
    return t(lang, "answer.whom.unit")


def _what(answer: Answer, plan: Plan, lang: str) -> str:
    kinds = answer.question.kinds
    if not kinds:
        return t(lang, "answer.what.any")
    joiner = "、" if lang != "en" else ", "
    return joiner.join(esc(kind_label(plan, k, lang)) for k in kinds)


def _title(progress: Progress, lang: str, holder: bool = True) -> str:
    title = progress.obligation.title.in_(lang)
    if progress.holder is not None and holder:
        return (
            f"{esc(progress.holder.name)}·{esc(title)}"
            if lang != "en"
            else f"{esc(progress.holder.name)}: {esc(title)}"
        )
    return esc(title)


def _standing_line(progress: Progress, lang: str, holder: bool = True) -> str:
    """One duty: done of target, what is left, the pace, the due day (with whose duty it is
    unless the answer is about one person)."""
    due = format_day(progress.due, lang)
    if progress.target == 1 and progress.done == 0 and progress.status is not Status.DONE:
        return t(lang, "answer.due_line", title=_title(progress, lang, holder), due=due)
    if progress.target is None:  # a rule: how many records break it
        if progress.breaches:
            return t(
                lang,
                "answer.rule_broken",
                title=_title(progress, lang, holder),
                count=progress.breaches,
            )
        return t(
            lang, "answer.rule_kept", title=_title(progress, lang, holder), count=progress.done
        )
    if progress.status is Status.DONE:
        return t(
            lang,
            "answer.done_line",
            title=_title(progress, lang, holder),
            done=progress.done,
            target=progress.target,
        )
    line = t(
        lang,
        "answer.open_line",
        title=_title(progress, lang, holder),
        done=progress.done,
        left=progress.remaining,
        target=progress.target,
        due=due,
    )
    if progress.expected is not None and progress.status is Status.BEHIND:
        line += t(lang, "answer.pace", expected=progress.expected)
    if progress.missing and holder:
        line += t(lang, "answer.missing", names=esc(names_list(list(progress.missing), lang)))
    return line


def _record_line(
    activity: Activity,
    plan: Plan,
    people: dict[int, Member],
    lang: str,
    *,
    names: bool,
    kind: bool = True,
    logged_by: bool = False,
) -> str:
    """• 6月8日 李明（吴强代记）：向党组报告了分管领域…"""
    parts = [format_day(activity.happened_on, lang)]
    if kind:
        parts.append(esc(kind_label(plan, activity.kind, lang)))
    who = people.get(activity.member_id)
    by = people.get(activity.logged_by_id or activity.member_id)
    if names and who is not None:
        parts.append(esc(who.name))
    line = " ".join(parts)
    if not (names or logged_by):  # whom the asker may not see: the day and the kind only
        return "• " + " ".join(
            [format_day(activity.happened_on, lang), esc(kind_label(plan, activity.kind, lang))]
        )
    if by is not None and who is not None and by.id != who.id:
        line += t(lang, "answer.logged_by", name=esc(by.name))
    text = esc(_short(activity.text))
    if text:
        line += f"：{text}" if lang != "en" else f": {text}"
    return "• " + line


def _short(text: str, most: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def answer_text(
    answer: Answer, plan: Plan, roster: Sequence[Member], lang: str, today: dt.date
) -> str:
    """The answer in the member's language."""
    people = {m.id: m for m in roster}
    question = answer.question
    whom = _whom(answer, lang)
    what = _what(answer, plan, lang)
    period = period_text(question.period, lang)
    many = len(question.kinds) != 1  # the kind of each record is said unless one was asked
    whom_many = question.subject.kind not in ("me", "person") and answer.names
    if answer.shape == "refused":
        return t(lang, "answer.refused")
    if answer.shape == "other":
        return t(lang, "answer.other")
    if answer.shape == "remaining_view":  # (the chat shows /remaining itself)
        return t(lang, "answer.remaining_view")
    if answer.shape == "last":
        if not answer.records:
            return t(lang, "answer.last_none", what=what, period=period)
        head = t(
            lang,
            "answer.last",
            what=what,
            day=format_day(answer.records[0].happened_on, lang, weekday=True),
        )
        line = _record_line(answer.records[0], plan, people, lang, names=answer.names, kind=many)
        return head + "\n" + line
    if answer.shape == "records":
        if not answer.records:
            return t(lang, "answer.records_none", whom=whom, period=period, what=what)
        lines = [t(lang, "answer.records", whom=whom, period=period, count=answer.total)]
        lines += [
            _record_line(
                a,
                plan,
                people,
                lang,
                names=answer.names and whom_many,
                kind=many,
                logged_by=answer.names,
            )
            for a in answer.records
        ]
        if answer.total > len(answer.records):
            lines.append(t(lang, "answer.more", count=answer.total - len(answer.records)))
        return "\n".join(lines)
    if answer.shape in ("due", "remaining"):
        if not answer.progress:
            key = "answer.due_none" if answer.shape == "due" else "answer.remaining_none"
            text = t(lang, key, period=period, whom=whom)
            if answer.next_due is not None:
                following = answer.next_due
                text += "\n" + t(
                    lang,
                    "answer.next_due",
                    title=_title(following, lang, whom_many),
                    due=format_day(following.due, lang),
                )
            return text
        key = "answer.due" if answer.shape == "due" else "answer.remaining"
        lines = [t(lang, key, period=period, whom=whom)]
        lines += ["• " + _standing_line(p, lang, whom_many) for p in answer.progress[:SHOWN]]
        return "\n".join(lines)
    if answer.shape == "who":
        return _who_text(answer, plan, lang, what, period)
    if answer.shape == "count":
        return _count_text(answer, lang, whom, what, period, whom_many)
    return _done_text(answer, plan, people, lang, whom, what, period)


def _count_text(answer: Answer, lang: str, whom: str, what: str, period: str, holder: bool) -> str:
    lines = []
    if answer.question.period.name in ("year", "before") and answer.progress:
        lines += [_standing_line(p, lang, holder) for p in answer.progress]
    else:
        lines.append(
            t(lang, "answer.count", whom=whom, period=period, what=what, count=answer.total)
        )
    return "\n".join(lines)


def _done_text(
    answer: Answer,
    plan: Plan,
    people: dict[int, Member],
    lang: str,
    whom: str,
    what: str,
    period: str,
) -> str:
    if answer.total:
        lines = [t(lang, "answer.yes", whom=whom, what=what, period=period, count=answer.total)]
        one = answer.question.subject.kind in ("me", "person")
        many = len(answer.question.kinds) != 1
        lines += [
            _record_line(
                a,
                plan,
                people,
                lang,
                names=answer.names and not one,
                kind=many,
                logged_by=answer.names,
            )
            for a in answer.records
        ]
        return "\n".join(lines)
    lines = [t(lang, "answer.not_yet", whom=whom, what=what, period=period)]
    lines += [
        "• " + _standing_line(p, lang, False)
        for p in answer.progress
        if p.status is not Status.DONE
    ]
    return "\n".join(lines)


def _who_text(answer: Answer, plan: Plan, lang: str, what: str, period: str) -> str:
    done, pending = list(answer.done), list(answer.pending)
    negative = answer.question.negative
    if not answer.names:
        if pending or negative:
            return t(lang, "answer.who_counts", what=what, done=len(done), pending=len(pending))
        return t(lang, "answer.who_counts_done", what=what, done=len(done), period=period)
    lines = []
    first = (
        [("pending", pending), ("done", done)]
        if negative
        else [("done", done), ("pending", pending)]
    )
    for index, (key, members) in enumerate(first):
        if index and not members:
            continue  # the second list only when it names someone
        if members:
            names = esc(names_list([m.name for m in members], lang))
            lines.append(
                t(
                    lang,
                    f"answer.who_{key}",
                    what=what,
                    count=len(members),
                    names=names,
                    period=period,
                )
            )
        else:
            lines.append(t(lang, f"answer.who_{key}_nobody", what=what, period=period))
    return "\n".join(lines)

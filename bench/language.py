"""How well the reader gets reports right: the development table and the held-out file.

tests/data/parser_cases.tsv was written alongside the parser, and
tests/data/development_chat*.tsv from the plan and the roster by five people who never read the
parser; the parser is tuned against them. tests/data/heldout_reports.tsv (dates, on behalf),
tests/data/heldout_wording.tsv (typos, paraphrases, English, not reports), heldout_chat.tsv,
heldout_chat2.tsv and heldout_chat3.tsv (the eight kinds of miss of issue 15, attributes
checked) were written apart from it (from DESIGN.md, the plan and the roster alone) and the
parser is never tuned against them. A case is right when its kind, its day and the person it
is logged for are all right (and, in the chat files, its attribute); a day marked `?` is right
when the reader says it must ask.

    python -m bench.language          # one JSON line: each file, per category
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

from bot.core.parser import Reading, Recogniser
from bot.core.people import Member, person_named
from bot.core.plan import Plan, load_plan, shipped_plan_path
from bot.core.roster import as_members, parse_roster

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
DEVELOPMENT_CHAT = tuple(f"development_chat{n}.tsv" for n in ("", "2", "3", "4", "5", "6"))
ROSTER = Path(__file__).resolve().parents[1] / "examples" / "roster.csv"
TODAY = dt.date(2022, 6, 15)


def rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def right(
    reading: Reading,
    kind: str,
    day: str,
    behalf: str,
    people: list[Member],
    attribute: str | None = None,
) -> bool:
    """Kind, day and for whom all right; and the attribute, where the file gives one."""
    if kind == "-":
        return not reading.is_report
    if attribute is not None:
        expected = None if attribute == "-" else tuple(attribute.split("=", 1))
        if reading.attribute != expected:
            return False
    kinds = set(kind.split("|"))
    kind_ok = reading.kind in kinds if len(kinds) == 1 else set(reading.candidates) == kinds
    if day == "?":
        day_ok = reading.day_question is not None
    elif day.startswith("~"):
        day_ok = reading.day == dt.date.fromisoformat(day[1:]) and reading.day_assumed
    else:
        day_ok = reading.day == dt.date.fromisoformat(day) and reading.day_question is None
    named = person_named(reading.on_behalf_of, people) if reading.on_behalf_of else None
    behalf_ok = (named.name if named else None) == (None if behalf == "-" else behalf)
    return kind_ok and day_ok and behalf_ok


Case = tuple[str, str, str, str, str, str | None]  # text, kind, day, behalf, category, attribute


def score(recogniser: Recogniser, cases: list[Case], people: list[Member]) -> dict[str, str]:
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for text, kind, day, behalf, category, attribute in cases:
        readings = recogniser.read_message(text, TODAY, people)
        total[category] += 1
        good[category] += len(readings) == 1 and right(
            readings[0], kind, day, behalf, people, attribute
        )
    figures = {c: f"{good[c]}/{total[c]}" for c in sorted(total)}
    figures["all"] = f"{sum(good.values())}/{sum(total.values())}"
    return figures


def roster_people(plan: Plan) -> list[Member]:
    """The example roster, as the bot reads names against it."""
    text = ROSTER.read_text(encoding="utf-8")
    return as_members(parse_roster(text, path=str(ROSTER), roles=plan.roles))


def chat_cases(name: str) -> list[Case]:
    """text, kind, date, attribute, behalf, category: the chat files, attribute checked."""
    if not (DATA / name).exists():
        return []
    return [(r[0], r[1], r[2], r[4], r[5], r[3]) for r in rows(name)]


def main() -> None:
    recogniser = Recogniser(load_plan(shipped_plan_path()))
    plan = recogniser.plan
    people = roster_people(plan)
    development: list[Case] = [
        (r[0], r[1], r[2], "-", "development", None) for r in rows("parser_cases.tsv")
    ]
    held_out: list[Case] = [(*r[:5], None) for r in rows("heldout_reports.tsv")]  # type: ignore[misc]
    wording: list[Case] = [(*r[:5], None) for r in rows("heldout_wording.tsv")]  # type: ignore[misc]
    result = {
        "name": "language",
        "development": score(recogniser, development, people),
        "development_chat": score(recogniser, chat_cases("development_chat.tsv"), people),
        "development_chat2": score(recogniser, chat_cases("development_chat2.tsv"), people),
        "development_chat3": score(recogniser, chat_cases("development_chat3.tsv"), people),
        "development_chat4": score(recogniser, chat_cases("development_chat4.tsv"), people),
        "development_chat5": score(recogniser, chat_cases("development_chat5.tsv"), people),
        "development_chat6": score(recogniser, chat_cases("development_chat6.tsv"), people),
        "held_out": score(recogniser, held_out, people),
        "held_out_wording": score(recogniser, wording, people),
        "held_out_chat": score(recogniser, chat_cases("heldout_chat.tsv"), people),
        "held_out_chat2": score(recogniser, chat_cases("heldout_chat2.tsv"), people),
        "held_out_chat3": score(recogniser, chat_cases("heldout_chat3.tsv"), people),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
